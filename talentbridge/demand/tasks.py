"""Background tasks of the demand app (thin wrappers over services)."""

from __future__ import annotations

from django_tasks import task

from talentbridge.demand import services


@task(queue_name="ingest")
def ingest_run_task(run_id: str) -> dict[str, int]:
    """Import an uploaded file; re-running after a crash continues without double counting."""
    return services.run_execute(run_id=run_id).summary()


@task(queue_name="extraction")
def semantic_tagging_task(batch_size: int = 256, limit: int = 0) -> int:
    """Add semantic skill tags to postings not yet semantically tagged (resumable)."""
    return services.semantic_tagging_pass(batch_size=batch_size, limit=limit or None)
