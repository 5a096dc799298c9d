"""Major offerings, enrolment, enterprise partners and plan rules."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from talentbridge.community.models import Organization, OrganizationKind
from talentbridge.core.errors import ApplicationError, invalid
from talentbridge.core.services import snapshot
from talentbridge.curriculum import adapters
from talentbridge.curriculum.models import (
    MajorEnrollment,
    MajorOffering,
    OfferingPartner,
    PlanRule,
    RuleKind,
)
from talentbridge.curriculum.permissions import (
    Action,
    access_college_curriculum,
    access_offering,
)
from talentbridge.curriculum.services._common import MAX_STUDENTS, _audit

# --- Offerings, enrollment, partners, rules --------------------------------------------------


def offering_create(
    *,
    actor: Any,
    college: Organization,
    major_code: str,
    level: str = "",
    established_year: int | None = None,
) -> MajorOffering:
    access_college_curriculum(actor, college, Action.MANAGE)
    if college.kind != OrganizationKind.COLLEGE:
        raise invalid("college", _("Only a college can offer majors."))
    major = adapters.major_get(major_code.strip(), level)
    if major is None:
        raise invalid("major_code", _("This code is not in the major catalogue."))
    if MajorOffering.objects.filter(college=college, major_code=major.code).exists():
        raise ApplicationError(
            "conflict",
            _("The college already offers this major."),
            fields={"major_code": [_("Already offered.")]},
        )
    with transaction.atomic():
        offering = MajorOffering.objects.create(
            college=college,
            major_code=major.code,
            level=major.level,
            name_zh=major.name_zh,
            name_en=major.name_en,
            established_year=established_year,
        )
        _audit(
            actor,
            "curriculum.offering_create",
            offering,
            college.pk,
            after=snapshot(offering, ("major_code", "level")),
        )
    return offering


def enrollment_set(
    *, actor: Any, offering: MajorOffering, year: int, students: int
) -> MajorEnrollment:
    access_offering(actor, offering, Action.MANAGE)
    if not 1990 <= year <= 2100:
        raise invalid("year", _("Enter a year between 1990 and 2100."))
    if students < 0:
        raise invalid("students", _("The number of students cannot be negative."))
    if students > MAX_STUDENTS:
        raise invalid(
            "students",
            _("The number of students cannot exceed %(max)s.") % {"max": MAX_STUDENTS},
        )
    with transaction.atomic():
        row, _created = MajorEnrollment.objects.update_or_create(
            offering=offering, year=year, defaults={"students": students}
        )
        _audit(
            actor,
            "curriculum.enrollment_set",
            offering,
            offering.college_id,
            after={"year": year, "students": students},
        )
    return row


def partner_add(
    *, actor: Any, offering: MajorOffering, enterprise: Organization
) -> OfferingPartner:
    access_offering(actor, offering, Action.MANAGE)
    if enterprise.kind != OrganizationKind.ENTERPRISE:
        raise invalid("enterprise", _("A partner must be an enterprise."))
    with transaction.atomic():
        partner, _created = OfferingPartner.objects.get_or_create(
            offering=offering, enterprise=enterprise
        )
        _audit(
            actor,
            "curriculum.partner_add",
            offering,
            offering.college_id,
            after={"enterprise": str(enterprise.pk)},
        )
    return partner


def partner_remove(*, actor: Any, offering: MajorOffering, enterprise: Organization) -> None:
    access_offering(actor, offering, Action.MANAGE)
    with transaction.atomic():
        OfferingPartner.objects.filter(offering=offering, enterprise=enterprise).delete()
        _audit(
            actor,
            "curriculum.partner_remove",
            offering,
            offering.college_id,
            before={"enterprise": str(enterprise.pk)},
        )


def rule_set(
    *, actor: Any, college: Organization, kind: str, value: Decimal, level: str = ""
) -> PlanRule:
    access_college_curriculum(actor, college, Action.MANAGE)
    if kind not in RuleKind.values:
        raise invalid("kind", _("Unknown rule."))
    if value < 0 or (kind.endswith("_share") and value > 1):
        raise invalid("value", _("A share is between 0 and 1; other values cannot be negative."))
    with transaction.atomic():
        rule, _created = PlanRule.objects.update_or_create(
            college=college, level=level, kind=kind, defaults={"value": value}
        )
        _audit(
            actor,
            "curriculum.rule_set",
            rule,
            college.pk,
            after={"level": level, "kind": kind, "value": str(value)},
        )
    return rule


def rule_delete(*, actor: Any, rule: PlanRule) -> None:
    access_college_curriculum(actor, rule.college, Action.MANAGE)
    with transaction.atomic():
        _audit(
            actor,
            "curriculum.rule_delete",
            rule,
            rule.college_id,
            before={"level": rule.level, "kind": rule.kind, "value": str(rule.value)},
        )
        rule.delete()
