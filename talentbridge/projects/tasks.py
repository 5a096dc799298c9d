"""Background tasks: thin, idempotent wrappers over services (run them daily)."""

from __future__ import annotations

from django_tasks import task

from talentbridge.projects import services


@task()
def close_stale_briefs() -> int:
    """Open briefs past their application deadline without a team are closed."""
    return services.briefs_close_stale()


@task()
def remind_due_milestones() -> int:
    return services.milestones_remind()
