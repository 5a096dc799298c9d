"""Provider hooks: how credentials reads evidence, target profiles, demand, works and courses
from its siblings (projects, curriculum, competitions, careers, demand) without importing them
(ADR 0007). A provider is a plain function returning plain data. Resolution: a function
registered in-process (``register(kind, fn)``: tests, benchmarks) → the dotted path(s) in
``settings.TALENTBRIDGE_CREDENTIALS_PROVIDERS[kind]`` → none (pages say "no data").
A dotted path whose module does not exist (a sibling not installed) counts as none.

Contracts (all ids are strings; dates ISO ``YYYY-MM-DD``):

``evidence`` (a list of providers): ``fn(*, since: datetime | None) -> list[dict]`` — the
judgements recorded after ``since`` (all when None), each an **evidence record**::

    {"source": "projects" | "competitions" | "courses" | "exams" | "internships",
     "source_ref": "stable id of this judgement in the source (unique per source)",
     "student_id": "<user uuid>", "skill": "<taxonomy concept id or ESCO URI>",
     "level": 1..4, "assessor_id": "<user uuid>" | None, "assessor_name": "...",
     "assessor_role": "teacher" | "mentor" | "judge" | "peer" | "exam",
     "organization_id": "<organization uuid>" | None, "context_title": "...",
     "context_url": "/projects/…" (optional), "artefact_url": "...", "artefact_title": "...",
     "occurred_on": "YYYY-MM-DD", "weight": 0 < w <= 10 (optional, default 1)}

The same record shape is what ``talentbridge.credentials.intake.evidence_intake(records=...)``
accepts from a sibling that pushes (careers: internship supervisor evaluations).

``target_profile``: ``fn(*, college_id, major_code) -> {"major": str, "skills": {skill_id:
level 1..4}, "source": str}`` or None — the skills a major's current training plan targets.

``demand``: the curriculum demand contract (``talentbridge.curriculum.providers``):
``fn(*, actor, region, month_from, month_to) -> {"skills": {skill_id: {month: n}}, "postings":
{month: n}, "source": str, ...}``.

``works`` (a list): ``fn(*, student_id) -> list[{"kind": "projects" | "competitions", "title",
"url", "description", "source_refs": [evidence source_ref, ...]}]`` — the student's delivered
works, for the portfolio.

``courses``: ``fn(*, college_id, q) -> list[{"id", "name", "code", "credits"}]`` — a college's
courses by name, for credit-bank exemptions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils.module_loading import import_string

KINDS = ("evidence", "target_profile", "demand", "works", "courses")
MULTI = frozenset({"evidence", "works"})
DEMAND_CACHE_SECONDS = 300

_registered: dict[str, list[Callable[..., Any]]] = {}


def register(kind: str, provider: Callable[..., Any] | None, *, replace: bool = True) -> None:
    """Register (or with None, forget) an in-process provider; used before settings."""
    if kind not in KINDS:
        raise ValueError(kind)
    if provider is None:
        _registered.pop(kind, None)
    elif replace or kind not in _registered:
        _registered[kind] = [provider]
    else:
        _registered[kind].append(provider)


def reset() -> None:
    _registered.clear()


def _import(path: str) -> Callable[..., Any] | None:
    try:
        return import_string(path)
    except ImportError:
        return None


def resolve(kind: str) -> list[tuple[str, Callable[..., Any]]]:
    if kind in _registered:
        return [(_name(fn), fn) for fn in _registered[kind]]
    configured = (getattr(settings, "TALENTBRIDGE_CREDENTIALS_PROVIDERS", {}) or {}).get(kind)
    paths = (
        configured if isinstance(configured, list | tuple) else [configured] if configured else []
    )
    found = [(p, fn) for p in paths if (fn := _import(str(p))) is not None]
    return found if kind in MULTI else found[:1]


def _name(fn: Callable[..., Any]) -> str:
    return f"{getattr(fn, '__module__', '')}.{getattr(fn, '__qualname__', '')}"


def evidence_providers() -> list[tuple[str, Callable[..., Any]]]:
    return resolve("evidence")


def target_profile(*, college_id: str, major_code: str) -> dict[str, Any] | None:
    found = resolve("target_profile")
    if not found or not major_code:
        return None
    answer = found[0][1](college_id=college_id, major_code=major_code)
    return answer if isinstance(answer, dict) else None


def demand(*, actor: Any, region: str, months: int = 12) -> dict[str, Any] | None:
    found = resolve("demand")
    if not found:
        return None
    today = dt.date.today()
    start = (today.replace(day=1) - dt.timedelta(days=31 * (months - 1))).strftime("%Y-%m")
    key = f"credentials:demand:{found[0][0]}:{getattr(actor, 'pk', '')}:{region}:{start}"
    cached = cache.get(key)
    if isinstance(cached, dict):
        return cached
    answer = found[0][1](
        actor=actor, region=region, month_from=start, month_to=today.strftime("%Y-%m")
    )
    if not isinstance(answer, dict):
        return None
    cache.set(key, answer, DEMAND_CACHE_SECONDS)
    return answer


def works(*, student_id: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for _path, fn in resolve("works"):
        out.extend(w for w in fn(student_id=student_id) if isinstance(w, dict))
    return out


def courses(*, college_id: str, q: str = "") -> list[dict[str, Any]]:
    found = resolve("courses")
    if not found:
        return []
    return [c for c in found[0][1](college_id=college_id, q=q) if isinstance(c, dict)]
