"""Provider hooks: how curriculum gets labour-market demand and enterprise briefs without
importing its sibling apps ``demand`` and ``projects`` (DESIGN.md layering).

A provider is a plain function that returns plain data (dicts, lists, ints, strings), so the
app that implements it needs nothing from curriculum either. Resolution order:

1. a function registered in-process with ``register_demand_provider`` /
   ``register_brief_provider`` (tests, benchmarks, an integration app's ``ready()``);
2. the dotted path in ``settings.TALENTBRIDGE_CURRICULUM_PROVIDERS["demand" | "briefs"]``;
3. none: alignment then reports "no demand data" instead of failing.

Demand provider: ``fn(*, actor, region, month_from, month_to) -> dict`` with keys
``months`` (list of "YYYY-MM"), ``postings`` ({month: new postings}), ``skills``
({skill_id: {month: postings asking for it}}), ``occupations`` ({occupation code:
{"postings": n, "skills": {skill_id: n}}}, optional), ``salary`` (optional: monthly salary
in CNY of the postings in the region and period, ``{"postings": n, "p25": x, "p50": x,
"p75": x}``) and ``source`` (a short description shown next to every figure).
Brief provider: ``fn(*, actor, skill_ids) -> list[dict]`` with
keys ``id``, ``title``, ``organization``, ``url``, ``skill_ids``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils.module_loading import import_string

from talentbridge.curriculum.adapters import canonical_skill

DemandProvider = Callable[..., Mapping[str, Any]]
BriefProvider = Callable[..., Sequence[Mapping[str, Any]]]
CACHE_SECONDS = 300

_registered: dict[str, Callable[..., Any]] = {}


def register_demand_provider(provider: DemandProvider | None) -> None:
    _register("demand", provider)


def register_brief_provider(provider: BriefProvider | None) -> None:
    _register("briefs", provider)


def _register(kind: str, provider: Callable[..., Any] | None) -> None:
    if provider is None:
        _registered.pop(kind, None)
    else:
        _registered[kind] = provider


def _resolve(kind: str) -> Callable[..., Any] | None:
    if kind in _registered:
        return _registered[kind]
    configured = getattr(settings, "TALENTBRIDGE_CURRICULUM_PROVIDERS", {}) or {}
    path = configured.get(kind)
    return import_string(path) if path else None


@dataclass(frozen=True)
class DemandQuery:
    region: str
    month_from: str
    month_to: str


@dataclass(frozen=True)
class OccupationDemand:
    postings: int
    skills: dict[str, int]


@dataclass(frozen=True)
class SalaryFigures:
    """Monthly salary (CNY) quartiles of the postings that state one."""

    postings: int
    p25: float
    p50: float
    p75: float


def _salary(raw: Any) -> SalaryFigures | None:
    if not isinstance(raw, Mapping):
        return None
    try:
        figures = SalaryFigures(
            int(raw["postings"]), float(raw["p25"]), float(raw["p50"]), float(raw["p75"])
        )
    except (KeyError, TypeError, ValueError):
        return None
    return figures if figures.postings > 0 else None


@dataclass(frozen=True)
class DemandFigures:
    available: bool
    source: str = ""
    months: tuple[str, ...] = ()
    postings: dict[str, int] = field(default_factory=dict)
    skills: dict[str, dict[str, int]] = field(default_factory=dict)
    occupations: dict[str, OccupationDemand] = field(default_factory=dict)
    salary: SalaryFigures | None = None

    @property
    def total_postings(self) -> int:
        return sum(self.postings.values())

    def skill_total(self, skill_id: str) -> int:
        return sum(self.skills.get(skill_id, {}).values())


def figures_from_payload(payload: Mapping[str, Any]) -> DemandFigures:
    """Validate a provider's answer. Two spellings of one concept (extension id and the ESCO
    URI it maps to) are merged by taking the larger count per month: a posting tagged with
    both must not count twice."""
    postings = {str(m): int(n) for m, n in dict(payload.get("postings", {})).items()}
    skills: dict[str, dict[str, int]] = {}
    for raw_id, by_month in dict(payload.get("skills", {})).items():
        target = skills.setdefault(canonical_skill(str(raw_id)), {})
        for month, count in dict(by_month).items():
            target[str(month)] = max(target.get(str(month), 0), int(count))
    occupations: dict[str, OccupationDemand] = {}
    for code, entry in dict(payload.get("occupations", {}) or {}).items():
        merged: dict[str, int] = {}
        for raw_id, count in dict(entry.get("skills", {})).items():
            cid = canonical_skill(str(raw_id))
            merged[cid] = max(merged.get(cid, 0), int(count))
        occupations[str(code)] = OccupationDemand(int(entry.get("postings", 0)), merged)
    months = tuple(sorted({str(m) for m in payload.get("months", ())} | set(postings)))
    return DemandFigures(
        True,
        str(payload.get("source", "")),
        months,
        postings,
        skills,
        occupations,
        _salary(payload.get("salary")),
    )


def demand_figures(*, actor: Any, query: DemandQuery) -> DemandFigures:
    """Demand for skills in a region and period, from the configured provider (cached)."""
    provider = _resolve("demand")
    if provider is None:
        return DemandFigures(available=False)
    key = _cache_key(provider, actor, query)
    cached = cache.get(key)
    if isinstance(cached, DemandFigures):
        return cached
    figures = figures_from_payload(
        provider(
            actor=actor, region=query.region, month_from=query.month_from, month_to=query.month_to
        )
    )
    cache.set(key, figures, CACHE_SECONDS)
    return figures


def _cache_key(provider: Callable[..., Any], actor: Any, query: DemandQuery) -> str:
    who = str(getattr(actor, "pk", "") or "anonymous")
    name = f"{getattr(provider, '__module__', '')}.{getattr(provider, '__qualname__', '')}"
    raw = f"{name}|{id(provider)}|{who}|{query.region}|{query.month_from}|{query.month_to}"
    return "curriculum:demand:" + hashlib.sha256(raw.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class BriefRef:
    id: str
    title: str
    organization: str
    url: str
    skill_ids: tuple[str, ...]


def briefs_covering(*, actor: Any, skill_ids: Sequence[str]) -> list[BriefRef]:
    """Enterprise briefs / propositions that exercise any of the skills (may be empty)."""
    provider = _resolve("briefs")
    if provider is None or not skill_ids:
        return []
    return [
        BriefRef(
            str(row.get("id", "")),
            str(row.get("title", "")),
            str(row.get("organization", "")),
            str(row.get("url", "")),
            tuple(dict.fromkeys(canonical_skill(str(s)) for s in row.get("skill_ids", ()))),
        )
        for row in provider(actor=actor, skill_ids=list(skill_ids))
    ]
