"""The approval workflow of a version: submit, advance, return, publish."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from talentbridge.core.errors import ApplicationError, invalid
from talentbridge.curriculum.models import (
    PlanTransition,
    RuleKind,
    SignoffDecision,
    TrainingPlanVersion,
    VersionStatus,
)
from talentbridge.curriculum.permissions import (
    Action,
    access_version,
)
from talentbridge.curriculum.services._common import _audit, _college_id, _locked_version
from talentbridge.curriculum.services.checks import plan_check

# --- Workflow --------------------------------------------------------------------------------


def _transition(
    actor: Any, version: TrainingPlanVersion, allowed_from: tuple[str, ...], to: str, note: str
) -> TrainingPlanVersion:
    if version.status not in allowed_from:
        raise ApplicationError(
            "conflict",
            _("A version in status %(status)s cannot move to %(target)s.")
            % {"status": version.get_status_display(), "target": VersionStatus(to).label},
        )
    before = version.status
    version.status = to
    if to == VersionStatus.PUBLISHED:
        version.published_at = timezone.now()
    version.save()
    PlanTransition.objects.create(
        version=version, from_status=before, to_status=to, actor=actor, note=note[:1000]
    )
    _audit(
        actor,
        f"curriculum.version_{to}",
        version,
        _college_id(version),
        before={"status": before},
        after={"status": to, "note": note[:1000]},
    )
    return version


def _require_passing(version: TrainingPlanVersion) -> None:
    check = plan_check(version)
    if not version.courses.exists():
        raise ApplicationError("invalid", _("The plan has no courses yet."))
    if not check.passed:
        failed = [str(RuleKind(r.kind).label) for r in check.rules if not r.passed]
        raise ApplicationError(
            "invalid",
            _("The plan does not pass its checks: %(problems)s")
            % {"problems": "; ".join([*check.problems, *failed])},
        )


def version_submit(
    *, actor: Any, version: TrainingPlanVersion, note: str = ""
) -> TrainingPlanVersion:
    """Draft → enterprise review (the plan must pass its checks)."""
    access_version(actor, version, Action.SUBMIT)
    with transaction.atomic():
        version = _locked_version(version)
        if version.status == VersionStatus.DRAFT:
            _require_passing(version)
        return _transition(
            actor, version, (VersionStatus.DRAFT,), VersionStatus.ENTERPRISE_REVIEW, note
        )


def version_advance(
    *, actor: Any, version: TrainingPlanVersion, note: str = ""
) -> TrainingPlanVersion:
    """Enterprise review → committee approval: every partner that signed off last approved,
    and at least one partner did when the major has partners."""
    access_version(actor, version, Action.DECIDE)
    with transaction.atomic():
        version = _locked_version(version)
        if version.status == VersionStatus.ENTERPRISE_REVIEW:
            _require_signoffs(version)
        return _transition(
            actor, version, (VersionStatus.ENTERPRISE_REVIEW,), VersionStatus.COMMITTEE_REVIEW, note
        )


def _require_signoffs(version: TrainingPlanVersion) -> None:
    latest: dict[Any, str] = {}
    for signoff in version.signoffs.order_by("created_at"):
        latest[signoff.organization_id] = signoff.decision
    if any(d == SignoffDecision.REQUEST_CHANGES for d in latest.values()):
        raise ApplicationError("conflict", _("A partner enterprise has requested changes."))
    if version.plan.offering.partners.exists() and not latest:
        raise ApplicationError(
            "conflict", _("No partner enterprise has signed off this version yet.")
        )


def version_return(
    *, actor: Any, version: TrainingPlanVersion, note: str = ""
) -> TrainingPlanVersion:
    """Back to draft from either review step."""
    access_version(actor, version, Action.DECIDE)
    if not note.strip():
        raise invalid("note", _("Say why the version goes back to draft."))
    with transaction.atomic():
        version = _locked_version(version)
        return _transition(
            actor,
            version,
            (VersionStatus.ENTERPRISE_REVIEW, VersionStatus.COMMITTEE_REVIEW),
            VersionStatus.DRAFT,
            note,
        )


def version_publish(
    *, actor: Any, version: TrainingPlanVersion, note: str = ""
) -> TrainingPlanVersion:
    """Committee approval → published; the previously published version is superseded."""
    access_version(actor, version, Action.DECIDE)
    with transaction.atomic():
        version = _locked_version(version)
        if version.status == VersionStatus.COMMITTEE_REVIEW:
            _require_passing(version)
        for old in version.plan.versions.filter(status=VersionStatus.PUBLISHED).exclude(
            pk=version.pk
        ):
            _transition(
                actor,
                old,
                (VersionStatus.PUBLISHED,),
                VersionStatus.SUPERSEDED,
                str(_("Superseded by version %(n)s") % {"n": version.number}),
            )
        return _transition(
            actor, version, (VersionStatus.COMMITTEE_REVIEW,), VersionStatus.PUBLISHED, note
        )
