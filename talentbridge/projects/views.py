"""HTML views over the same selectors, services and gatekeepers as the API."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.forms import ChoiceField
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from talentbridge.accounts.models import User
from talentbridge.community.models import Community, Organization, OrganizationKind, OrgRole
from talentbridge.community.selectors import (
    acting_organization,
    acting_organizations,
    memberships_of,
    session_acting_organization,
)
from talentbridge.core.errors import ApplicationError, invalid
from talentbridge.core.forms import add_application_error, region_choices
from talentbridge.projects import forms, selectors, services, skills
from talentbridge.projects.matching import explain
from talentbridge.projects.models import (
    BriefStatus,
    CourseOffering,
    Deliverable,
    Milestone,
    StudentProfile,
    Submission,
)
from talentbridge.projects.notifications import text as notification_text
from talentbridge.projects.permissions import (
    ENTERPRISE_ROLES,
    Action,
    access_application,
    access_brief,
    access_offering,
    access_run,
    access_team,
    can_create_brief,
    is_approver,
    is_college_staff,
    is_enterprise_member,
    is_student,
    is_team_member,
    managed_offerings,
    may_view_team,
    reviewer_role,
)


def _attempt(request: HttpRequest, work: Callable[[], Any], success: str) -> Any:
    """Run a service; show a domain error as a message (denials still propagate)."""
    try:
        result = work()
    except ApplicationError as exc:
        if exc.is_denial:
            raise
        messages.error(request, str(exc.message))
        return None
    messages.success(request, success)
    return result


# --- Briefs -------------------------------------------------------------------------------------


def brief_list(request: HttpRequest) -> HttpResponse:
    max_weeks = request.GET.get("max_weeks", "")
    if max_weeks and forms.small_int(max_weeks) is None:
        raise invalid("max_weeks", _("Enter the number of weeks as a whole number."))
    qs = selectors.brief_list(
        actor=request.user,
        q=request.GET.get("q", "")[:100],
        skill=request.GET.get("skill", "")[:255],
        region=request.GET.get("region", "")[:6],
        enterprise=request.GET.get("enterprise", "")[:36],
        max_weeks=forms.small_int(max_weeks),
        paid=request.GET.get("paid", ""),
        status=request.GET.get("status", ""),
    )
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "statuses": BriefStatus.choices,
        "skill_choices": skills.choices(),
        "provinces": region_choices("province")[1:],
        "can_create": request.user.is_authenticated and _may_create(request.user),
    }
    template = (
        "projects/_brief_rows.html"
        if getattr(request, "htmx", False)
        else "projects/brief_list.html"
    )
    return render(request, template, context)


def _may_create(user: Any) -> bool:
    try:
        can_create_brief(user)
    except ApplicationError:
        return False
    return True


@login_required
def brief_create(request: HttpRequest) -> HttpResponse:
    can_create_brief(request.user)
    form = forms.BriefForm(request.POST or None)
    enterprises = acting_organizations(
        request.user, kind=OrganizationKind.ENTERPRISE, roles=ENTERPRISE_ROLES
    )
    acting = session_acting_organization(request)
    if request.method == "POST" and form.is_valid():
        data = {
            k: v
            for k, v in form.cleaned_data.items()
            if k not in ("skills_text", "milestones_text")
        }
        try:
            enterprise = acting_organization(
                request.user,
                kind=OrganizationKind.ENTERPRISE,
                roles=ENTERPRISE_ROLES,
                chosen=request.POST.get("enterprise"),
                preferred=acting,
                field="enterprise",
            )
            brief = services.brief_create(
                actor=request.user,
                enterprise=enterprise,
                data=data,
                required_skills=form.cleaned_data["skills_text"],
                milestones=form.cleaned_data["milestones_text"],
            )
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, _("Brief saved as a draft."))
            return redirect("projects:brief-detail", pk=brief.pk)
    context = {
        "form": form,
        "enterprises": enterprises,
        "acting": next((e for e in enterprises if str(e.pk) == acting), None),
        "chosen": request.POST.get("enterprise", ""),
    }
    return render(request, "projects/brief_form.html", context)


def brief_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    brief = selectors.brief_get(actor=request.user, pk=pk)
    user = request.user
    signed_in = user.is_authenticated
    manager = signed_in and (user.is_superuser or is_enterprise_member(user, brief))
    context = {
        "brief": brief,
        "skills": [(skills.label(s.concept_id), s) for s in brief.skills.all()],
        "deliverables": [Deliverable(d).label for d in brief.deliverables],
        "milestones": brief.milestones.all(),
        "materials": brief.materials.select_related("stored"),
        "adoptions": brief.adoptions.select_related("offering", "offering__college"),
        "teams": [
            (team, may_view_team(user, team))
            for team in brief.teams.prefetch_related("members__user")
        ],
        "places_taken": services.places_taken(brief),
        "fits": selectors.fit_to_my_courses(actor=user, brief=brief),
        "is_manager": manager,
        "can_decide": signed_in and (user.is_superuser or is_approver(user, brief)),
        "can_adopt": signed_in and (user.is_superuser or is_college_staff(user)),
        "can_apply": signed_in and is_student(user) and brief.status == BriefStatus.OPEN,
        "can_see_applicants": signed_in and _may(user, brief, Action.MANAGE_APPLICANTS),
        "colleges": Organization.objects.filter(kind="college", is_active=True),
        "communities": Community.objects.all(),
        "my_teams": [t for t in brief.teams.all() if signed_in and is_team_member(user, t)],
    }
    return render(request, "projects/brief_detail.html", context)


def _may(user: Any, brief: Any, action: Action) -> bool:
    try:
        access_brief(user, brief, action)
    except ApplicationError:
        return False
    return True


@login_required
@require_POST
def brief_submit(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    brief = selectors.brief_get(actor=request.user, pk=pk)
    access_brief(request.user, brief, Action.EDIT)
    college = Organization.objects.filter(pk=_uuid(request.POST.get("college"))).first()
    community = Community.objects.filter(pk=_uuid(request.POST.get("community"))).first()
    _attempt(
        request,
        lambda: services.brief_submit(
            actor=request.user, brief=brief, college=college, community=community
        ),
        _("Brief submitted for approval."),
    )
    return redirect("projects:brief-detail", pk=brief.pk)


def _uuid(value: Any) -> uuid.UUID:
    """A UUID from form input; the nil UUID (which matches nothing) when malformed."""
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return uuid.UUID(int=0)


@login_required
@require_POST
def brief_decide(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    brief = selectors.brief_get(actor=request.user, pk=pk)
    access_brief(request.user, brief, Action.DECIDE)
    approve = request.POST.get("decision") == "approve"
    _attempt(
        request,
        lambda: services.brief_decide(
            actor=request.user, brief=brief, approve=approve, note=request.POST.get("note", "")
        ),
        _("Decision recorded."),
    )
    return redirect("projects:brief-detail", pk=brief.pk)


@login_required
@require_POST
def brief_advance(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    brief = selectors.brief_get(actor=request.user, pk=pk)
    access_brief(request.user, brief, Action.EDIT)
    step = request.POST.get("step", "")
    if step == "commercial_use":
        work: Callable[[], Any] = lambda: services.brief_mark_commercial_use(  # noqa: E731
            actor=request.user, brief=brief, note=request.POST.get("note", "")
        )
    else:
        work = lambda: services.brief_advance(actor=request.user, brief=brief, step=step)  # noqa: E731
    _attempt(request, work, _("Brief updated."))
    return redirect("projects:brief-detail", pk=brief.pk)


@login_required
@require_POST
def brief_material(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    brief = selectors.brief_get(actor=request.user, pk=pk)
    access_brief(request.user, brief, Action.EDIT)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file."))
    else:
        _attempt(
            request,
            lambda: services.brief_add_material(actor=request.user, brief=brief, upload=upload),
            _("File added."),
        )
    return redirect("projects:brief-detail", pk=brief.pk)


@login_required
def brief_adopt(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    brief = selectors.brief_get(actor=request.user, pk=pk)
    access_brief(request.user, brief, Action.ADOPT)
    colleges = [
        m.organization
        for m in memberships_of(request.user)
        if m.organization.kind == "college" and m.role in (OrgRole.ADMIN, OrgRole.TEACHER)
    ]
    offerings = CourseOffering.objects.filter(college__in=colleges)
    students = User.objects.filter(
        org_memberships__organization__in=colleges, org_memberships__role=OrgRole.STUDENT
    ).order_by("email")
    form = forms.AdoptForm(request.POST or None)
    cast(ChoiceField, form.fields["offering"]).choices = [("", "—")] + [
        (str(o.pk), str(o)) for o in offerings
    ]
    cast(ChoiceField, form.fields["students"]).choices = [
        (str(u.pk), f"{u} <{u.email}>") for u in students
    ]
    if request.method == "POST" and form.is_valid():
        try:
            adoption = _adopt(request, brief, colleges, form.cleaned_data)
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(
                request, _("Brief adopted into %(course)s.") % {"course": adoption.offering}
            )
            return redirect("projects:offering-detail", pk=adoption.offering_id)
    return render(request, "projects/brief_adopt.html", {"brief": brief, "form": form})


def _adopt(request: HttpRequest, brief: Any, colleges: list[Any], data: dict[str, Any]) -> Any:
    if data["offering"]:
        offering = selectors.offering_get(actor=request.user, pk=data["offering"])
    else:
        if not colleges:
            raise ApplicationError("invalid", _("You do not teach at a college."))
        offering = services.offering_create(
            actor=request.user,
            college=colleges[0],
            data={
                k: data[k]
                for k in (
                    "course_code",
                    "course_name_zh",
                    "course_name_en",
                    "class_name",
                    "semester",
                    "major_code",
                )
            },
            students=User.objects.filter(pk__in=data["students"]),
        )
    return services.brief_adopt(
        actor=request.user,
        brief=brief,
        offering=offering,
        weight=data["assessment_weight"],
        note=data["assessment_note"],
    )


@login_required
def brief_apply(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    brief = selectors.brief_get(actor=request.user, pk=pk)
    access_brief(request.user, brief, Action.APPLY)
    form = forms.ApplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        emails = [e.strip().lower() for e in form.cleaned_data["members"].split() if e.strip()]
        members = list(User.objects.filter(email__in=emails))
        try:
            if len(members) != len(set(emails)):
                raise ApplicationError(
                    "invalid",
                    _("Unknown e-mail address."),
                    fields={"members": [_("Every member needs an account.")]},
                )
            services.application_submit(
                actor=request.user,
                brief=brief,
                statement=form.cleaned_data["statement"],
                portfolio_links=form.cleaned_data["portfolio_links"],
                members=members,
                team_name=form.cleaned_data["team_name"],
            )
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, _("Application sent."))
            return redirect("projects:brief-detail", pk=brief.pk)
    return render(request, "projects/brief_apply.html", {"brief": brief, "form": form})


@login_required
def brief_applications(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    brief = selectors.brief_get(actor=request.user, pk=pk)
    ranked = selectors.students_for_brief(actor=request.user, brief=brief)
    context = {
        "brief": brief,
        "applications": selectors.applications_for_brief(actor=request.user, brief=brief),
        "ranked": [(r.item, r.fit, [explain(c, p) for c, p in r.fit.reasons]) for r in ranked],
        "offerings": managed_offerings(request.user, brief),
    }
    return render(request, "projects/brief_applications.html", context)


@login_required
@require_POST
def application_decide(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    application = selectors.application_get(actor=request.user, pk=pk)
    access_application(request.user, application, Action.MANAGE_APPLICANTS)
    accept = request.POST.get("decision") == "accept"
    _attempt(
        request,
        lambda: services.application_decide(
            actor=request.user, application=application, accept=accept
        ),
        _("Decision recorded."),
    )
    return redirect("projects:brief-applications", pk=application.brief_id)


@login_required
@require_POST
def team_create(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    brief = selectors.brief_get(actor=request.user, pk=pk)
    access_brief(request.user, brief, Action.MANAGE_APPLICANTS)
    members = list(User.objects.filter(pk__in=request.POST.getlist("members")))
    offering = CourseOffering.objects.filter(pk=_uuid(request.POST.get("offering"))).first()
    _attempt(
        request,
        lambda: services.team_form(
            actor=request.user,
            brief=brief,
            name=request.POST.get("name", ""),
            members=members,
            offering=offering,
        ),
        _("Team formed."),
    )
    return redirect("projects:brief-applications", pk=brief.pk)


# --- Offerings and allocation --------------------------------------------------------------------


@login_required
def offering_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    offering = selectors.offering_get(actor=request.user, pk=pk)
    runs = offering.allocation_runs.all()[:5]
    context = {
        "offering": offering,
        "students": offering.students.order_by("email"),
        "adoptions": offering.adoptions.select_related("brief"),
        "runs": runs,
        "teams": offering.teams.select_related("brief").prefetch_related("members__user"),
    }
    return render(request, "projects/offering_detail.html", context)


@login_required
@require_POST
def offering_allocate(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    offering = selectors.offering_get(actor=request.user, pk=pk)
    access_offering(request.user, offering, Action.MANAGE)
    locks = {}
    for value in request.POST.getlist("lock"):
        student, _sep, brief = value.partition(":")
        locks[student] = brief
    base = _base_run(request)
    run = _attempt(
        request,
        lambda: services.allocation_run(
            actor=request.user, offering=offering, locks=locks, base=base
        ),
        _("Allocation computed."),
    )
    if run is None:
        return redirect("projects:offering-detail", pk=offering.pk)
    return redirect("projects:run-detail", pk=run.pk)


def _base_run(request: HttpRequest) -> Any:
    """The earlier run a re-run starts from (the report's form names it), or None."""
    base_id = request.POST.get("base", "")
    return selectors.run_get(actor=request.user, pk=_uuid(base_id)) if base_id else None


@login_required
def run_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    run = selectors.run_get(actor=request.user, pk=pk)
    if request.method == "POST":
        access_run(request.user, run, Action.MANAGE)
        teams = _attempt(
            request,
            lambda: services.allocation_apply(actor=request.user, run=run),
            _("Teams created from the allocation."),
        )
        if teams is not None:
            return redirect("projects:offering-detail", pk=run.offering_id)
    users = {
        str(u.pk): u
        for u in User.objects.filter(
            pk__in=[r["student"] for r in run.assignments]
            + [u.get("student") for u in run.unmet if u.get("student")]
        )
    }
    briefs = {str(a.brief_id): a.brief for a in run.offering.adoptions.select_related("brief")}
    rows = [
        {
            **r,
            "user": users.get(r["student"]),
            "brief_obj": briefs.get(r["brief"]),
            "locked": any(lk["student"] == r["student"] for lk in run.locks),
        }
        for r in run.assignments
    ]
    unmet = [
        {
            **u,
            "user": users.get(u.get("student", "")),
            "brief_obj": briefs.get(u.get("brief", "")),
            "skill_label": skills.label(u["skill"]) if u.get("skill") else "",
        }
        for u in run.unmet
    ]
    return render(request, "projects/run_detail.html", {"run": run, "rows": rows, "unmet": unmet})


# --- Teams, delivery and review -------------------------------------------------------------------


@login_required
def team_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    team = selectors.team_get(actor=request.user, pk=pk)
    form = _submission_form(team)
    context = {
        "team": team,
        "brief": team.brief,
        "members": team.members.select_related("user"),
        "submissions": team.submissions.select_related(
            "milestone", "stored", "submitted_by"
        ).prefetch_related("comments__author"),
        "reviews": team.reviews.select_related("reviewer"),
        "skill_labels": {s.concept_id: skills.label(s.concept_id) for s in team.brief.skills.all()},
        "form": form,
        "is_member": is_team_member(request.user, team),
        "reviewer_role": reviewer_role(request.user, team),
        "evidence": team.evidence.select_related("student", "assessed_by"),
    }
    return render(request, "projects/team_detail.html", context)


@login_required
@require_POST
def submission_create(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    team = selectors.team_get(actor=request.user, pk=pk)
    access_team(request.user, team, Action.SUBMIT_WORK)
    form = _submission_form(team, request.POST, request.FILES)
    if not form.is_valid():
        for error in (e for errors in form.errors.values() for e in errors):
            messages.error(request, str(error))
        return redirect("projects:team-detail", pk=team.pk)
    data = form.cleaned_data
    milestone = Milestone.objects.get(pk=data["milestone"], brief=team.brief)
    _attempt(
        request,
        lambda: services.submission_create(
            actor=request.user,
            team=team,
            milestone=milestone,
            note=data["note"],
            link=data["link"],
            upload=data["file"],
        ),
        _("Work submitted."),
    )
    return redirect("projects:team-detail", pk=team.pk)


def _submission_form(team: Any, *args: Any) -> forms.SubmissionForm:
    form = forms.SubmissionForm(*args)
    cast(ChoiceField, form.fields["milestone"]).choices = [
        (str(m.pk), f"{m.due_on} {m.title}") for m in team.brief.milestones.all()
    ]
    return form


@login_required
@require_POST
def comment_create(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    submission = Submission.objects.select_related("team").filter(pk=pk).first()
    if submission is None:
        raise ApplicationError("not_found", _("Not found."))
    access_team(request.user, submission.team, Action.VIEW)
    _attempt(
        request,
        lambda: services.comment_add(
            actor=request.user, submission=submission, body=request.POST.get("body", "")
        ),
        _("Comment added."),
    )
    return redirect("projects:team-detail", pk=submission.team_id)


@login_required
def review_create(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    team = selectors.team_get(actor=request.user, pk=pk)
    access_team(request.user, team, Action.REVIEW)
    form = forms.ReviewForm(request.POST or None)
    criteria = [
        (s.concept_id, skills.label(s.concept_id), s.level) for s in team.brief.skills.all()
    ]
    scores = _scores(request, form, criteria) if request.method == "POST" else {}
    if request.method == "POST" and form.is_valid():
        try:
            services.review_submit(
                actor=request.user,
                team=team,
                scores=scores,
                overall=form.cleaned_data["overall"],
                feedback=form.cleaned_data["feedback"],
            )
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, _("Review saved."))
            return redirect("projects:team-detail", pk=team.pk)
    return render(
        request, "projects/review_form.html", {"team": team, "form": form, "criteria": criteria}
    )


def _scores(
    request: HttpRequest, form: forms.ReviewForm, criteria: list[tuple[str, str, int]]
) -> dict[str, int]:
    """Scores typed for the brief's skills; a score that is not a whole number is a form error."""
    scores: dict[str, int] = {}
    for cid, label, _level in criteria:
        text = request.POST.get(f"score-{cid}", "").strip()
        if not text:
            continue
        value = forms.small_int(text)
        if value is None:
            message = _("The score for %(skill)s must be a whole number.") % {"skill": label}
            form.add_error(None, message)
        else:
            scores[cid] = value
    return scores


def _shares(request: HttpRequest) -> dict[str, int] | None:
    """Contribution shares by member id; None when one is not a whole number."""
    shares: dict[str, int] = {}
    for key in request.POST:
        if key.startswith("share-"):
            value = forms.small_int(request.POST.get(key, ""))
            if value is None:
                return None
            shares[key.removeprefix("share-")] = value
    return shares


@login_required
@require_POST
def peer_review(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    team = selectors.team_get(actor=request.user, pk=pk)
    access_team(request.user, team, Action.PEER_REVIEW)
    shares = _shares(request)
    if shares is None:
        messages.error(request, _("Each share is a whole number of percent."))
        return redirect("projects:team-detail", pk=team.pk)
    _attempt(
        request,
        lambda: services.peer_review_submit(
            actor=request.user, team=team, shares=shares, comment=request.POST.get("comment", "")
        ),
        _("Contribution shares saved."),
    )
    return redirect("projects:team-detail", pk=team.pk)


@login_required
def file_download(request: HttpRequest, pk: uuid.UUID) -> FileResponse:
    """Always an attachment with the checked content type and nosniff: never rendered inline."""
    submission = Submission.objects.select_related("team", "stored").filter(stored__pk=pk).first()
    if submission is not None:
        access_team(request.user, submission.team, Action.VIEW)
        stored = submission.stored
    else:
        from talentbridge.projects.models import BriefMaterial

        material = (
            BriefMaterial.objects.select_related("brief", "stored").filter(stored__pk=pk).first()
        )
        if material is None:
            raise ApplicationError("not_found", _("Not found."))
        access_brief(request.user, material.brief, Action.VIEW)
        stored = material.stored
    assert stored is not None
    response = FileResponse(
        stored.file.open("rb"),
        as_attachment=True,
        filename=stored.original_name,
        content_type=stored.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# --- Personal pages ----------------------------------------------------------------------


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    data = selectors.dashboard(actor=request.user)
    recommended = []
    if "student" in data:
        recommended = [
            (r.item, r.fit, [explain(c, p) for c, p in r.fit.reasons])
            for r in selectors.briefs_for_student(actor=request.user, student=request.user, limit=5)
        ]
    status_labels = dict(BriefStatus.choices)
    for key in ("enterprise", "community"):
        if key in data:
            data[key]["by_status_labelled"] = [
                (status_labels.get(k, k), v) for k, v in data[key]["by_status"].items()
            ]
    return render(request, "projects/dashboard.html", {"data": data, "recommended": recommended})


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    items = selectors.notifications_of(request.user)[:50]
    rows = [(n, notification_text(n.kind, n.params)) for n in items]
    if request.method == "POST":
        selectors.notifications_of(request.user).filter(read_at=None).update(read_at=timezone.now())
        return redirect("projects:notifications")
    return render(request, "projects/notifications.html", {"rows": rows})


@login_required
def evidence(request: HttpRequest) -> HttpResponse:
    items = selectors.evidence_of(actor=request.user, student=request.user)
    rows = [(e, skills.label(e.concept_id)) for e in items]
    return render(request, "projects/evidence.html", {"rows": rows})


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    current = StudentProfile.objects.filter(user__email=request.user.get_username()).first()
    initial = {
        "major_code": current.major_code if current else "",
        "claimed_skills": "\n".join(current.claimed_skills) if current else "",
        "hours_per_week": current.hours_per_week if current else 6,
        "preferred_deliverables": current.preferred_deliverables if current else [],
        "prefers_paid": current.prefers_paid if current else False,
    }
    form = forms.ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_update(actor=request.user, data=form.cleaned_data)
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, _("Preferences saved."))
            return redirect("projects:dashboard")
    return render(request, "projects/profile.html", {"form": form})
