"""Course offerings of a brief and a class adopting it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from talentbridge.community.models import Organization, OrgRole
from talentbridge.community.permissions import is_superuser, org_role
from talentbridge.core.errors import ApplicationError, invalid
from talentbridge.core.services import audit_record, snapshot
from talentbridge.projects.models import (
    Adoption,
    BriefStatus,
    CourseOffering,
    ProjectBrief,
)
from talentbridge.projects.notifications import notify
from talentbridge.projects.permissions import (
    Action,
    access_brief,
    access_offering,
    can_create_offering,
)
from talentbridge.projects.services._common import _conflict
from talentbridge.projects.services.briefs import _brief_url, _enterprise_people

# --- Course offerings and adoption ------------------------------------------------------------


def offering_create(
    *, actor: Any, college: Organization, data: dict[str, Any], students: Iterable[Any] = ()
) -> CourseOffering:
    """A course taught to one class this semester (to be linked to curriculum later)."""
    can_create_offering(actor)
    if not is_superuser(actor) and org_role(actor, college) not in (OrgRole.ADMIN, OrgRole.TEACHER):
        raise ApplicationError("forbidden", _("You do not teach at this college."))
    for name in ("course_code", "course_name_zh", "class_name", "semester"):
        if not str(data.get(name, "")).strip():
            raise invalid(name, _("This field is required."))
    members = list(students)
    outsiders = [u for u in members if org_role(u, college) != OrgRole.STUDENT]
    if outsiders:
        raise invalid("students", _("Only students of the college can be in the class."))
    with transaction.atomic():
        try:
            with transaction.atomic():
                offering = CourseOffering.objects.create(
                    college=college, teacher=data.pop("teacher", None) or actor, **data
                )
        except IntegrityError as exc:
            raise _conflict(_("This course already has this class this semester.")) from exc
        offering.students.set(members)
        audit_record(
            actor=actor,
            action="offering.create",
            obj=offering,
            after=snapshot(offering, ("course_code", "class_name", "semester", "teacher")),
            organization_id=college.pk,
        )
    return offering


def brief_adopt(
    *, actor: Any, brief: ProjectBrief, offering: CourseOffering, weight: int, note: str = ""
) -> Adoption:
    access_brief(actor, brief, Action.ADOPT)
    access_offering(actor, offering, Action.MANAGE)
    if not 0 <= weight <= 100:
        raise invalid("assessment_weight", _("The weight is a percentage from 0 to 100."))
    adoptable = (BriefStatus.APPROVED, BriefStatus.OPEN, BriefStatus.IN_PROGRESS)
    if brief.status not in adoptable:
        raise _conflict(_("Only approved or open briefs can be adopted."))
    with transaction.atomic():
        try:
            with transaction.atomic():
                adoption = Adoption.objects.create(
                    brief=brief,
                    offering=offering,
                    assessment_weight=weight,
                    assessment_note=note[:500],
                    adopted_by=actor,
                )
        except IntegrityError as exc:
            raise _conflict(_("This course offering already adopted the brief.")) from exc
        audit_record(
            actor=actor,
            action="brief.adopt",
            obj=adoption,
            after={"brief": str(brief.pk), "offering": str(offering), "weight": weight},
            organization_id=offering.college_id,
        )
        notify(
            _enterprise_people(brief),
            "brief_adopted",
            {"brief": brief.title_zh, "course": str(offering)},
            _brief_url(brief),
        )
    return adoption
