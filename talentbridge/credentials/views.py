"""HTML pages of the credentials context over the same services and selectors as the API."""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from talentbridge.accounts.models import User
from talentbridge.community.models import Organization
from talentbridge.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from talentbridge.credentials import adapters, documents, selectors, skills
from talentbridge.credentials.models import (
    AssessorRole,
    CredentialTemplate,
    CreditApplication,
    EvidenceRecord,
    Issuer,
    Portfolio,
    RecognitionRule,
    ShareLink,
    StatusList,
)
from talentbridge.credentials.permissions import (
    ISSUER_STAFF,
    Action,
    access_college,
    access_credit_application,
    access_evidence,
    access_template,
)
from talentbridge.credentials.services import (
    credit,
    exams,
    issuing,
    ledger,
    portfolio,
    verification,
)
from talentbridge.credentials.vc.verify import UnreadableInput


def _uuid_or_none(value: Any) -> uuid.UUID:
    """The UUID in ``value``, or the nil UUID (which matches no row)."""
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return uuid.UUID(int=0)


def _form_error(request: HttpRequest, exc: ApplicationError) -> None:
    details = [str(m) for msgs in exc.fields.values() for m in msgs]
    text = str(exc.message)
    if details and details != [text]:
        text += " " + " ".join(details[:10])
    messages.error(request, text)


# --- public: DID documents, status lists, achievements, verification, shares ---------------


@require_GET
@cache_control(max_age=300, public=True)
def did_document(request: HttpRequest, slug: str) -> JsonResponse:
    issuer = get_object_or_404(Issuer, slug=slug)
    response = JsonResponse(issuing.did_document(issuer), json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/did+json"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
@cache_control(max_age=300, public=True)
def status_list(request: HttpRequest, pk: Any) -> HttpResponse:
    found = get_object_or_404(StatusList.objects.select_related("issuer"), pk=pk)
    response = HttpResponse(issuing.status_list_token(found), content_type="application/vc+jwt")
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def achievement(request: HttpRequest, pk: Any) -> HttpResponse:
    template = selectors.template_get(actor=request.user, pk=pk)
    return render(
        request,
        "credentials/achievement.html",
        {
            "template": template,
            "rules": _rules_text(template),
            "skill_labels": [(s, skills.label(s)) for s in template.skill_ids],
            "certificates": [(c, skills.certificate_name(c)) for c in template.certificate_codes],
        },
    )


@require_GET
@cache_control(max_age=3600, public=True)
def achievement_image(request: HttpRequest, pk: Any) -> HttpResponse:
    template = get_object_or_404(CredentialTemplate, pk=pk)
    return HttpResponse(documents.badge_svg(template), content_type="image/svg+xml")


def _rules_text(template: CredentialTemplate) -> list[str]:
    lines = []
    for rule in template.rules:
        if rule.get("kind", "skill") == "skill":
            text = _(
                "%(skill)s at level %(level)s or higher, judged by at least %(n)s assessor(s)"
            ) % {
                "skill": skills.label(rule["skill"]),
                "level": rule.get("min_level", 1),
                "n": rule.get("min_assessors", 1),
            }
            if rule.get("confirmed"):
                text += _(", confirmed (one assessor from an enterprise)")
            lines.append(text)
        else:
            lines.append(
                _("Evidence from %(source)s%(text)s at level %(level)s or higher")
                % {
                    "source": rule.get("source") or _("any source"),
                    "text": f" «{rule['text']}»" if rule.get("text") else "",
                    "level": rule.get("min_level", 1),
                }
            )
    return lines


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    result = None
    error = ""
    pasted = ""
    if request.method == "POST":
        pasted = request.POST.get("credential", "")[:600_000]
        upload = request.FILES.get("file")
        try:
            if upload is not None:
                if upload.size and upload.size > verification.MAX_UPLOAD_BYTES:
                    raise UnreadableInput("too_large")
                outcome = verification.verify_bytes(upload.read())
            elif pasted.strip():
                outcome = verification.verify_text(pasted)
            else:
                raise UnreadableInput("empty")
            result = verification.outcome_payload(outcome)
            result["issuer_name"] = outcome.issuer_name
            result["suspended"] = outcome.suspended
            subject = (outcome.credential or {}).get("credentialSubject", {})
            result["achievement"] = (
                (subject.get("achievement") or {}).get("name", "")
                if isinstance(subject, dict)
                else ""
            )
        except UnreadableInput as exc:
            error = verification.unreadable_message(str(exc))
    status = 400 if error else 200
    return render(
        request,
        "credentials/verify.html",
        {"result": result, "error": error, "pasted": pasted},
        status=status,
    )


@require_GET
def share(request: HttpRequest, token: str) -> HttpResponse:
    link = portfolio.share_open(token)
    if link.credential is None:
        return _portfolio_page(request, selectors_portfolio(link.owner), shared=True)
    credential = link.credential
    outcome = verification.verify_text(credential.token)
    return render(
        request,
        "credentials/share.html",
        {
            "credential": credential,
            "link": link,
            "result": _result(outcome),
            "holder_name": credential.holder.display_name,
            "evidence": list(credential.evidence.all()[:20]),
            "file_url": reverse("credentials:share-file", kwargs={"token": token}),
        },
    )


@require_GET
def share_file(request: HttpRequest, token: str) -> HttpResponse:
    link = portfolio.share_open(token)
    if link.credential is None:
        raise NotFoundError()
    response = HttpResponse(link.credential.token, content_type="text/plain; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return response


def selectors_portfolio(owner: Any) -> Portfolio:
    return portfolio.portfolio_of(owner)


def _portfolio_page(request: HttpRequest, folio: Portfolio, *, shared: bool) -> HttpResponse:
    if folio.consent_at is None or (
        folio.visibility == Portfolio.Visibility.PRIVATE and not shared
    ):
        raise NotFoundError()
    items = list(folio.items.prefetch_related("evidence").select_related("credential__template"))
    return render(
        request, "credentials/portfolio_public.html", {"portfolio": folio, "items": items}
    )


@require_GET
def portfolio_public(request: HttpRequest, slug: str) -> HttpResponse:
    folio = get_object_or_404(Portfolio, slug=slug, visibility=Portfolio.Visibility.PUBLIC)
    return _portfolio_page(request, folio, shared=False)


# --- signed-in pages -----------------------------------------------------------------------


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "credentials/home.html",
        {
            "mine": selectors.credentials_of(actor=user, holder=user),
            "issued": selectors.credentials_issued_by(actor=user)[:50],
            "templates": selectors.templates_issuable_by(user),
            "candidates": selectors.candidates_for(actor=user),
        },
    )


def _result(outcome: Any) -> dict[str, Any]:
    result = verification.outcome_payload(outcome)
    result["issuer_name"] = outcome.issuer_name
    result["suspended"] = outcome.suspended
    return result


def _profile_page(request: HttpRequest, student: Any) -> HttpResponse:
    profile = selectors.profile_of(actor=request.user, student=student)
    can_record = student.pk != request.user.pk and _can_record(request.user, student)
    return render(
        request,
        "credentials/profile.html",
        {
            "profile": profile,
            "counted_label": _("counted"),
            "student": student,
            "radar": profile.radar,
            "can_record": can_record,
            "roles": AssessorRole.choices,
            "skill_choices": skills.choices() if can_record else [],
            "transcript": selectors.transcript_of(actor=request.user, student=student),
        },
    )


def _can_record(actor: Any, student: Any) -> bool:
    try:
        access_evidence(actor, student, Action.RECORD)
    except ApplicationError:
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        holder = issuing.holder_for(request.user)
        code = request.POST.get("major_code", "")[:10]
        if code and skills.major_name(code) == code:
            messages.error(request, _("Choose a major from the list."))
        else:
            holder.major_code = code
            holder.save(update_fields=["major_code", "updated_at"])
        return redirect("credentials:profile")
    issuing.candidates_refresh(student=request.user)
    return _profile_page(request, request.user)


@login_required
@require_http_methods(["GET", "POST"])
def student_profile(request: HttpRequest, pk: Any) -> HttpResponse:
    student = get_object_or_404(User, pk=pk)
    access_evidence(
        request.user, student, Action.RECORD if request.method == "POST" else Action.VIEW
    )
    if request.method == "POST":
        try:
            ledger.evidence_record(
                actor=request.user,
                student=student,
                data={
                    "skill": request.POST.get("skill", ""),
                    "level": request.POST.get("level", ""),
                    "assessor_role": request.POST.get("assessor_role", ""),
                    "context_title": request.POST.get("context_title", ""),
                    "artefact_url": request.POST.get("artefact_url", ""),
                    "occurred_on": request.POST.get("occurred_on", ""),
                },
            )
            messages.success(request, _("The judgement was added to the ledger."))
        except ApplicationError as exc:
            _form_error(request, exc)
        return redirect("credentials:student-profile", pk=student.pk)
    return _profile_page(request, student)


@login_required
@require_GET
def credential_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    credential = selectors.credential_get(actor=request.user, pk=pk)
    is_holder = credential.holder_id == request.user.pk
    outcome = verification.verify_text(credential.token)
    shares = (
        credential.shares.filter(revoked_at__isnull=True).order_by("-created_at")
        if is_holder
        else []
    )
    can_revoke = False
    try:
        selectors.credential_get(actor=request.user, pk=pk, action=Action.REVOKE)
        can_revoke = True
    except ApplicationError:
        pass
    rules = []
    if is_holder:
        colleges = Organization.objects.filter(pk__in=_student_colleges(request.user))
        rules = [
            r
            for r in RecognitionRule.objects.filter(
                college__in=colleges, active=True
            ).select_related("template")
            if credit.rule_matches(r, credential)
        ]
    return render(
        request,
        "credentials/credential_detail.html",
        {
            "credential": credential,
            "is_holder": is_holder,
            "can_revoke": can_revoke,
            "result": _result(outcome),
            "shares": [
                (s, issuing.site_url(reverse("credentials:share", kwargs={"token": s.token})))
                for s in shares
            ],
            "evidence": list(credential.evidence.all()[:50]),
            "rules": rules,
        },
    )


def _student_colleges(user: Any) -> list[Any]:
    from talentbridge.credentials.permissions import colleges_of_student

    return colleges_of_student(user)


DOWNLOADS = {
    "jwt": ("text/plain; charset=utf-8", "jwt"),
    "json": ("application/json", "json"),
    "png": ("image/png", "png"),
    "svg": ("image/svg+xml", "svg"),
    "pdf": ("application/pdf", "pdf"),
}


@login_required
@require_GET
def credential_download(request: HttpRequest, pk: Any, fmt: str) -> HttpResponse:
    credential = selectors.credential_get(actor=request.user, pk=pk, action=Action.DOWNLOAD)
    if fmt not in DOWNLOADS:
        raise NotFoundError()
    content_type, extension = DOWNLOADS[fmt]
    body: bytes | str
    if fmt == "jwt":
        body = credential.token
    elif fmt == "json":
        body = documents.wallet_json(credential)
    elif fmt == "png":
        body = documents.baked_png(credential)
    elif fmt == "svg":
        body = documents.baked_svg(credential)
    else:
        link = (
            credential.shares.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())
            .order_by("-expires_at")
            .first()
        )
        url = issuing.site_url(
            reverse("credentials:share", kwargs={"token": link.token})
            if link is not None
            else reverse("credentials:verify")
        )
        body = documents.certificate_pdf(
            credential, verify_url=url, holder_name=credential.holder.display_name
        )
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="credential-{credential.pk}.{extension}"'
    )
    return response


@login_required
@require_GET
def credential_qr(request: HttpRequest, pk: Any) -> HttpResponse:
    """QR for a wallet: the link to the credential file behind the holder's newest share link
    (a GET creates nothing; without a share link there is no QR)."""
    credential = selectors.credential_get(actor=request.user, pk=pk, action=Action.SHARE)
    link = (
        credential.shares.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())
        .order_by("-expires_at")
        .first()
    )
    if link is None:
        raise NotFoundError()
    url = issuing.site_url(reverse("credentials:share-file", kwargs={"token": link.token}))
    return HttpResponse(documents.qr_svg(url), content_type="image/svg+xml")


@login_required
@require_POST
def credential_share(request: HttpRequest, pk: Any) -> HttpResponse:
    credential = selectors.credential_get(actor=request.user, pk=pk, action=Action.SHARE)
    try:
        days = int(request.POST.get("days", "30") or 30)
        portfolio.share_create(actor=request.user, credential=credential, days=days)
        messages.success(request, _("Share link created."))
    except ValueError:
        messages.error(request, _("A share link lasts 1 to 365 days."))
    except ApplicationError as exc:
        _form_error(request, exc)
    return redirect("credentials:credential-detail", pk=credential.pk)


@login_required
@require_POST
def credential_status(request: HttpRequest, pk: Any) -> HttpResponse:
    credential = selectors.credential_get(actor=request.user, pk=pk, action=Action.REVOKE)
    try:
        issuing.credential_set_status(
            actor=request.user,
            credential=credential,
            action=request.POST.get("action", ""),
            reason=request.POST.get("reason", ""),
        )
        messages.success(request, _("The credential's status was changed."))
    except ApplicationError as exc:
        _form_error(request, exc)
    return redirect("credentials:credential-detail", pk=credential.pk)


@login_required
@require_http_methods(["GET", "POST"])
def templates(request: HttpRequest) -> HttpResponse:
    orgs = adapters.organizations_acted_for(request.user, roles=("admin",))
    if request.method == "POST" and not orgs and not request.user.is_superuser:
        raise PermissionDeniedError()
    if request.method == "POST":
        org = next((o for o in orgs if str(o.pk) == request.POST.get("organization")), None)
        if org is None and len(orgs) == 1:
            org = orgs[0]
        try:
            if org is None:
                raise ApplicationError(
                    "invalid",
                    _("Choose an organization from the list."),
                    fields={"organization": [_("Choose an organization from the list.")]},
                )
            rules = []
            for skill_ref, level in zip(
                request.POST.getlist("rule_skill"), request.POST.getlist("rule_level"), strict=False
            ):
                if skill_ref:
                    rules.append(
                        {
                            "kind": "skill",
                            "skill": skill_ref,
                            "min_level": level or 1,
                            "min_assessors": request.POST.get("min_assessors", 1) or 1,
                            "confirmed": bool(request.POST.get("confirmed")),
                        }
                    )
            if request.POST.get("evidence_source"):
                rules.append(
                    {
                        "kind": "evidence",
                        "source": request.POST["evidence_source"],
                        "text": request.POST.get("evidence_text", ""),
                    }
                )
            issuing.template_create(
                actor=request.user,
                organization=org,
                data={
                    "name_zh": request.POST.get("name_zh", ""),
                    "name_en": request.POST.get("name_en", ""),
                    "description_zh": request.POST.get("description_zh", ""),
                    "criteria_zh": request.POST.get("criteria_zh", ""),
                    "achievement_type": request.POST.get("achievement_type") or "Badge",
                    "rules": rules,
                    "certificate_codes": [
                        c for c in request.POST.getlist("certificate_codes") if c
                    ],
                    "valid_days": int(request.POST["valid_days"])
                    if request.POST.get("valid_days", "").isdigit()
                    else None,
                    "auto_issue": bool(request.POST.get("auto_issue")),
                    "review_required": bool(request.POST.get("review_required")),
                },
            )
            messages.success(request, _("The credential template was created."))
            return redirect("credentials:templates")
        except ApplicationError as exc:
            _form_error(request, exc)
    return render(
        request,
        "credentials/templates.html",
        {
            "templates": selectors.template_list(actor=request.user),
            "organizations": [o for o in orgs if adapters.is_verified(o)],
            "skill_choices": skills.choices(),
            "certificate_choices": skills.certificate_choices(),
            "candidates": selectors.candidates_for(actor=request.user),
            "students": selectors.students_of_staff(request.user)[:500],
            "issuable": selectors.templates_issuable_by(request.user),
        },
    )


@login_required
@require_POST
def template_issue(request: HttpRequest, pk: Any) -> HttpResponse:
    template = access_template(
        request.user, selectors.template_get(actor=request.user, pk=pk), Action.ISSUE
    )
    holder = User.objects.filter(pk=_uuid_or_none(request.POST.get("holder"))).first()
    try:
        if holder is None:
            raise ApplicationError(
                "invalid",
                _("Choose a student from the list."),
                fields={"holder": [_("Choose a student from the list.")]},
            )
        reason = request.POST.get("reason", "")
        issuing.credential_issue(
            actor=request.user,
            template=template,
            holder=holder,
            override_rules=bool(reason.strip()),
            reason=reason,
        )
        messages.success(request, _("The credential was issued."))
    except ApplicationError as exc:
        _form_error(request, exc)
    return redirect("credentials:templates")


@login_required
@require_POST
def candidate_decide(request: HttpRequest, pk: Any) -> HttpResponse:
    candidate = selectors.candidates_for(actor=request.user).filter(pk=pk).first()
    if candidate is None:
        raise NotFoundError()
    try:
        issuing.candidate_decide(
            actor=request.user,
            candidate=candidate,
            approve=request.POST.get("approve") == "1",
            reason=request.POST.get("reason", ""),
        )
        messages.success(request, _("Decision saved."))
    except ApplicationError as exc:
        _form_error(request, exc)
    return redirect("credentials:templates")


@login_required
@require_http_methods(["GET", "POST"])
def credit_bank(request: HttpRequest) -> HttpResponse:
    user = request.user
    admin_colleges = list(selectors.colleges_for(user, ("admin",)))
    if request.method == "POST" and not admin_colleges and not user.is_superuser:
        raise PermissionDeniedError()
    if request.method == "POST":
        college = next(
            (c for c in admin_colleges if str(c.pk) == request.POST.get("college")), None
        )
        if college is None and len(admin_colleges) == 1:
            college = admin_colleges[0]
        try:
            if college is None:
                raise NotFoundError()
            credit.rule_create(
                actor=user,
                college=college,
                data={
                    "name_zh": request.POST.get("name_zh", ""),
                    "name_en": request.POST.get("name_en", ""),
                    "template": request.POST.get("template") or None,
                    "certificate_code": request.POST.get("certificate_code", ""),
                    "outcome": request.POST.get("outcome", ""),
                    "credits": request.POST.get("credits") or "0",
                    "course_name": request.POST.get("course_name", ""),
                },
            )
            messages.success(request, _("The recognition rule was added."))
            return redirect("credentials:credit-bank")
        except ApplicationError as exc:
            _form_error(request, exc)
    student_colleges = Organization.objects.filter(pk__in=_student_colleges(user))
    courses = []
    for college in admin_colleges:
        from talentbridge.credentials import providers

        courses.extend(providers.courses(college_id=str(college.pk)))
    return render(
        request,
        "credentials/credit_bank.html",
        {
            "admin_colleges": admin_colleges,
            "rules": RecognitionRule.objects.filter(
                college__in=list(admin_colleges)
                + list(student_colleges)
                + list(selectors.colleges_for(user, ("teacher",))),
                active=True,
            ).select_related("template", "college"),
            "to_decide": selectors.applications_to_decide(actor=user).filter(
                status=CreditApplication.Status.PENDING
            ),
            "mine": selectors.applications_of(actor=user),
            "transcript": selectors.transcript_of(actor=user, student=user),
            "template_choices": CredentialTemplate.objects.filter(
                status=CredentialTemplate.Status.ACTIVE
            ),
            "certificate_choices": skills.certificate_choices(),
            "courses": courses,
            "outcomes": RecognitionRule.Outcome.choices,
            "my_credentials": selectors.credentials_of(actor=user, holder=user).filter(
                revoked_at__isnull=True
            ),
        },
    )


@login_required
@require_POST
def credit_apply(request: HttpRequest) -> HttpResponse:
    rule = (
        RecognitionRule.objects.select_related("college")
        .filter(pk=_uuid_or_none(request.POST.get("rule")))
        .first()
    )
    try:
        if rule is None:
            raise ApplicationError(
                "invalid",
                _("Choose a rule from the list."),
                fields={"rule": [_("Choose a rule from the list.")]},
            )
        credential = selectors.credential_get(
            actor=request.user, pk=request.POST.get("credential"), action=Action.APPLY
        )
        credit.application_submit(actor=request.user, rule=rule, credential=credential)
        messages.success(request, _("Your request was sent to the college."))
    except ApplicationError as exc:
        _form_error(request, exc)
    return redirect("credentials:credit-bank")


@login_required
@require_POST
def credit_decide(request: HttpRequest, pk: Any) -> HttpResponse:
    application = get_object_or_404(CreditApplication.objects.select_related("rule"), pk=pk)
    access_credit_application(request.user, application, Action.DECIDE)
    try:
        credit.application_decide(
            actor=request.user,
            application=application,
            approve=request.POST.get("approve") == "1",
            reason=request.POST.get("reason", ""),
        )
        messages.success(request, _("Decision saved."))
    except ApplicationError as exc:
        _form_error(request, exc)
    return redirect("credentials:credit-bank")


@login_required
@require_http_methods(["GET", "POST"])
def exam_import(request: HttpRequest, pk: Any) -> HttpResponse:
    college = access_college(request.user, get_object_or_404(Organization, pk=pk), Action.RECORD)
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise ApplicationError(
                    "invalid",
                    _("Choose an XLSX file."),
                    fields={"file": [_("Choose an XLSX file.")]},
                )
            if upload.size and upload.size > exams.MAX_BYTES:
                raise ApplicationError(
                    "invalid",
                    _("The file is larger than 5 MB."),
                    fields={"file": [_("The file is larger than 5 MB.")]},
                )
            run = exams.exam_import(
                actor=request.user, college=college, data=upload.read(), file_name=upload.name or ""
            )
            messages.success(
                request,
                _("%(rows)s passing results imported as %(records)s evidence records.")
                % {"rows": run.rows, "records": run.records},
            )
            return redirect("credentials:exam-import", pk=college.pk)
        except ApplicationError as exc:
            return render(
                request,
                "credentials/exam_import.html",
                {"college": college, "error": exc},
                status=400,
            )
    return render(request, "credentials/exam_import.html", {"college": college})


@login_required
@require_http_methods(["GET", "POST"])
def portfolio_edit(request: HttpRequest) -> HttpResponse:
    folio = portfolio.portfolio_of(request.user)
    if request.method == "POST":
        try:
            if request.POST.get("collect"):
                added = portfolio.portfolio_collect(actor=request.user, portfolio=folio)
                messages.success(request, _("%(n)s works and credentials added.") % {"n": added})
            elif request.POST.get("share"):
                portfolio.share_create(
                    actor=request.user,
                    credential=None,
                    days=int(request.POST.get("days", "30") or 30),
                )
                messages.success(request, _("Share link created."))
            else:
                portfolio.portfolio_update(
                    actor=request.user,
                    portfolio=folio,
                    data={
                        "headline": request.POST.get("headline", ""),
                        "visibility": request.POST.get("visibility", "private"),
                        "consent": bool(request.POST.get("consent")),
                        "show_name": bool(request.POST.get("show_name")),
                        "show_college": bool(request.POST.get("show_college")),
                    },
                )
                messages.success(request, _("Portfolio saved."))
        except (ApplicationError, ValueError) as exc:
            if isinstance(exc, ApplicationError):
                _form_error(request, exc)
            else:
                messages.error(request, _("A share link lasts 1 to 365 days."))
        return redirect("credentials:portfolio")
    links = [
        (s, issuing.site_url(reverse("credentials:share", kwargs={"token": s.token})))
        for s in ShareLink.objects.filter(
            owner=request.user.pk, credential=None, revoked_at__isnull=True
        )
    ]
    return render(
        request,
        "credentials/portfolio.html",
        {
            "portfolio": folio,
            "items": folio.items.prefetch_related("evidence").select_related(
                "credential__template"
            ),
            "links": links,
            "visibilities": Portfolio.Visibility.choices,
            "public_url": issuing.site_url(
                reverse("credentials:portfolio-public", kwargs={"slug": folio.slug})
            ),
        },
    )


@login_required
@require_GET
def portfolio_bundle(request: HttpRequest) -> HttpResponse:
    """CLR 2.0-style bundle: the holder's credentials (VC-JWTs as enveloped credentials) and
    works with their evidence, in one JSON file."""
    folio = portfolio.portfolio_of(request.user)
    credentials = selectors.credentials_of(actor=request.user, holder=request.user).filter(
        revoked_at__isnull=True
    )
    from talentbridge.credentials.vc import ob3

    bundle = {
        "@context": [
            ob3.VC_CONTEXT,
            "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json",
            ob3.OB_CONTEXT,
        ],
        "type": ["ClrCredential"],
        "name": folio.headline or _("Portfolio"),
        "note": _("Unsigned bundle: each credential inside is signed by its issuer (VC-JWT)."),
        "credentialSubject": {
            "type": ["ClrSubject"],
            "verifiableCredential": [ob3.envelope(c.token) for c in credentials],
            "works": [
                {
                    "title": i.title,
                    "url": i.url,
                    "kind": i.kind,
                    "description": i.description,
                    "evidence": [
                        {
                            "skill": e.skill_id,
                            "level": e.level,
                            "role": e.assessor_role,
                            "date": e.occurred_on.isoformat(),
                        }
                        for e in i.evidence.all()
                    ],
                }
                for i in folio.items.prefetch_related("evidence")
            ],
        },
    }
    response = HttpResponse(
        json.dumps(bundle, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="portfolio-clr.json"'
    return response


__all__ = ["ISSUER_STAFF", "EvidenceRecord"]
