"""Alignment and gap analysis of a plan against labour-market demand (pure calculation).

Definitions (every figure in the report is one of these, so it can be explained):

- demanded skills D: the ``top_k`` skills with the most postings in the period, ignoring
  skills asked for by fewer than ``min_postings`` postings;
- weight w(s) = postings(s) / Σ_{t∈D} postings(t), so the weights of D sum to 1;
- coverage c(s) = the highest level at which any course teaches s: 了解 = 1/3, 掌握 = 2/3,
  熟练 = 1, not taught = 0;
- score = Σ_{s∈D} w(s)·c(s) ∈ [0, 1] (demand-weighted coverage, depth-aware);
  breadth = Σ_{s∈D, c(s)>0} w(s) (share of demand touched at any level);
- trend of s: the months of the period are split into an earlier and a later half (the middle
  month of an odd count is left out); the share of postings asking for s in each half is
  compared with a two-proportion z-test; rising/declining = p < ``significance`` and at least
  ``min_postings`` postings in one half;
- gap = s ∈ D and c(s) = 0; weak = s ∈ D and c(s) = 1/3; strength = taught and rising;
  obsolete = taught and declining (whether or not in D).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from talentbridge.core.stats import two_proportion_z

LEVEL_COVERAGE: Mapping[str, Fraction] = {
    "aware": Fraction(1, 3),
    "master": Fraction(2, 3),
    "proficient": Fraction(1),
}


@dataclass(frozen=True, slots=True)
class Teaching:
    """One course teaching one skill at a level."""

    course_code: str
    course_name: str
    skill_id: str
    level: str


@dataclass(frozen=True, slots=True)
class Params:
    top_k: int = 40
    min_postings: int = 5
    significance: float = 0.05


@dataclass(frozen=True, slots=True)
class Trend:
    earlier: int
    later: int
    earlier_share: float
    later_share: float
    z: float
    p_value: float
    direction: str  # rising | declining | stable | unknown


@dataclass(frozen=True, slots=True)
class SkillRow:
    skill_id: str
    postings: int
    share: float  # postings(s) / all postings in the period
    weight: float  # w(s) within the demanded set (0 when not demanded)
    coverage: float
    contribution: float  # w(s)·c(s)
    status: str  # gap | weak | covered | not_demanded
    trend: Trend
    courses: tuple[Teaching, ...]


@dataclass(frozen=True, slots=True)
class OccupationRow:
    code: str
    postings: int
    score: float
    breadth: float
    gaps: tuple[str, ...]
    skills: tuple[SkillRow, ...]


@dataclass(frozen=True)
class DemandInput:
    months: tuple[str, ...]
    postings: Mapping[str, int]  # month -> postings
    skills: Mapping[str, Mapping[str, int]]  # skill -> month -> postings
    occupations: Mapping[str, tuple[int, Mapping[str, int]]] = field(default_factory=dict)


@dataclass(frozen=True)
class Alignment:
    total_postings: int
    earlier_months: tuple[str, ...]
    later_months: tuple[str, ...]
    score: float
    breadth: float
    demanded: tuple[SkillRow, ...]
    taught_only: tuple[SkillRow, ...]  # taught but not in the demanded set
    occupations: tuple[OccupationRow, ...]

    @property
    def gaps(self) -> list[SkillRow]:
        return [r for r in self.demanded if r.status == "gap"]

    @property
    def weak(self) -> list[SkillRow]:
        return [r for r in self.demanded if r.status == "weak"]

    @property
    def strengths(self) -> list[SkillRow]:
        rows = [*self.demanded, *self.taught_only]
        return [r for r in rows if r.courses and r.trend.direction == "rising"]

    @property
    def obsolete(self) -> list[SkillRow]:
        rows = [*self.demanded, *self.taught_only]
        return [r for r in rows if r.courses and r.trend.direction == "declining"]

    def row(self, skill_id: str) -> SkillRow | None:
        return next(
            (r for r in (*self.demanded, *self.taught_only) if r.skill_id == skill_id), None
        )


def coverage_by_skill(teachings: Iterable[Teaching]) -> dict[str, tuple[Fraction, list[Teaching]]]:
    result: dict[str, tuple[Fraction, list[Teaching]]] = {}
    for t in teachings:
        level = LEVEL_COVERAGE.get(t.level, Fraction(0))
        best, courses = result.get(t.skill_id, (Fraction(0), []))
        courses.append(t)
        result[t.skill_id] = (max(best, level), courses)
    return result


def split_halves(months: Iterable[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    ordered = tuple(sorted(set(months)))
    half = len(ordered) // 2
    if half == 0:
        return (), ()
    return ordered[:half], ordered[-half:]


def skill_trend(
    by_month: Mapping[str, int],
    postings: Mapping[str, int],
    halves: tuple[tuple[str, ...], tuple[str, ...]],
    params: Params,
) -> Trend:
    earlier_months, later_months = halves
    if not earlier_months:
        return Trend(0, 0, 0.0, 0.0, 0.0, 1.0, "unknown")
    x1 = sum(by_month.get(m, 0) for m in earlier_months)
    x2 = sum(by_month.get(m, 0) for m in later_months)
    n1 = sum(postings.get(m, 0) for m in earlier_months)
    n2 = sum(postings.get(m, 0) for m in later_months)
    z, p = two_proportion_z(x1, n1, x2, n2)
    direction = "stable"
    if p < params.significance and max(x1, x2) >= params.min_postings:
        direction = "rising" if z > 0 else "declining"
    return Trend(x1, x2, x1 / n1 if n1 else 0.0, x2 / n2 if n2 else 0.0, z, p, direction)


def demanded_set(counts: Mapping[str, int], params: Params) -> list[tuple[str, int]]:
    """The ``top_k`` skills by postings (ties by id), each with ≥ ``min_postings``."""
    eligible = [(s, n) for s, n in counts.items() if n >= params.min_postings]
    eligible.sort(key=lambda item: (-item[1], item[0]))
    return eligible[: params.top_k]


def _status(coverage: Fraction, demanded: bool) -> str:
    if not demanded:
        return "not_demanded"
    if coverage == 0:
        return "gap"
    return "weak" if coverage <= LEVEL_COVERAGE["aware"] else "covered"


def align(
    teachings: Iterable[Teaching], demand: DemandInput, params: Params = Params()
) -> Alignment:
    taught = coverage_by_skill(teachings)
    total = sum(demand.postings.get(m, 0) for m in demand.months)
    halves = split_halves(m for m in demand.months if demand.postings.get(m, 0) > 0)
    counts = {
        s: sum(by_month.get(m, 0) for m in demand.months) for s, by_month in demand.skills.items()
    }
    chosen = demanded_set(counts, params)
    chosen_total = sum(n for _, n in chosen)

    def row(skill_id: str, postings: int, weight: float) -> SkillRow:
        coverage, courses = taught.get(skill_id, (Fraction(0), []))
        trend = skill_trend(demand.skills.get(skill_id, {}), demand.postings, halves, params)
        return SkillRow(
            skill_id=skill_id,
            postings=postings,
            share=postings / total if total else 0.0,
            weight=weight,
            coverage=float(coverage),
            contribution=weight * float(coverage),
            status=_status(coverage, weight > 0),
            trend=trend,
            courses=tuple(sorted(courses, key=lambda t: (t.course_code, t.level))),
        )

    demanded = tuple(row(s, n, n / chosen_total) for s, n in chosen)
    chosen_ids = {s for s, _ in chosen}
    taught_only = tuple(
        row(s, counts.get(s, 0), 0.0) for s in sorted(taught) if s not in chosen_ids
    )
    occupations = tuple(
        _occupation_row(code, n, skills, taught, params)
        for code, (n, skills) in sorted(demand.occupations.items(), key=lambda i: (-i[1][0], i[0]))
    )
    return Alignment(
        total_postings=total,
        earlier_months=halves[0],
        later_months=halves[1],
        score=sum(r.contribution for r in demanded),
        breadth=sum(r.weight for r in demanded if r.coverage > 0),
        demanded=demanded,
        taught_only=taught_only,
        occupations=occupations,
    )


def _occupation_row(
    code: str,
    postings: int,
    skills: Mapping[str, int],
    taught: Mapping[str, tuple[Fraction, list[Teaching]]],
    params: Params,
) -> OccupationRow:
    chosen = demanded_set(skills, params)
    chosen_total = sum(n for _, n in chosen)
    rows = []
    for skill_id, n in chosen:
        coverage, courses = taught.get(skill_id, (Fraction(0), []))
        weight = n / chosen_total
        rows.append(
            SkillRow(
                skill_id,
                n,
                n / postings if postings else 0.0,
                weight,
                float(coverage),
                weight * float(coverage),
                _status(coverage, True),
                Trend(0, 0, 0.0, 0.0, 0.0, 1.0, "unknown"),
                tuple(courses),
            )
        )
    return OccupationRow(
        code=code,
        postings=postings,
        score=sum(r.contribution for r in rows),
        breadth=sum(r.weight for r in rows if r.coverage > 0),
        gaps=tuple(r.skill_id for r in rows if r.status == "gap"),
        skills=tuple(rows),
    )
