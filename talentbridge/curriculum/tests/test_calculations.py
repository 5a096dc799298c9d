"""Alignment, recommendations, rules and diff on small examples computed by hand."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest

from talentbridge.core.stats import two_proportion_z
from talentbridge.curriculum.alignment import DemandInput, Params, Teaching, align
from talentbridge.curriculum.diff import CourseSnapshot, diff_plans
from talentbridge.curriculum.recommend import recommend
from talentbridge.curriculum.rules import CourseFacts, check_rules, structural_problems

MONTHS = ("2025-01", "2025-02", "2025-03", "2025-04")
DEMAND = DemandInput(
    months=MONTHS,
    postings=dict.fromkeys(MONTHS, 100),
    skills={
        "A": dict(zip(MONTHS, (40, 40, 60, 60), strict=True)),
        "B": dict(zip(MONTHS, (30, 30, 10, 10), strict=True)),
        "C": dict.fromkeys(MONTHS, 20),
        "D": dict(zip(MONTHS, (2, 1, 1, 1), strict=True)),
        "E": dict(zip(MONTHS, (2, 1, 0, 0), strict=True)),
    },
    occupations={"occ1": (100, {"A": 50, "C": 50})},
)
TEACHING = [
    Teaching("X", "Course X", "A", "master"),
    Teaching("X", "Course X", "B", "aware"),
    Teaching("Y", "Course Y", "A", "proficient"),
    Teaching("Y", "Course Y", "D", "master"),
]
PARAMS = Params(top_k=3, min_postings=5)


def test_score_weights_and_statuses() -> None:
    """Postings: A 200, B 80, C 80, D 5, E 3 (E < min 5 is not eligible). top_k = 3 → D = {A, B, C}
    (B before C by id), Σ = 360, so w(A) = 200/360 = 5/9, w(B) = w(C) = 80/360 = 2/9.
    Coverage: A = max(掌握 2/3, 熟练 1) = 1, B = 了解 1/3, C = 0.
    score = 5/9·1 + 2/9·1/3 + 2/9·0 = 15/27 + 2/27 = 17/27 ≈ 0.629630; breadth = 5/9 + 2/9 = 7/9.
    share(A) = 200 / 400 = 0.5. Statuses: A covered, B weak, C gap; D taught but not demanded."""
    result = align(TEACHING, DEMAND, PARAMS)
    assert [r.skill_id for r in result.demanded] == ["A", "B", "C"]
    weights = {r.skill_id: r.weight for r in result.demanded}
    assert weights["A"] == pytest.approx(5 / 9)
    assert weights["B"] == pytest.approx(2 / 9)
    assert result.score == pytest.approx(17 / 27)
    assert result.breadth == pytest.approx(7 / 9)
    assert result.demanded[0].share == pytest.approx(0.5)
    assert {r.skill_id: r.status for r in result.demanded} == {
        "A": "covered",
        "B": "weak",
        "C": "gap",
    }
    assert [r.skill_id for r in result.gaps] == ["C"]
    assert [(r.skill_id, r.status) for r in result.taught_only] == [("D", "not_demanded")]
    assert {t.course_code for t in result.demanded[0].courses} == {"X", "Y"}


def test_trends_strengths_and_obsolete() -> None:
    """Halves: earlier = Jan+Feb (n1 = 200), later = Mar+Apr (n2 = 200).
    A: 80 → 120, pooled p = 200/400 = 0.5, var = 0.5·0.5·(1/200 + 1/200) = 0.0025, sd 0.05,
    z = (0.6 − 0.4)/0.05 = 4 → rising (taught → strength).
    B: 60 → 20, pooled 0.2, var = 0.16·0.01 = 0.0016, sd 0.04, z = (0.1 − 0.3)/0.04 = −5 →
    declining (taught → obsolete). C: 40 → 40, z = 0 → stable. D: 3 → 2, below 5 → stable."""
    result = align(TEACHING, DEMAND, PARAMS)
    a, b, c = result.demanded
    assert result.earlier_months == ("2025-01", "2025-02")
    assert a.trend.z == pytest.approx(4.0)
    assert a.trend.p_value == pytest.approx(math.erfc(4 / math.sqrt(2)))
    assert b.trend.z == pytest.approx(-5.0)
    assert (a.trend.direction, b.trend.direction, c.trend.direction) == (
        "rising",
        "declining",
        "stable",
    )
    assert result.taught_only[0].trend.direction == "stable"
    assert [r.skill_id for r in result.strengths] == ["A"]
    assert [r.skill_id for r in result.obsolete] == ["B"]


def test_by_occupation() -> None:
    """occ1 asks A 50 and C 50 → weights 1/2 each; c(A) = 1, c(C) = 0 → score 0.5, gap C."""
    (occ,) = align(TEACHING, DEMAND, PARAMS).occupations
    assert occ.score == pytest.approx(0.5)
    assert occ.breadth == pytest.approx(0.5)
    assert occ.gaps == ("C",)


def test_empty_demand_scores_zero() -> None:
    result = align(TEACHING, DemandInput((), {}, {}), PARAMS)
    assert result.score == 0 and not result.demanded and len(result.taught_only) == 3


def test_two_proportion_z_matches_formula() -> None:
    """x1/n1 = 10/100, x2/n2 = 30/100: pooled 0.2, sd = sqrt(0.16·0.02) = 0.05657, z = 3.5355."""
    z, p = two_proportion_z(10, 100, 30, 100)
    assert z == pytest.approx(0.2 / math.sqrt(0.16 * 0.02))
    assert p < 0.001


def test_recommendations() -> None:
    """Areas: A and C in area1, B in area2. Gap C goes to a course teaching an area1 skill: X and
    Y both teach A (one such skill each) → X by code; weight w(C) = 2/9. Weak B → raise level in
    X; declining taught B → revise in X. Certificates: cert1 {C, Z} covers C (2/9); cert2 {B}
    would cover weak B but is already embedded; cert3 {A} covers nothing open."""
    areas = {"A": "area1", "C": "area1", "B": "area2", "D": "area4"}
    result = align(TEACHING, DEMAND, PARAMS)
    recs = recommend(
        result,
        area_of=lambda s: areas.get(s, ""),
        courses=[
            ("X", "Course X", "A"),
            ("X", "Course X", "B"),
            ("Y", "Course Y", "A"),
            ("Y", "Course Y", "D"),
        ],
        certificates=[("cert1", ["C", "Z"]), ("cert2", ["B"]), ("cert3", ["A"])],
        embedded_certificates=["cert2"],
        briefs=[("brief1", ["C"]), ("brief2", ["A"])],
    )
    actions = {(u.course_code, u.action, u.skill_id) for u in recs.course_updates}
    assert actions == {
        ("X", "add_skill", "C"),
        ("X", "raise_level", "B"),
        ("X", "revise_declining", "B"),
    }
    assert all(u.weight == pytest.approx(2 / 9) for u in recs.course_updates)
    assert [(c.id, c.skill_ids) for c in recs.certificates] == [("cert1", ("C",))]
    assert [b.id for b in recs.briefs] == ["brief1"]
    assert recs.modules == ()


def test_gap_without_related_course_becomes_a_module() -> None:
    """C in area3, which no course touches → module 'area3' with C, weight 2/9."""
    areas = {"A": "area1", "C": "area3", "B": "area2"}
    recs = recommend(
        align(TEACHING, DEMAND, PARAMS),
        area_of=lambda s: areas.get(s, ""),
        courses=[("X", "Course X", "A")],
        certificates=[],
    )
    assert [(m.area, m.skill_ids) for m in recs.modules] == [("area3", ("C",))]
    assert recs.modules[0].weight == pytest.approx(2 / 9)


COURSES = [
    CourseFacts("c1", Decimal(2), 16, 16, 1, "professional_core"),
    CourseFacts("c2", Decimal(3), 8, 40, 2, "practice"),
    CourseFacts("c3", Decimal(1), 16, 0, 3, "elective"),
]


def test_rules() -> None:
    """Hours 32 + 48 + 16 = 96, practice 16 + 40 = 56 → 56/96 = 0.583 < 0.6 fails, ≥ 0.5 passes.
    Credits 6: elective share 1/6 = 0.167. Hours per credit: 16, 16, 16 → min 16 passes 16,
    max 16 fails 15 (all three courses)."""
    results = {
        r.kind: r
        for r in check_rules(
            COURSES,
            [
                ("min_practice_share", Decimal("0.6")),
                ("min_elective_share", Decimal("0.1")),
                ("max_total_credits", Decimal(5)),
                ("min_hours_per_credit", Decimal(16)),
                ("max_hours_per_credit", Decimal(15)),
            ],
        )
    }
    assert results["min_practice_share"].actual == Decimal("0.583")
    assert not results["min_practice_share"].passed
    assert check_rules(COURSES, [("min_practice_share", Decimal("0.5"))])[0].passed
    assert (
        results["min_elective_share"].actual == Decimal("0.167")
        and results["min_elective_share"].passed
    )
    assert results["max_total_credits"].actual == 6 and not results["max_total_credits"].passed
    assert results["min_hours_per_credit"].passed
    assert results["max_hours_per_credit"].courses == ("c1", "c2", "c3")


def test_structural_problems() -> None:
    """A duplicate code, semester 9 of 6, 0 credits, declared 10 ≠ 2 + 2 + 0 = 4."""
    courses = [
        CourseFacts("a", Decimal(2), 0, 0, 1, "x"),
        CourseFacts("a", Decimal(2), 0, 0, 9, "x"),
        CourseFacts("b", Decimal(0), 0, 0, 1, "x"),
    ]
    codes = [
        p.code for p in structural_problems(courses, semesters=6, declared_credits=Decimal(10))
    ]
    assert codes == [
        "duplicate_code",
        "semester_out_of_range",
        "credits_not_positive",
        "credits_mismatch",
    ]


def test_diff() -> None:
    before = [
        CourseSnapshot("a", {"name_zh": "甲", "credits": "2"}, {"s1": "aware", "s2": "master"}),
        CourseSnapshot("b", {"name_zh": "乙"}, {"s3": "master"}),
    ]
    after = [
        CourseSnapshot("a", {"name_zh": "甲", "credits": "3"}, {"s1": "master", "s4": "aware"}),
        CourseSnapshot("c", {"name_zh": "丙"}, {"s5": "aware"}),
    ]
    diff = diff_plans(before, after, certificates_before=["x"], certificates_after=["y"])
    assert [c.code for c in diff.added] == ["c"] and [c.code for c in diff.removed] == ["b"]
    (change,) = diff.changed
    assert [(f.field, f.before, f.after) for f in change.changes] == [("credits", "2", "3")]
    assert change.skills_added == ("s4",) and change.skills_removed == ("s2",)
    assert [(f.field, f.before, f.after) for f in change.levels_changed] == [
        ("s1", "aware", "master")
    ]
    assert diff.skills_gained == ("s4", "s5") and diff.skills_lost == ("s2", "s3")
    assert diff.certificates_added == ("y",) and diff.certificates_removed == ("x",)
