"""Competency profile: how judgements become one level and one confidence per skill, and how
a credential template's rules are checked — pure functions over plain evidence, so every
number can be explained down to the records it came from.

The rules (``Policy``; shown on the profile page as written here):

1. **Current records only.** A record that a later correction supersedes does not count; a
   correction with level 0 withdraws the record it corrects.
2. **One voice per assessor.** Per skill, each assessor counts once: their most recent record.
   An examination counts as one assessor per certificate.
3. **Recency decay.** A record's weight halves every ``half_life_days`` (default 2 years):
   ``w = weight × 0.5^(age / half-life)``. Peers count at ``peer_factor`` (0.5).
4. **Level** = the decayed-weight mean of the assessors' levels (1 basic … 4 expert).
5. **Confirmed** when at least ``min_assessors`` (2) independent assessors judged the skill and
   at least one of them is from an enterprise (an enterprise mentor, or a judge or assessor
   whose organization is an enterprise). Peers are not independent assessors.
6. **Confidence** = ``1 − 0.5^(sum of decayed weights)``, halved when not confirmed, so one
   fresh teacher judgement gives 0.25, a teacher and an enterprise mentor 0.75, more and
   fresher evidence approaches 1.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Policy:
    half_life_days: int = 730
    min_assessors: int = 2
    require_enterprise: bool = True
    peer_factor: float = 0.5


DEFAULT_POLICY = Policy()


@dataclass(frozen=True)
class Judgement:
    id: str
    skill_id: str
    level: int
    assessor_key: str  # who: user id, or name for external assessors, or exam:<certificate>
    assessor_role: str
    organization_kind: str
    occurred_on: dt.date
    weight: float
    supersedes_id: str | None = None
    source: str = ""
    context_title: str = ""


@dataclass
class Counted:
    judgement: Judgement
    decayed_weight: float
    counted: bool
    reason: str  # code: counted, superseded, withdrawn, older_from_same_assessor


@dataclass
class SkillResult:
    skill_id: str
    level: float
    confidence: float
    confirmed: bool
    assessors: int
    enterprise_assessors: int
    weight_sum: float
    records: list[Counted] = field(default_factory=list)

    @property
    def counted(self) -> list[Counted]:
        return [c for c in self.records if c.counted]


def is_enterprise(j: Judgement) -> bool:
    return j.assessor_role == "mentor" or (
        j.assessor_role in ("judge", "teacher", "exam") and j.organization_kind == "enterprise"
    )


def decay(j: Judgement, today: dt.date, policy: Policy) -> float:
    age = max(0, (today - j.occurred_on).days)
    factor = policy.peer_factor if j.assessor_role == "peer" else 1.0
    return j.weight * factor * 0.5 ** (age / policy.half_life_days)


def current(judgements: Sequence[Judgement]) -> tuple[list[Judgement], dict[str, str]]:
    """Drop superseded records and withdrawals; returns the live records and, for each
    dropped id, why (``superseded`` or ``withdrawn``)."""
    superseded = {j.supersedes_id for j in judgements if j.supersedes_id}
    dropped: dict[str, str] = {}
    live: list[Judgement] = []
    for j in judgements:
        if j.id in superseded:
            dropped[j.id] = "superseded"
        elif j.level == 0:
            dropped[j.id] = "withdrawn"
        else:
            live.append(j)
    return live, dropped


def profile(
    judgements: Iterable[Judgement], *, today: dt.date, policy: Policy = DEFAULT_POLICY
) -> dict[str, SkillResult]:
    everything = list(judgements)
    live, dropped = current(everything)
    by_skill: dict[str, list[Judgement]] = {}
    for j in live:
        by_skill.setdefault(j.skill_id, []).append(j)
    results: dict[str, SkillResult] = {}
    for skill_id, items in by_skill.items():
        latest: dict[str, Judgement] = {}
        for j in sorted(items, key=lambda x: (x.occurred_on, x.id)):
            latest[j.assessor_key] = j
        chosen = {j.id for j in latest.values()}
        records = [
            Counted(
                j,
                decay(j, today, policy),
                j.id in chosen,
                "counted" if j.id in chosen else "older_from_same_assessor",
            )
            for j in sorted(items, key=lambda x: (x.occurred_on, x.id), reverse=True)
        ]
        counted = [c for c in records if c.counted]
        weight_sum = sum(c.decayed_weight for c in counted)
        level = sum(c.judgement.level * c.decayed_weight for c in counted) / weight_sum
        independent = [c for c in counted if c.judgement.assessor_role != "peer"]
        enterprise = [c for c in independent if is_enterprise(c.judgement)]
        confirmed = len(independent) >= policy.min_assessors and (
            bool(enterprise) or not policy.require_enterprise
        )
        confidence = 1 - 0.5**weight_sum
        if not confirmed:
            confidence /= 2
        results[skill_id] = SkillResult(
            skill_id=skill_id,
            level=round(level, 2),
            confidence=round(min(confidence, 0.99), 2),
            confirmed=confirmed,
            assessors=len(independent),
            enterprise_assessors=len(enterprise),
            weight_sum=round(weight_sum, 3),
            records=records,
        )
    for j in everything:
        if j.id in dropped and j.skill_id in results:
            results[j.skill_id].records.append(Counted(j, 0.0, False, dropped[j.id]))
    return results


# --- template rules ---------------------------------------------------------------------


@dataclass
class RuleCheck:
    rule: dict[str, Any]
    met: bool
    code: str  # met, level_too_low, not_confirmed, too_few_assessors, no_evidence, ...
    params: dict[str, Any] = field(default_factory=dict)
    evidence_ids: list[str] = field(default_factory=list)


def check_rule(
    rule: dict[str, Any], results: dict[str, SkillResult], live: Sequence[Judgement]
) -> RuleCheck:
    kind = rule.get("kind", "skill")
    if kind == "skill":
        result = results.get(str(rule.get("skill", "")))
        if result is None:
            return RuleCheck(rule, False, "no_evidence")
        ids = [c.judgement.id for c in result.counted]
        params = {"level": result.level, "assessors": result.assessors}
        min_level = float(rule.get("min_level", 1))
        if result.level < min_level:
            return RuleCheck(rule, False, "level_too_low", params | {"min_level": min_level}, ids)
        min_assessors = int(rule.get("min_assessors", 1))
        if result.assessors < min_assessors:
            return RuleCheck(rule, False, "too_few_assessors", params | {"min": min_assessors}, ids)
        if rule.get("confirmed") and not result.confirmed:
            return RuleCheck(rule, False, "not_confirmed", params, ids)
        return RuleCheck(rule, True, "met", params, ids)
    if kind == "evidence":
        source = str(rule.get("source", ""))
        text = str(rule.get("text", ""))
        min_level = int(rule.get("min_level", 1))
        matches = [
            j
            for j in live
            if (not source or j.source == source)
            and (not text or text in j.context_title)
            and j.level >= min_level
        ]
        if not matches:
            return RuleCheck(rule, False, "no_matching_evidence")
        return RuleCheck(rule, True, "met", {"count": len(matches)}, [j.id for j in matches])
    return RuleCheck(rule, False, "unknown_rule")


def check_rules(
    rules: Sequence[dict[str, Any]],
    judgements: Sequence[Judgement],
    *,
    today: dt.date,
    policy: Policy = DEFAULT_POLICY,
) -> tuple[bool, list[RuleCheck]]:
    results = profile(judgements, today=today, policy=policy)
    live, _dropped = current(judgements)
    checks = [check_rule(dict(rule), results, live) for rule in rules]
    return bool(checks) and all(c.met for c in checks), checks
