"""Credit bank (学分银行): a college's recognition rules, students' applications, decisions."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from talentbridge.community.models import Organization
from talentbridge.core.errors import ApplicationError, invalid
from talentbridge.core.services import audit_record
from talentbridge.credentials import providers, skills
from talentbridge.credentials.models import (
    CredentialTemplate,
    CreditApplication,
    IssuedCredential,
    RecognitionRule,
)
from talentbridge.credentials.permissions import (
    Action,
    access_college,
    access_credential,
    access_credit_application,
)


def rule_create(*, actor: Any, college: Organization, data: dict[str, Any]) -> RecognitionRule:
    access_college(actor, college, Action.MANAGE)
    name_zh = str(data.get("name_zh", "")).strip()
    if not name_zh:
        raise invalid("name_zh", _("Give the rule a Chinese name."))
    template = None
    if data.get("template"):
        template = CredentialTemplate.objects.filter(pk=data["template"]).first()
        if template is None:
            raise invalid("template", _("Choose a credential from the list."))
    code = str(data.get("certificate_code", "") or "")
    if code and not skills.certificate_known(code):
        raise invalid("certificate_code", _("Choose 1+X certificates from the list."))
    if template is None and not code:
        raise invalid("template", _("Say which credential or 1+X certificate the rule recognizes."))
    outcome = str(data.get("outcome", ""))
    if outcome not in RecognitionRule.Outcome.values:
        raise invalid("outcome", _("Choose credits or a course exemption."))
    try:
        credits = Decimal(str(data.get("credits", "0") or "0"))
    except InvalidOperation as exc:
        raise invalid("credits", _("Credits are a number such as 2 or 1.5.")) from exc
    if not credits.is_finite() or not Decimal("0") <= credits <= Decimal("30"):
        raise invalid("credits", _("Credits go from 0 to 30."))
    course_ref, course_name = "", ""
    if outcome == RecognitionRule.Outcome.CREDITS and credits <= 0:
        raise invalid("credits", _("Give the number of credits."))
    if outcome == RecognitionRule.Outcome.EXEMPTION:
        course_name = str(data.get("course_name", "")).strip()[:200]
        matches = [
            c
            for c in providers.courses(college_id=str(college.pk), q=course_name)
            if c.get("name") == course_name
        ]
        if not course_name:
            raise invalid("course_name", _("Choose the course the credential exempts from."))
        if providers.resolve("courses") and not matches:
            raise invalid("course_name", _("Choose a course of your college from the list."))
        course_ref = str(matches[0].get("id", "")) if matches else ""
    with transaction.atomic():
        rule = RecognitionRule.objects.create(
            college=college,
            name_zh=name_zh[:200],
            name_en=str(data.get("name_en", ""))[:200],
            template=template,
            certificate_code=code,
            outcome=outcome,
            credits=credits.quantize(Decimal("0.1")),
            course_ref=course_ref,
            course_name=course_name,
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action="credentials.credit_rule.create",
            obj=rule,
            after={
                "name": rule.name_zh,
                "outcome": outcome,
                "credits": str(rule.credits),
                "course": course_name,
            },
            organization_id=college.pk,
        )
    return rule


def rule_matches(rule: RecognitionRule, credential: IssuedCredential) -> bool:
    if rule.template_id and credential.template_id == rule.template_id:
        return True
    return bool(rule.certificate_code) and rule.certificate_code in (
        credential.template.certificate_codes or []
    )


def application_submit(
    *, actor: Any, rule: RecognitionRule, credential: IssuedCredential
) -> CreditApplication:
    access_college(actor, rule.college, Action.VIEW)
    access_credential(actor, credential, Action.APPLY)
    if not rule.active:
        raise ApplicationError("conflict", _("This recognition rule is no longer in use."))
    if credential.revoked_at is not None or credential.suspended:
        raise invalid("credential", _("A revoked or suspended credential cannot be converted."))
    if credential.valid_until is not None and credential.valid_until <= timezone.now():
        raise invalid("credential", _("An expired credential cannot be converted."))
    if not rule_matches(rule, credential):
        raise invalid("credential", _("This rule does not recognize this credential."))
    try:
        with transaction.atomic():
            application = CreditApplication.objects.create(
                student=actor, rule=rule, credential=credential
            )
            audit_record(
                actor=actor,
                action="credentials.credit.apply",
                obj=application,
                after={"rule": rule.name_zh, "credential": str(credential.pk)},
                organization_id=rule.college_id,
            )
    except IntegrityError as exc:
        raise ApplicationError(
            "conflict", _("You already applied with this credential under this rule.")
        ) from exc
    return application


def application_decide(
    *, actor: Any, application: CreditApplication, approve: bool, reason: str = ""
) -> CreditApplication:
    access_credit_application(actor, application, Action.DECIDE)
    if not approve and not reason.strip():
        raise invalid("reason", _("Give a reason for the rejection."))
    with transaction.atomic():
        locked = CreditApplication.objects.select_for_update().get(pk=application.pk)
        if locked.status != CreditApplication.Status.PENDING:
            raise ApplicationError("conflict", _("This request was already decided."))
        credential = locked.credential
        if approve and (credential.revoked_at is not None or credential.suspended):
            raise ApplicationError(
                "conflict", _("The credential was revoked or suspended meanwhile.")
            )
        locked.status = (
            CreditApplication.Status.APPROVED if approve else CreditApplication.Status.REJECTED
        )
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.reason = reason.strip()[:500]
        locked.save()
        audit_record(
            actor=actor,
            action="credentials.credit.approve" if approve else "credentials.credit.reject",
            obj=locked,
            before={"status": "pending"},
            after={"status": locked.status, "reason": locked.reason},
            organization_id=locked.rule.college_id,
        )
    return locked


def application_withdraw(*, actor: Any, application: CreditApplication) -> CreditApplication:
    access_credit_application(actor, application, Action.VIEW)
    if application.student_id != actor.pk:
        raise ApplicationError("forbidden", _("Only the student withdraws their request."))
    with transaction.atomic():
        updated = CreditApplication.objects.filter(
            pk=application.pk, status=CreditApplication.Status.PENDING
        ).update(status=CreditApplication.Status.WITHDRAWN)
        if not updated:
            raise ApplicationError("conflict", _("This request was already decided."))
        audit_record(
            actor=actor,
            action="credentials.credit.withdraw",
            obj=application,
            organization_id=application.rule.college_id,
        )
    application.refresh_from_db()
    return application
