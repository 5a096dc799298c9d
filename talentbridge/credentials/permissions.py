"""Gatekeepers of the credentials context — one per entity, each returns the object or raises.

Rules in one place:
* a student's evidence and profile: the student, the staff (admin/teacher) of a college the
  student studies at, superusers; evidence is recorded by hand (and 1+X results imported) by
  that college's staff;
* credential templates: everyone reads active ones; an issuer organization's admins manage
  them, its admins and teachers/staff issue and review candidates — only for a verified
  organization (``adapters.is_verified``);
* an issued credential: its holder (download, share); the issuer organization's admins
  (view, revoke, suspend); superusers;
* a portfolio: its owner edits; others see it only through its visibility and consent;
* credit bank: a college's admins define rules; its admins and teachers decide applications;
  its students read rules and apply with their own credentials.
Refusals are 404 when the actor may not know the object exists, 403 otherwise.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from talentbridge.community.models import Organization, OrganizationMembership, OrgRole
from talentbridge.community.permissions import is_authenticated, is_superuser, require_login
from talentbridge.core.errors import NotFoundError, PermissionDeniedError
from talentbridge.credentials.models import (
    CredentialTemplate,
    CreditApplication,
    IssuedCredential,
    Portfolio,
)

COLLEGE_STAFF = (OrgRole.ADMIN, OrgRole.TEACHER)
ISSUER_STAFF = (OrgRole.ADMIN, OrgRole.TEACHER, OrgRole.STAFF)


class Action(StrEnum):
    VIEW = "view"
    RECORD = "record"
    MANAGE = "manage"
    ISSUE = "issue"
    DOWNLOAD = "download"
    SHARE = "share"
    REVOKE = "revoke"
    EDIT = "edit"
    APPLY = "apply"
    DECIDE = "decide"


def roles_in(actor: Any, organization_id: Any) -> set[str]:
    if not is_authenticated(actor):
        return set()
    return set(
        OrganizationMembership.objects.filter(
            user=actor, organization_id=organization_id
        ).values_list("role", flat=True)
    )


def colleges_of_student(student: Any) -> list[Any]:
    return list(
        OrganizationMembership.objects.filter(
            user=student, role=OrgRole.STUDENT, organization__kind="college"
        ).values_list("organization_id", flat=True)
    )


def staffs_college_of(actor: Any, student: Any) -> bool:
    if not is_authenticated(actor):
        return False
    return OrganizationMembership.objects.filter(
        user=actor, role__in=COLLEGE_STAFF, organization_id__in=colleges_of_student(student)
    ).exists()


def access_evidence(actor: Any, student: Any, action: Action) -> Any:
    """The student whose evidence (and profile) ``actor`` reads or records."""
    require_login(actor)
    if is_superuser(actor):
        return student
    if action == Action.VIEW and actor.pk == student.pk:
        return student
    if action in (Action.VIEW, Action.RECORD) and staffs_college_of(actor, student):
        return student
    raise NotFoundError()


def access_college(actor: Any, college: Organization, action: Action) -> Organization:
    """Credit-bank rules and 1+X imports of a college."""
    require_login(actor)
    if college.kind != "college":
        raise NotFoundError()
    if is_superuser(actor):
        return college
    roles = roles_in(actor, college.pk)
    allowed = {
        Action.VIEW: {OrgRole.ADMIN, OrgRole.TEACHER, OrgRole.STUDENT},
        Action.MANAGE: {OrgRole.ADMIN},
        Action.RECORD: {OrgRole.ADMIN, OrgRole.TEACHER},
        Action.DECIDE: {OrgRole.ADMIN, OrgRole.TEACHER},
    }
    if roles & allowed.get(action, set()):
        return college
    if roles:
        raise PermissionDeniedError()
    raise NotFoundError()


def access_issuer_organization(
    actor: Any, organization: Organization, action: Action
) -> Organization:
    require_login(actor)
    if is_superuser(actor):
        return organization
    roles = roles_in(actor, organization.pk)
    needed = {OrgRole.ADMIN} if action == Action.MANAGE else set(ISSUER_STAFF)
    if roles & needed:
        return organization
    raise PermissionDeniedError()


def access_template(actor: Any, template: CredentialTemplate, action: Action) -> CredentialTemplate:
    if action == Action.VIEW:
        if template.status == CredentialTemplate.Status.ACTIVE:
            return template
        if roles_in(actor, template.issuer_organization_id) or is_superuser(actor):
            return template
        raise NotFoundError()
    require_login(actor)
    if is_superuser(actor):
        return template
    roles = roles_in(actor, template.issuer_organization_id)
    needed = {OrgRole.ADMIN} if action == Action.MANAGE else set(ISSUER_STAFF)
    if roles & needed:
        return template
    if roles:
        raise PermissionDeniedError()
    raise NotFoundError()


def access_credential(actor: Any, credential: IssuedCredential, action: Action) -> IssuedCredential:
    require_login(actor)
    if is_superuser(actor):
        return credential
    is_holder = credential.holder_id == actor.pk
    issuer_roles = roles_in(actor, credential.issuer.organization_id)
    if action in (Action.DOWNLOAD, Action.SHARE, Action.APPLY) and is_holder:
        return credential
    if action == Action.VIEW and (is_holder or issuer_roles & set(ISSUER_STAFF)):
        return credential
    if action == Action.REVOKE and OrgRole.ADMIN in issuer_roles:
        return credential
    if is_holder or issuer_roles:
        raise PermissionDeniedError()
    raise NotFoundError()


def access_portfolio(actor: Any, portfolio: Portfolio, action: Action) -> Portfolio:
    require_login(actor)
    if portfolio.owner_id == actor.pk or (is_superuser(actor) and action == Action.VIEW):
        return portfolio
    raise NotFoundError()


def access_credit_application(
    actor: Any, application: CreditApplication, action: Action
) -> CreditApplication:
    require_login(actor)
    if is_superuser(actor):
        return application
    if action == Action.VIEW and application.student_id == actor.pk:
        return application
    roles = roles_in(actor, application.rule.college_id)
    if action in (Action.VIEW, Action.DECIDE) and roles & set(COLLEGE_STAFF):
        return application
    if application.student_id == actor.pk or roles:
        raise PermissionDeniedError()
    raise NotFoundError()
