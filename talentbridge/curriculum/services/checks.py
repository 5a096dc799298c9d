"""Rule checks of a version (credits, hours, structure)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from talentbridge.curriculum.messages import problem_message
from talentbridge.curriculum.models import (
    PlanRule,
    TrainingPlanVersion,
)
from talentbridge.curriculum.rules import CourseFacts, RuleResult, check_rules, structural_problems

# --- Checks ----------------------------------------------------------------------------------


@dataclass
class PlanCheck:
    problems: list[str] = field(default_factory=list)
    rules: list[RuleResult] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems and all(r.passed for r in self.rules)


def course_facts(version: TrainingPlanVersion) -> list[CourseFacts]:
    return [
        CourseFacts(c.code, c.credits, c.hours_theory, c.hours_practice, c.semester, c.course_type)
        for c in version.courses.all()
    ]


def rules_for(version: TrainingPlanVersion) -> list[tuple[str, Decimal]]:
    """The college's rules for the offering's level; a level-specific rule beats a general one."""
    offering = version.plan.offering
    chosen: dict[str, Decimal] = {}
    for rule in PlanRule.objects.filter(
        college_id=offering.college_id, level__in=["", offering.level]
    ).order_by("-level"):
        chosen.setdefault(rule.kind, rule.value)
    return sorted(chosen.items())


def plan_check(version: TrainingPlanVersion) -> PlanCheck:
    facts = course_facts(version)
    problems = structural_problems(
        facts, semesters=version.semesters, declared_credits=version.declared_credits
    )
    return PlanCheck([problem_message(p) for p in problems], check_rules(facts, rules_for(version)))
