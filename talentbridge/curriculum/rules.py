"""Plan checks (pure): structural problems that make a plan invalid, and the college's
configurable rules (practice share, credit totals, elective share, hours per credit)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class CourseFacts:
    code: str
    credits: Decimal
    hours_theory: int
    hours_practice: int
    semester: int
    course_type: str


@dataclass(frozen=True, slots=True)
class Problem:
    """A structural problem; ``code`` is stable, ``params`` fill its message."""

    code: str  # duplicate_code | semester_out_of_range | credits_not_positive | credits_mismatch
    params: dict[str, str]


@dataclass(frozen=True, slots=True)
class RuleResult:
    kind: str
    required: Decimal
    actual: Decimal
    passed: bool
    courses: tuple[str, ...] = ()  # per-course rules: the offending courses


def structural_problems(
    courses: Sequence[CourseFacts], *, semesters: int, declared_credits: Decimal | None
) -> list[Problem]:
    problems = [
        Problem("duplicate_code", {"code": code})
        for code, n in sorted(Counter(c.code for c in courses).items())
        if n > 1
    ]
    problems.extend(
        Problem(
            "semester_out_of_range",
            {"code": c.code, "semester": str(c.semester), "semesters": str(semesters)},
        )
        for c in courses
        if not 1 <= c.semester <= semesters
    )
    problems.extend(
        Problem("credits_not_positive", {"code": c.code}) for c in courses if c.credits <= 0
    )
    total = total_credits(courses)
    if declared_credits is not None and total != declared_credits:
        problems.append(
            Problem("credits_mismatch", {"declared": str(declared_credits), "total": str(total)})
        )
    return problems


def total_credits(courses: Iterable[CourseFacts]) -> Decimal:
    return sum((c.credits for c in courses), Decimal(0))


def practice_share(courses: Sequence[CourseFacts]) -> Decimal:
    hours = sum(c.hours_theory + c.hours_practice for c in courses)
    if hours == 0:
        return Decimal(0)
    return (Decimal(sum(c.hours_practice for c in courses)) / hours).quantize(Decimal("0.001"))


def elective_share(courses: Sequence[CourseFacts]) -> Decimal:
    total = total_credits(courses)
    if total == 0:
        return Decimal(0)
    electives = total_credits(c for c in courses if c.course_type == "elective")
    return (electives / total).quantize(Decimal("0.001"))


def _hours_per_credit(course: CourseFacts) -> Decimal:
    if course.credits <= 0:
        return Decimal(0)
    return Decimal(course.hours_theory + course.hours_practice) / course.credits


def check_rules(
    courses: Sequence[CourseFacts], rules: Iterable[tuple[str, Decimal]]
) -> list[RuleResult]:
    """Evaluate each (kind, value) rule; unknown kinds are ignored."""
    results: list[RuleResult] = []
    for kind, value in rules:
        if kind == "min_practice_share":
            actual = practice_share(courses)
            results.append(RuleResult(kind, value, actual, actual >= value))
        elif kind == "min_elective_share":
            actual = elective_share(courses)
            results.append(RuleResult(kind, value, actual, actual >= value))
        elif kind in ("min_total_credits", "max_total_credits"):
            actual = total_credits(courses)
            passed = actual >= value if kind.startswith("min") else actual <= value
            results.append(RuleResult(kind, value, actual, passed))
        elif kind in ("min_hours_per_credit", "max_hours_per_credit"):
            low = kind.startswith("min")
            bad = tuple(
                c.code
                for c in courses
                if c.credits > 0
                and (_hours_per_credit(c) < value if low else _hours_per_credit(c) > value)
            )
            ratios = [_hours_per_credit(c) for c in courses if c.credits > 0] or [Decimal(0)]
            actual = (min(ratios) if low else max(ratios)).quantize(Decimal("0.01"))
            results.append(RuleResult(kind, value, actual, not bad, bad))
    return results
