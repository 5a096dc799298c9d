"""Authorization matrix entries for the credentials app (tests/test_authorization_matrix)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from talentbridge.credentials.models import Candidate, EvidenceRecord, Portfolio
from talentbridge.credentials.services import portfolio
from talentbridge.credentials.tests.factories import make_cred_world

ALL = frozenset(
    {
        "anonymous",
        "student",
        "teacher",
        "college_admin",
        "enterprise_staff",
        "government_officer",
        "secretariat",
        "superuser",
    }
)
SIGNED_IN = ALL - {"anonymous"}
SU = frozenset({"superuser"})
HOLDER = frozenset({"student"}) | SU
ISSUER_ADMIN = frozenset({"college_admin"}) | SU
COLLEGE_STAFF = frozenset({"college_admin", "teacher"}) | SU
HOLDER_OR_ISSUER = HOLDER | COLLEGE_STAFF
COLLEGE = COLLEGE_STAFF | {"student"}
ORG_ADMINS = frozenset({"college_admin", "enterprise_staff"}) | SU

Kwargs = Callable[[Any], dict[str, Any]]
NONE: Kwargs = lambda w: {}  # noqa: E731
CRED: Kwargs = lambda w: {"pk": make_cred_world(w).credential.pk}  # noqa: E731
TEMPLATE: Kwargs = lambda w: {"pk": make_cred_world(w).template.pk}  # noqa: E731
APPLICATION: Kwargs = lambda w: {"pk": make_cred_world(w).application.pk}  # noqa: E731
STUDENT: Kwargs = lambda w: {"pk": w.users["carol"].pk}  # noqa: E731
COLLEGE_PK: Kwargs = lambda w: {"pk": w.college.pk}  # noqa: E731


def _candidate(w: Any) -> dict[str, Any]:
    cw = make_cred_world(w)
    candidate = Candidate.objects.create(template=cw.template, student=w.users["carol"])
    return {"pk": candidate.pk}


def _teacher_record(w: Any) -> dict[str, Any]:
    make_cred_world(w)
    return {"pk": EvidenceRecord.objects.get(assessor=w.users["tina"]).pk}


def _share(w: Any) -> dict[str, Any]:
    cw = make_cred_world(w)
    return {
        "token": portfolio.share_create(
            actor=w.users["carol"], credential=cw.credential, days=7
        ).token
    }


def _shared_credential(w: Any) -> dict[str, Any]:
    _share(w)
    return CRED(w)


def _public_portfolio(w: Any) -> dict[str, Any]:
    folio = portfolio.portfolio_of(w.users["carol"])
    Portfolio.objects.filter(pk=folio.pk).update(visibility="public")
    portfolio.portfolio_update(
        actor=w.users["carol"], portfolio=folio, data={"visibility": "public", "consent": True}
    )
    return {"slug": folio.slug}


def _did(w: Any) -> dict[str, Any]:
    return {"slug": make_cred_world(w).credential.issuer.slug}


def _status_list(w: Any) -> dict[str, Any]:
    return {"pk": make_cred_world(w).credential.revocation_list_id}


MATRIX: dict[str, tuple[Kwargs, dict[str, frozenset[str]]]] = {
    "credentials:home": (NONE, {"get": SIGNED_IN}),
    "credentials:profile": (NONE, {"get": SIGNED_IN, "post": SIGNED_IN}),
    "credentials:student-profile": (
        STUDENT,
        {"get": HOLDER | COLLEGE_STAFF, "post": COLLEGE_STAFF},
    ),
    "credentials:credential-detail": (CRED, {"get": HOLDER_OR_ISSUER}),
    "credentials:credential-download": (lambda w: CRED(w) | {"fmt": "jwt"}, {"get": HOLDER}),
    "credentials:credential-qr": (_shared_credential, {"get": HOLDER}),
    "credentials:credential-share": (CRED, {"post": HOLDER}),
    "credentials:credential-status": (CRED, {"post": ISSUER_ADMIN}),
    "credentials:templates": (NONE, {"get": SIGNED_IN, "post": ORG_ADMINS}),
    "credentials:template-issue": (TEMPLATE, {"post": COLLEGE_STAFF}),
    "credentials:candidate-decide": (_candidate, {"post": COLLEGE_STAFF}),
    "credentials:credit-bank": (NONE, {"get": SIGNED_IN, "post": ISSUER_ADMIN}),
    "credentials:credit-apply": (NONE, {"post": SIGNED_IN}),
    "credentials:credit-decide": (APPLICATION, {"post": COLLEGE_STAFF}),
    "credentials:exam-import": (COLLEGE_PK, {"get": COLLEGE_STAFF, "post": COLLEGE_STAFF}),
    "credentials:portfolio": (NONE, {"get": SIGNED_IN, "post": SIGNED_IN}),
    "credentials:portfolio-bundle": (NONE, {"get": SIGNED_IN}),
    "credentials:verify": (NONE, {"get": ALL, "post": ALL}),
    "credentials:share": (_share, {"get": ALL}),
    "credentials:share-file": (_share, {"get": ALL}),
    "credentials:portfolio-public": (_public_portfolio, {"get": ALL}),
    "credentials:achievement": (TEMPLATE, {"get": ALL}),
    "credentials:achievement-image": (TEMPLATE, {"get": ALL}),
    "credentials:did-document": (_did, {"get": ALL}),
    "credentials:status-list": (_status_list, {"get": ALL}),
    # API
    "api-credential-list": (NONE, {"get": SIGNED_IN}),
    "api-credential-verify": (NONE, {"post": ALL}),
    "api-credential-profile": (NONE, {"get": SIGNED_IN}),
    "api-evidence-list": (NONE, {"get": SIGNED_IN, "post": SIGNED_IN}),
    "api-evidence-correct": (_teacher_record, {"post": COLLEGE_STAFF}),
    "api-credential-templates": (NONE, {"get": SIGNED_IN, "post": ORG_ADMINS}),
    "api-credential-template-issue": (TEMPLATE, {"post": COLLEGE_STAFF}),
    "api-credential-candidate-decide": (_candidate, {"post": COLLEGE_STAFF}),
    "api-credit-rules": (COLLEGE_PK, {"get": COLLEGE, "post": ISSUER_ADMIN}),
    "api-exam-import": (COLLEGE_PK, {"post": COLLEGE_STAFF}),
    "api-credit-applications": (NONE, {"get": SIGNED_IN, "post": SIGNED_IN}),
    "api-credit-application-decide": (APPLICATION, {"post": COLLEGE_STAFF}),
    "api-credential-detail": (CRED, {"get": HOLDER_OR_ISSUER}),
    "api-credential-file": (CRED, {"get": HOLDER}),
    "api-credential-status": (CRED, {"post": ISSUER_ADMIN}),
    "api-credential-shares": (CRED, {"post": HOLDER}),
}
