"""Writes of the demand app: sources, ingest runs (the pipeline), semantic tagging, supply.

The ingest pipeline works on partitions of ``CHUNK_ROWS`` rows (``ingest/partitions.py``).
Pure steps, in this process or on Dask workers: read -> map -> raw-row key -> normalize
(rejects with row number and code) -> lexical skill tags. Then here, per partition in file
order and in one transaction: skip rows already sighted (same source, same raw row) -> exact
duplicate (content hash) / near duplicate (MinHash within employer and city) -> insert
postings, sightings, re-post counters -> aggregates (+= in the database) -> warehouse Parquet
(published on commit) -> the run's counters and ``committed_partitions`` (the ledger).
A killed run leaves only whole committed partitions; running it again continues after them.
"""

from talentbridge.demand.services.runs import (
    run_create,
    run_execute,
    run_unfinished,
    warehouse_reconcile,
)
from talentbridge.demand.services.sources import (
    source_create,
    source_get_or_create_for_cli,
    source_update,
)
from talentbridge.demand.services.supply import (
    SUPPLY_ERROR_MESSAGES,
    SUPPLY_HEADERS,
    SupplyImportResult,
    supply_batch_revert,
    supply_import,
)
from talentbridge.demand.services.tagging import semantic_tagging_pass
from talentbridge.demand.services.uploads import (
    DEFAULT_MAX_UPLOAD_BYTES,
    FILE_ERROR_MESSAGES,
    MAPPING_ERROR_MESSAGES,
    ROW_ERROR_MESSAGES,
    check_upload_size,
    max_upload_bytes,
)

__all__ = [
    "DEFAULT_MAX_UPLOAD_BYTES",
    "FILE_ERROR_MESSAGES",
    "MAPPING_ERROR_MESSAGES",
    "ROW_ERROR_MESSAGES",
    "SUPPLY_ERROR_MESSAGES",
    "SUPPLY_HEADERS",
    "SupplyImportResult",
    "check_upload_size",
    "max_upload_bytes",
    "run_create",
    "run_execute",
    "run_unfinished",
    "semantic_tagging_pass",
    "source_create",
    "source_get_or_create_for_cli",
    "source_update",
    "supply_batch_revert",
    "supply_import",
    "warehouse_reconcile",
]
