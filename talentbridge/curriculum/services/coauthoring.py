"""Enterprise co-authoring: comments, skill proposals, sign-offs."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from talentbridge.community.models import Organization
from talentbridge.core.errors import ApplicationError, invalid
from talentbridge.curriculum.models import (
    DecisionStatus,
    GoalSkill,
    PlanComment,
    PlanSignoff,
    SignoffDecision,
    SkillProposal,
    TrainingPlanVersion,
    VersionStatus,
)
from talentbridge.curriculum.permissions import (
    Action,
    access_version,
    partner_organization,
)
from talentbridge.curriculum.services._common import _audit, _college_id
from talentbridge.curriculum.services.courses import _check_skill

# --- Enterprise co-authoring -----------------------------------------------------------------


def _actor_organization(actor: Any, version: TrainingPlanVersion) -> Organization:
    offering = version.plan.offering
    partner = partner_organization(actor, offering)
    return partner or offering.college


def comment_add(
    *, actor: Any, version: TrainingPlanVersion, body: str, course_code: str = ""
) -> PlanComment:
    access_version(actor, version, Action.COMMENT)
    if not body.strip():
        raise invalid("body", _("Write a comment."))
    if course_code and not version.courses.filter(code=course_code).exists():
        raise invalid("course_code", _("No course with this code in the plan."))
    with transaction.atomic():
        comment = PlanComment.objects.create(
            version=version,
            author=actor,
            organization=_actor_organization(actor, version),
            course_code=course_code,
            body=body.strip()[:5000],
        )
        _audit(
            actor,
            "curriculum.comment_add",
            comment,
            _college_id(version),
            after={"version": version.number, "course": course_code},
        )
    return comment


def _require_review_open(version: TrainingPlanVersion) -> None:
    if version.status not in (VersionStatus.DRAFT, VersionStatus.ENTERPRISE_REVIEW):
        raise ApplicationError(
            "conflict",
            _(
                "Proposals and sign-offs are taken while the plan is a draft "
                "or in enterprise review."
            ),
        )


def proposal_create(
    *, actor: Any, version: TrainingPlanVersion, skill_id: str, weight: Decimal, rationale: str = ""
) -> SkillProposal:
    access_version(actor, version, Action.CO_AUTHOR)
    canonical = _check_skill(skill_id)
    if not Decimal(0) < weight <= Decimal(1):
        raise invalid("weight", _("A weight is greater than 0 and at most 1."))
    _require_review_open(version)
    with transaction.atomic():
        proposal = SkillProposal.objects.create(
            version=version,
            proposed_by=actor,
            organization=_actor_organization(actor, version),
            skill_id=canonical,
            weight=weight,
            rationale=rationale[:1000],
        )
        _audit(
            actor,
            "curriculum.proposal_create",
            proposal,
            _college_id(version),
            after={"skill": canonical, "weight": str(weight)},
        )
    return proposal


def proposal_decide(
    *, actor: Any, proposal: SkillProposal, accept: bool, note: str = ""
) -> SkillProposal:
    version = proposal.version
    access_version(actor, version, Action.DECIDE)
    _require_review_open(version)
    with transaction.atomic():
        proposal = SkillProposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.status != DecisionStatus.PENDING:
            raise ApplicationError("conflict", _("This proposal has already been decided."))
        proposal.status = DecisionStatus.ACCEPTED if accept else DecisionStatus.REJECTED
        proposal.decided_by = actor
        proposal.decided_at = timezone.now()
        proposal.decision_note = note[:500]
        proposal.save()
        if accept:
            GoalSkill.objects.update_or_create(
                version=version, skill_id=proposal.skill_id, defaults={"weight": proposal.weight}
            )
        _audit(
            actor,
            "curriculum.proposal_decide",
            proposal,
            _college_id(version),
            after={"status": proposal.status, "note": note[:500]},
        )
    return proposal


def signoff_create(
    *, actor: Any, version: TrainingPlanVersion, decision: str, note: str = ""
) -> PlanSignoff:
    access_version(actor, version, Action.CO_AUTHOR)
    if decision not in SignoffDecision.values:
        raise invalid("decision", _("Approve or request changes."))
    if version.status != VersionStatus.ENTERPRISE_REVIEW:
        raise ApplicationError(
            "conflict", _("Sign-off is possible while the plan is in enterprise review.")
        )
    organization = partner_organization(actor, version.plan.offering)
    if organization is None:
        raise ApplicationError("forbidden", _("Only a partner enterprise signs off a plan."))
    if decision == SignoffDecision.REQUEST_CHANGES and not note.strip():
        raise invalid("note", _("Say which changes you request."))
    with transaction.atomic():
        signoff = PlanSignoff.objects.create(
            version=version,
            organization=organization,
            signed_by=actor,
            decision=decision,
            note=note[:1000],
        )
        _audit(
            actor,
            "curriculum.signoff",
            signoff,
            _college_id(version),
            after={"organization": str(organization.pk), "decision": decision},
        )
    return signoff
