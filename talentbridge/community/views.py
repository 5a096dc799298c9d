"""HTML views: thin wrappers over the same selectors, services and gatekeepers as the API."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
)
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from talentbridge.community import selectors, services
from talentbridge.community.forms import (
    ApplicationForm,
    DecisionForm,
    InvitationForm,
    OrganizationForm,
    TierForm,
)
from talentbridge.community.models import (
    ROLES_BY_KIND,
    ApplicationStatus,
    CommunityKind,
    CommunityMembership,
    Invitation,
    MembershipApplication,
    Organization,
    OrganizationKind,
    OrganizationMembership,
    OrgRole,
    Tier,
)
from talentbridge.community.permissions import (
    Action,
    access_application,
    access_community,
    access_invitation,
    access_membership,
    access_organization,
    access_seat,
    is_operator,
    is_secretariat,
    is_superuser,
    org_role,
)
from talentbridge.community.personas import persona_home
from talentbridge.core.downloads import csv_download
from talentbridge.core.errors import ApplicationError
from talentbridge.core.forms import add_application_error, region_choices

PAGE_SIZE = 20


def _page(request: HttpRequest, items: Any) -> Any:
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "community/home.html", persona_home(request.user))


# --- Organizations --------------------------------------------------------------------------


def organization_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.organization_list(
        actor=request.user,
        q=request.GET.get("q", "")[:100],
        kind=request.GET.get("kind", ""),
        region=request.GET.get("region", "")[:6],
    )
    context = {
        "page": _page(request, qs),
        "kinds": OrganizationKind.choices,
        "provinces": region_choices("province")[1:],
    }
    template = "community/_org_rows.html" if request.htmx else "community/org_list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@login_required
def organization_create(request: HttpRequest) -> HttpResponse:
    form = OrganizationForm(request.POST or None, allow_government=is_operator(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            org = services.organization_create(actor=request.user, data=form.cleaned_data)
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, _("Organization registered. You are its admin."))
            if not org.is_verified:
                return redirect("community:org-verification", pk=org.pk)
            return redirect("community:org-detail", pk=org.pk)
    return render(request, "community/org_form.html", {"form": form, "creating": True})


def organization_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    org = selectors.organization_get(actor=request.user, pk=pk)
    role = org_role(request.user, org)
    seats = org.community_memberships.filter(status="active").select_related("community")
    context = {
        "org": org,
        "role": role,
        "seats": seats,
        "can_edit": is_superuser(request.user) or role == OrgRole.ADMIN,
        "can_view_members": is_superuser(request.user) or role in ROLE_VIEWERS,
        "role_label": OrgRole(role).label if role else "",
        "member_counts": {
            OrgRole(r).label: n
            for r, n in org.memberships.values_list("role").annotate(n=Count("id")).order_by()
        },
    }
    return render(request, "community/org_detail.html", context)


ROLE_VIEWERS = {OrgRole.ADMIN, OrgRole.TEACHER, OrgRole.STAFF, OrgRole.OFFICER}


@login_required
def organization_edit(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    org = selectors.organization_get(actor=request.user, pk=pk)
    access_organization(request.user, org, Action.EDIT)
    form = OrganizationForm(request.POST or None, instance=Organization.objects.get(pk=org.pk))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "kind"}
        try:
            services.organization_update(actor=request.user, organization=org, data=data)
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("community:org-detail", pk=org.pk)
    return render(request, "community/org_form.html", {"form": form, "org": org})


class EvidenceForm(forms.Form):
    evidence = forms.FileField(
        label=gettext_lazy(
            "Business licence or institution certificate (PDF, PNG or JPEG, at most 10 MB)"
        )
    )


@login_required
def organization_verification(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """Where an organization's admin sees its verification and uploads its evidence."""
    org = selectors.organization_get(actor=request.user, pk=pk)
    access_organization(request.user, org, Action.VIEW_EVIDENCE)
    form = EvidenceForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        access_organization(request.user, org, Action.SUBMIT_EVIDENCE)
        if form.is_valid():
            try:
                org = services.organization_submit_evidence(
                    actor=request.user, organization=org, upload=form.cleaned_data["evidence"]
                )
            except ApplicationError as exc:
                if exc.is_denial:
                    raise
                add_application_error(form, exc)
                status = exc.status
            else:
                messages.success(
                    request, _("Evidence received. A platform operator will review it.")
                )
                return redirect("community:org-verification", pk=org.pk)
        else:
            status = 400
    context = {
        "org": org,
        "form": form,
        "can_submit": org.kind != OrganizationKind.GOVERNMENT and not org.is_verified,
        "problems": services.verification_problems(org),
    }
    return render(request, "community/org_verification.html", context, status=status)


@login_required
def organization_evidence(request: HttpRequest, pk: uuid.UUID) -> FileResponse:
    """The uploaded evidence, for the organization's admins and the platform operators; always
    an attachment with the type sniffed at upload."""
    org = selectors.organization_get(actor=request.user, pk=pk)
    access_organization(request.user, org, Action.VIEW_EVIDENCE)
    if not org.evidence:
        raise Http404()
    extension = org.evidence.name.rsplit(".", 1)[-1]
    response = FileResponse(
        org.evidence.open("rb"),
        as_attachment=True,
        filename=f"evidence-{org.pk}.{extension}",
        content_type=org.evidence_content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def organization_members(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    org = selectors.organization_get(actor=request.user, pk=pk)
    members = selectors.organization_members(
        actor=request.user,
        organization=org,
        role=request.GET.get("role", ""),
        q=request.GET.get("q", "")[:100],
    )
    can_manage = is_superuser(request.user) or org_role(request.user, org) == OrgRole.ADMIN
    context = {
        "org": org,
        "page": _page(request, members),
        "roles": [(r, OrgRole(r).label) for r in ROLES_BY_KIND[org.kind]],
        "can_manage": can_manage,
    }
    return render(request, "community/org_members.html", context)


@login_required
@require_POST
def membership_update(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    membership = get_object_or_404(
        OrganizationMembership.objects.select_related("organization"), pk=pk
    )
    removing = bool(request.POST.get("remove"))
    leaving = removing and membership.user_id == request.user.pk
    access_membership(
        request.user, membership, Action.WITHDRAW if leaving else Action.MANAGE_MEMBERS
    )
    org_id = membership.organization_id
    try:
        if removing:
            services.membership_remove(actor=request.user, membership=membership)
            messages.success(request, _("Member removed."))
        else:
            services.membership_change_role(
                actor=request.user, membership=membership, role=request.POST.get("role", "")
            )
            messages.success(request, _("Role changed."))
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
    if leaving:
        return redirect("home")
    return redirect("community:org-members", pk=org_id)


@login_required
def organization_invitations(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    org = selectors.organization_get(actor=request.user, pk=pk)
    invitations = selectors.invitation_list(actor=request.user, organization=org)
    form = InvitationForm(request.POST or None, roles=ROLES_BY_KIND[org.kind])
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(
                actor=request.user, organization=org, **form.cleaned_data
            )
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(
                request,
                _("Invitation sent to %(email)s. Link: %(url)s")
                % {"email": invitation.email, "url": services.invitation_url(invitation)},
            )
            return redirect("community:org-invitations", pk=org.pk)
    context = {
        "org": org,
        "form": form,
        "page": _page(request, invitations),
        "now": timezone.now(),
    }
    return render(request, "community/org_invitations.html", context)


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    invitation = get_object_or_404(Invitation, pk=pk)
    access_invitation(request.user, invitation, Action.REVOKE)
    try:
        services.invitation_revoke(actor=request.user, invitation=invitation)
        messages.success(request, _("Invitation withdrawn."))
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
    return redirect("community:org-invitations", pk=invitation.organization_id)


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = get_object_or_404(Invitation.objects.select_related("organization"), token=token)
    problem = None
    try:
        services.invitation_check_usable(invitation)
    except ApplicationError as exc:
        problem = exc.message
    if request.method == "POST" and problem is None:
        try:
            services.invitation_accept(actor=request.user, invitation=invitation)
        except ApplicationError as exc:
            if exc.code == "not_authenticated":
                raise
            problem = exc.message  # e.g. sent to another e-mail address: say so on the page
        else:
            messages.success(request, _("Welcome to %(org)s!") % {"org": invitation.organization})
            return redirect("community:org-detail", pk=invitation.organization_id)
    status = 410 if problem and request.method == "GET" else 200
    return render(
        request,
        "community/invitation_accept.html",
        {"invitation": invitation, "problem": problem},
        status=status if problem else 200,
    )


@login_required
def organization_audit(request: HttpRequest, pk: uuid.UUID) -> HttpResponseBase:
    org = selectors.organization_get(actor=request.user, pk=pk)
    events = selectors.audit_for_organization(
        actor=request.user, organization=org, action=request.GET.get("action", "")[:64]
    )
    if request.GET.get("format") == "csv":
        return _audit_csv(events, f"audit-{org.pk}.csv")
    return render(request, "community/audit.html", {"subject": org, "page": _page(request, events)})


def _audit_csv(events: Any, filename: str) -> HttpResponseBase:
    header = [
        _("time"), _("actor"), _("action"), _("object type"), _("object id"), _("object"),
        _("before"), _("after"), _("IP address"),
    ]  # fmt: skip
    rows = (
        [
            e.occurred_at.isoformat(),
            e.actor.email if e.actor else "",
            e.action,
            e.object_type,
            e.object_id,
            e.object_repr,
            e.before or "",
            e.after or "",
            e.ip_address or "",
        ]
        for e in events.iterator()
    )
    return csv_download(filename=filename, header=header, rows=rows)


# --- Communities ----------------------------------------------------------------------------


def community_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.community_list(
        actor=request.user, q=request.GET.get("q", "")[:100], kind=request.GET.get("kind", "")
    )
    return render(
        request,
        "community/community_list.html",
        {"page": _page(request, qs), "kinds": CommunityKind.choices},
    )


def community_detail(request: HttpRequest, slug: str) -> HttpResponse:
    community = selectors.community_get(actor=request.user, slug=slug)
    seats = selectors.community_seats(
        actor=request.user,
        community=community,
        tier=request.GET.get("tier", ""),
        kind=request.GET.get("kind", ""),
        region=request.GET.get("region", "")[:6],
    )
    summary = selectors.community_summary(actor=request.user, community=community)
    context = {
        "community": community,
        "seats": seats,
        "summary": summary,
        "tiers": Tier.choices,
        "kinds": OrganizationKind.choices,
        "is_secretariat": is_superuser(request.user) or is_secretariat(request.user, community),
        "can_apply": selectors.organizations_administered_by(request.user)
        .exclude(community_memberships__community=community, community_memberships__status="active")
        .exists(),
        "chart": {
            "tiers": [
                [str(t.label), summary.by_tier[t.value]] for t in Tier if t.value in summary.by_tier
            ],
            "kinds": [[str(OrganizationKind(k).label), n] for k, n in summary.by_kind.items()],
        },
    }
    template = "community/_seat_rows.html" if request.htmx else "community/community_detail.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@login_required
def community_apply(request: HttpRequest, slug: str) -> HttpResponse:
    community = selectors.community_get(actor=request.user, slug=slug)
    orgs = selectors.organizations_administered_by(request.user).exclude(
        community_memberships__community=community, community_memberships__status="active"
    )
    form = ApplicationForm(request.POST or None, organizations=orgs)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_submit(
                actor=request.user,
                community=community,
                organization=form.cleaned_data["organization"],
                requested_tier=form.cleaned_data["requested_tier"],
                statement=form.cleaned_data["statement"],
            )
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, _("Application submitted. The secretariat will review it."))
            return redirect("community:community-detail", slug=community.slug)
    return render(request, "community/community_apply.html", {"community": community, "form": form})


@login_required
def community_manage(request: HttpRequest, slug: str) -> HttpResponse:
    community = selectors.community_get(actor=request.user, slug=slug)
    access_community(request.user, community, Action.MANAGE)
    status = request.GET.get("status", ApplicationStatus.PENDING)
    applications = selectors.application_list(
        actor=request.user, community=community, status=status
    )
    seats = selectors.community_seats(
        actor=request.user,
        community=community,
        tier=request.GET.get("tier", ""),
        include_left=request.GET.get("left") == "1",
    )
    context = {
        "community": community,
        "applications": applications,
        "status": status,
        "statuses": ApplicationStatus.choices,
        "seats": seats,
        "tiers": Tier.choices,
        "decision_form": DecisionForm(),
    }
    return render(request, "community/community_manage.html", context)


@login_required
@require_POST
def application_decide(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    application = get_object_or_404(
        MembershipApplication.objects.select_related("community"), pk=pk
    )
    access_application(request.user, application, Action.DECIDE)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose a decision and a tier."))
    else:
        try:
            services.application_decide(
                actor=request.user,
                application=application,
                approve=form.cleaned_data["decision"] == "approve",
                reason=form.cleaned_data["reason"],
                tier=form.cleaned_data["tier"],
            )
            messages.success(request, _("Decision recorded."))
        except ApplicationError as exc:
            messages.error(request, str(exc.message))
    return redirect("community:community-manage", slug=application.community.slug)


@login_required
@require_POST
def application_withdraw(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    application = get_object_or_404(
        MembershipApplication.objects.select_related("community"), pk=pk
    )
    access_application(request.user, application, Action.WITHDRAW)
    try:
        services.application_withdraw(actor=request.user, application=application)
        messages.success(request, _("Application withdrawn."))
    except ApplicationError as exc:
        if exc.is_denial:
            raise
        messages.error(request, str(exc.message))
    return redirect("home")


@login_required
@require_POST
def seat_update(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    seat = get_object_or_404(
        CommunityMembership.objects.select_related("community", "organization"), pk=pk
    )
    trust = request.POST.get("trust")
    if trust is not None:
        access_seat(request.user, seat, Action.TRUST)
    else:
        access_seat(
            request.user, seat, Action.WITHDRAW if request.POST.get("leave") else Action.MANAGE
        )
    try:
        if trust is not None:
            seat = services.seat_set_trust(actor=request.user, seat=seat, trusted=trust == "1")
            messages.success(
                request,
                _("Community-level trust granted.")
                if seat.trusted_at
                else _("Community-level trust withdrawn."),
            )
        elif request.POST.get("leave"):
            services.seat_leave(
                actor=request.user, seat=seat, reason=request.POST.get("reason", "")[:2000]
            )
            messages.success(request, _("The organization has left the community."))
        else:
            form = TierForm(request.POST)
            if not form.is_valid():
                raise ApplicationError("invalid", _("Unknown tier."))
            services.seat_change_tier(actor=request.user, seat=seat, **form.cleaned_data)
            messages.success(request, _("Tier changed."))
    except ApplicationError as exc:
        if exc.is_denial:
            raise
        messages.error(request, str(exc.message))
    if is_superuser(request.user) or is_secretariat(request.user, seat.community):
        return redirect("community:community-manage", slug=seat.community.slug)
    return redirect("community:org-detail", pk=seat.organization_id)


@login_required
def community_audit(request: HttpRequest, slug: str) -> HttpResponseBase:
    community = selectors.community_get(actor=request.user, slug=slug)
    events = selectors.audit_for_community(
        actor=request.user, community=community, action=request.GET.get("action", "")[:64]
    )
    if request.GET.get("format") == "csv":
        return _audit_csv(events, f"audit-{community.slug}.csv")
    return render(
        request, "community/audit.html", {"subject": community, "page": _page(request, events)}
    )
