"""The evidence-intake hook siblings push to (ADR 0007). Careers plugs it in as its
evidence sink: ``settings.TALENTBRIDGE_CAREERS_PROVIDERS["evidence_sink"] =
"talentbridge.credentials.intake.evidence_intake"``.

``evidence_intake(*, records: list[dict]) -> {"added": int, "duplicates": int, "refused":
[{"index": int, "errors": {field: [message]}}]}`` — each record is the plain-data evidence
record of ``talentbridge.credentials.providers`` (source "internships" for careers). A record
already received (same source and source_ref) is a duplicate, so pushing again is safe.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from talentbridge.credentials.services.ledger import evidence_intake as _intake


def evidence_intake(*, records: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    result = _intake(records=records)
    return {
        "added": result.added,
        "duplicates": result.duplicates,
        "refused": [{"index": i, "errors": e} for i, e in result.refused],
    }
