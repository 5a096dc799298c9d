"""HTML pages of the curriculum app: the same selectors, services and gatekeepers as the API.
POST forms carry an ``action`` field; a missing or unknown action is a 400."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from talentbridge.community.models import Organization, OrganizationKind
from talentbridge.community.selectors import organizations_administered_by
from talentbridge.core.downloads import attachment
from talentbridge.core.errors import ApplicationError
from talentbridge.curriculum import adapters, analysis, reports, selectors, services
from talentbridge.curriculum.api import XLSX, diff_payload, previous_version
from talentbridge.curriculum.messages import message, syllabus_message
from talentbridge.curriculum.models import (
    CourseType,
    PlanRule,
    RuleKind,
    SignoffDecision,
    SkillLevel,
    VersionStatus,
)
from talentbridge.curriculum.permissions import (
    Action,
    access_college_curriculum,
    access_offering,
    access_version,
    college_role,
    partner_organization,
)
from talentbridge.curriculum.syllabus import SyllabusError, text_from_upload
from talentbridge.taxonomy.models import MajorLevel


def _int(value: str | None, default: int = 0) -> int:
    try:
        return int(value or default)
    except ValueError:
        return default


def _run(request: HttpRequest, call: Callable[[], Any], success: str) -> bool:
    try:
        call()
    except ApplicationError as exc:
        text = [str(exc.message)]
        for msgs in exc.fields.values():
            text.extend(str(m) for m in msgs if str(m) not in text)
        messages.error(request, " ".join(text))
        return False
    messages.success(request, success)
    return True


@login_required
def offering_list(request: HttpRequest) -> HttpResponse:
    colleges = [
        o for o in organizations_administered_by(request.user) if o.kind == OrganizationKind.COLLEGE
    ]
    if request.method == "POST":
        college = _organization(request.POST.get("college"))
        if college is None:
            return HttpResponseBadRequest(_("Choose a college."))
        _run(
            request,
            lambda: services.offering_create(
                actor=request.user,
                college=college,
                major_code=request.POST.get("major_code", ""),
                established_year=_int(request.POST.get("established_year")) or None,
            ),
            _("Major added."),
        )
        return redirect("curriculum:offering-list")
    context = {
        "offerings": selectors.offering_list(actor=request.user),
        "colleges": colleges,
        "majors": adapters.major_choices(),
        "levels": MajorLevel.choices,
    }
    return render(request, "curriculum/offering_list.html", context)


@login_required
def college_rules(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """A college's plan rules (e.g. practice hours ≥ 50 % for 高职): staff read, admins edit."""
    college = get_object_or_404(Organization, pk=pk, kind=OrganizationKind.COLLEGE)
    access_college_curriculum(request.user, college, Action.VIEW)
    if request.method == "POST":
        access_college_curriculum(request.user, college, Action.MANAGE)
        action = request.POST.get("action", "")
        level = request.POST.get("level", "")
        if level not in ("", *MajorLevel.values):
            messages.error(request, _("Unknown level."))
        elif action == "set":
            value = _decimal_or_none(request.POST.get("value"))
            if value is None:
                messages.error(request, _("The value must be a number, e.g. 0.5 for 50 %."))
            else:
                _run(
                    request,
                    lambda: services.rule_set(
                        actor=request.user,
                        college=college,
                        kind=request.POST.get("kind", ""),
                        value=value,
                        level=level,
                    ),
                    _("Rule saved."),
                )
        elif action == "delete":
            rule = PlanRule.objects.filter(
                college=college, level=level, kind=request.POST.get("kind", "")
            ).first()
            if rule is not None:
                _run(
                    request,
                    lambda: services.rule_delete(actor=request.user, rule=rule),
                    _("Rule removed."),
                )
        else:
            return HttpResponseBadRequest(_("Unknown action."))
        return redirect("curriculum:college-rules", pk=college.pk)
    role = college_role(request.user, college)
    context = {
        "college": college,
        "rules": PlanRule.objects.filter(college=college),
        "kinds": RuleKind.choices,
        "levels": MajorLevel.choices,
        "can_manage": request.user.is_superuser or role == "admin",
    }
    return render(request, "curriculum/college_rules.html", context)


@login_required
def offering_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    offering = selectors.offering_get(actor=request.user, pk=pk)
    if request.method == "POST":
        return _offering_post(request, offering)
    role = college_role(request.user, offering.college)
    context = {
        "offering": offering,
        "major": adapters.major_get(offering.major_code, offering.level),
        "plans": offering.plans.prefetch_related("versions"),
        "enrollments": offering.enrollments.all(),
        "partners": offering.partners.select_related("enterprise"),
        "enterprises": Organization.objects.filter(
            kind=OrganizationKind.ENTERPRISE, is_active=True
        )[:500],
        "can_manage": request.user.is_superuser or role == "admin",
        "can_edit": request.user.is_superuser or role is not None,
        "occupations": adapters.major_occupations(offering.major_code),
        "rules": PlanRule.objects.filter(college=offering.college),
    }
    return render(request, "curriculum/offering_detail.html", context)


def _offering_post(request: HttpRequest, offering: Any) -> HttpResponse:
    action = request.POST.get("action", "")
    if action == "plan":
        access_offering(request.user, offering, Action.EDIT)
        _run(
            request,
            lambda: services.plan_create(
                actor=request.user,
                offering=offering,
                cohort_year=_int(request.POST.get("cohort_year")),
                semesters=_int(request.POST.get("semesters"), 6),
            ),
            _("Plan created."),
        )
    elif action == "enrollment":
        access_offering(request.user, offering, Action.MANAGE)
        _run(
            request,
            lambda: services.enrollment_set(
                actor=request.user,
                offering=offering,
                year=_int(request.POST.get("year")),
                students=_int(request.POST.get("students"), -1),
            ),
            _("Enrollment saved."),
        )
    elif action == "partner":
        access_offering(request.user, offering, Action.MANAGE)
        enterprise = _organization(request.POST.get("enterprise"))
        if enterprise is None:
            messages.error(request, _("Choose an enterprise."))
        else:
            _run(
                request,
                lambda: services.partner_add(
                    actor=request.user, offering=offering, enterprise=enterprise
                ),
                _("Partner added."),
            )
    else:
        access_offering(request.user, offering, Action.EDIT)
        return HttpResponseBadRequest(_("Unknown action."))
    return redirect("curriculum:offering-detail", pk=offering.pk)


def _organization(value: str | None) -> Organization | None:
    pk = _uuid(value)
    return Organization.objects.filter(pk=pk).first() if pk else None


def _uuid(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(value or "")
    except ValueError:
        return None


@login_required
def version_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    version = selectors.version_get(actor=request.user, pk=pk)
    if request.method == "POST":
        return _version_post(request, version)
    offering = version.plan.offering
    role = college_role(request.user, offering.college)
    partner = partner_organization(request.user, offering)
    check = services.plan_check(version)
    courses = version.courses.prefetch_related("outcomes")
    context = {
        "version": version,
        "offering": offering,
        "versions": version.plan.versions.all(),
        "courses": courses,
        "course_outcomes": [
            (c, [(o, adapters.skill_label(o.skill_id)) for o in c.outcomes.all()]) for c in courses
        ],
        "check": check,
        "total_credits": sum((c.credits for c in courses), Decimal(0)),
        "certificates": [
            (c, adapters.certificate_get(c.certificate_id)) for c in version.certificates.all()
        ],
        "competitions": version.competitions.all(),
        "certificate_choices": adapters.certificates(),
        "goal_skills": [(g, adapters.skill_label(g.skill_id)) for g in version.goal_skills.all()],
        "comments": version.comments.select_related("author", "organization"),
        "proposals": [
            (p, adapters.skill_label(p.skill_id))
            for p in version.proposals.select_related("organization")
        ],
        "signoffs": version.signoffs.select_related("organization", "signed_by"),
        "transitions": version.transitions.select_related("actor"),
        "is_draft": version.status == VersionStatus.DRAFT,
        "can_edit": request.user.is_superuser or role is not None,
        "can_decide": request.user.is_superuser or role == "admin",
        "is_partner": partner is not None,
        "course_types": CourseType.choices,
        "signoff_choices": SignoffDecision.choices,
        "skills": adapters.skill_choices(),
    }
    return render(request, "curriculum/version_detail.html", context)


def _version_post(request: HttpRequest, version: Any) -> HttpResponse:
    action = request.POST.get("action", "")
    note = request.POST.get("note", "")
    user = request.user
    handlers: dict[str, tuple[Action, Callable[[], Any], str]] = {
        "submit": (
            Action.SUBMIT,
            lambda: services.version_submit(actor=user, version=version, note=note),
            _("Sent to enterprise review."),
        ),
        "advance": (
            Action.DECIDE,
            lambda: services.version_advance(actor=user, version=version, note=note),
            _("Sent to the committee."),
        ),
        "return": (
            Action.DECIDE,
            lambda: services.version_return(actor=user, version=version, note=note),
            _("Returned to draft."),
        ),
        "publish": (
            Action.DECIDE,
            lambda: services.version_publish(actor=user, version=version, note=note),
            _("Published."),
        ),
        "comment": (
            Action.COMMENT,
            lambda: services.comment_add(
                actor=user,
                version=version,
                body=request.POST.get("body", ""),
                course_code=request.POST.get("course_code", ""),
            ),
            _("Comment added."),
        ),
        "propose": (
            Action.CO_AUTHOR,
            lambda: services.proposal_create(
                actor=user,
                version=version,
                skill_id=request.POST.get("skill_id", ""),
                weight=_decimal(request.POST.get("weight")),
                rationale=request.POST.get("rationale", ""),
            ),
            _("Proposal sent."),
        ),
        "signoff": (
            Action.CO_AUTHOR,
            lambda: services.signoff_create(
                actor=user, version=version, decision=request.POST.get("decision", ""), note=note
            ),
            _("Sign-off recorded."),
        ),
        "decide_proposal": (
            Action.DECIDE,
            lambda: services.proposal_decide(
                actor=user,
                proposal=selectors.proposal_get(
                    actor=user, pk=_uuid(request.POST.get("proposal")) or uuid.uuid4()
                ),
                accept=request.POST.get("accept") == "1",
                note=note,
            ),
            _("Decision recorded."),
        ),
        "new_version": (
            Action.EDIT,
            lambda: services.version_create(
                actor=user, plan=version.plan, source=version, change_note=note
            ),
            _("New draft version created."),
        ),
        "course": (
            Action.EDIT,
            lambda: services.course_create(actor=user, version=version, data=_course_data(request)),
            _("Course added."),
        ),
        "update": (
            Action.EDIT,
            lambda: services.version_update(
                actor=user, version=version, data=_version_data(request)
            ),
            _("Changes saved."),
        ),
        "competition": (
            Action.EDIT,
            lambda: services.competition_add(
                actor=user,
                version=version,
                name=request.POST.get("name", ""),
                course_code=request.POST.get("course_code", ""),
            ),
            _("Competition added."),
        ),
        "remove_certificate": (
            Action.EDIT,
            lambda: services.certificate_remove(
                actor=user, version=version, certificate_id=request.POST.get("certificate_id", "")
            ),
            _("Certificate removed."),
        ),
        "remove_competition": (
            Action.EDIT,
            lambda: services.competition_remove(
                actor=user, version=version, name=request.POST.get("name", "")
            ),
            _("Competition removed."),
        ),
        "certificate": (
            Action.EDIT,
            lambda: services.certificate_add(
                actor=user,
                version=version,
                certificate_id=request.POST.get("certificate_id", ""),
                level=request.POST.get("level", ""),
            ),
            _("Certificate added."),
        ),
    }
    if action not in handlers:
        access_version(user, version, Action.VIEW)
        return HttpResponseBadRequest(_("Unknown action."))
    needed, call, success = handlers[action]
    access_version(user, version, needed)
    _run(request, call, success)
    if action == "new_version":
        latest = version.plan.versions.order_by("-number").first()
        return redirect("curriculum:version-detail", pk=latest.pk if latest else version.pk)
    return redirect("curriculum:version-detail", pk=version.pk)


def _decimal_or_none(value: str | None) -> Decimal | None:
    try:
        number = Decimal((value or "").strip().replace(",", "."))
    except InvalidOperation:
        return None
    return number if number.is_finite() and abs(number) < 10**5 else None


def _decimal(value: str | None) -> Decimal:
    try:
        return Decimal(value or "0")
    except InvalidOperation:
        return Decimal(0)


def _course_data(request: HttpRequest) -> dict[str, Any]:
    post = request.POST
    return {
        "code": post.get("code", ""),
        "name_zh": post.get("name_zh", ""),
        "name_en": post.get("name_en", ""),
        "credits": post.get("credits", ""),
        "hours_theory": _int(post.get("hours_theory"), -1),
        "hours_practice": _int(post.get("hours_practice"), -1),
        "semester": _int(post.get("semester")),
        "course_type": post.get("course_type", ""),
    }


def _version_data(request: HttpRequest) -> dict[str, Any]:
    fields = ("goals_zh", "goals_en", "requirements_zh", "requirements_en", "change_note")
    data: dict[str, Any] = {f: request.POST.get(f, "") for f in fields if f in request.POST}
    if request.POST.get("semesters"):
        data["semesters"] = _int(request.POST.get("semesters"))
    if "declared_credits" in request.POST:
        # the service parses and range-checks it ("NaN", "Infinity", 1e9 are refused)
        data["declared_credits"] = request.POST.get("declared_credits", "").strip() or None
    return data


@login_required
def version_import(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    version = selectors.version_get(actor=request.user, pk=pk)
    access_version(request.user, version, Action.EDIT)
    report = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("Choose an XLSX file."))
        else:
            try:
                report = services.plan_import_xlsx(
                    actor=request.user,
                    version=version,
                    data=upload.read(5 * 1024 * 1024 + 1),
                    keep_good_rows=request.POST.get("keep_good_rows") == "1",
                )
            except ApplicationError as exc:
                messages.error(request, str(exc.message))
            else:
                if report.imported:
                    messages.success(request, _("Imported %(n)s courses.") % {"n": report.courses})
                    if not report.errors:
                        return redirect("curriculum:version-detail", pk=version.pk)
    return render(request, "curriculum/version_import.html", {"version": version, "report": report})


@login_required
def version_export(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    version = selectors.version_get(actor=request.user, pk=pk)
    name = (
        f"plan-{version.plan.offering.major_code}-{version.plan.cohort_year}-v{version.number}.xlsx"
    )
    return attachment(reports.plan_xlsx(version), filename=name, content_type=XLSX)


@login_required
def version_diff(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    version = selectors.version_get(actor=request.user, pk=pk)
    other_id = _uuid(request.GET.get("against"))
    other = (
        version.plan.versions.filter(pk=other_id).first() if other_id else previous_version(version)
    )
    diff = diff_payload(selectors.version_diff(other, version)) if other else None
    context = {
        "version": version,
        "other": other,
        "diff": diff,
        "versions": version.plan.versions.all(),
    }
    return render(request, "curriculum/version_diff.html", context)


@login_required
def course_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    course = selectors.course_get(actor=request.user, pk=pk)
    if request.method == "POST":
        return _course_post(request, course)
    role = college_role(request.user, course.version.plan.offering.college)
    context = {
        "course": course,
        "version": course.version,
        "outcomes": [(o, adapters.skill_label(o.skill_id)) for o in course.outcomes.all()],
        "suggestions": [(s, adapters.skill_label(s.skill_id)) for s in course.suggestions.all()],
        "levels": SkillLevel.choices,
        "can_edit": (request.user.is_superuser or role is not None)
        and course.version.status == VersionStatus.DRAFT,
        "skills": adapters.skill_choices(),
    }
    return render(request, "curriculum/course_detail.html", context)


def _course_post(request: HttpRequest, course: Any) -> HttpResponse:
    access_version(request.user, course.version, Action.EDIT)
    action = request.POST.get("action", "")
    user = request.user
    if action == "outcome":
        _run(
            request,
            lambda: services.outcome_set(
                actor=user,
                course=course,
                skill_id=request.POST.get("skill_id", ""),
                level=request.POST.get("level", ""),
                description=request.POST.get("description", ""),
            ),
            _("Outcome saved."),
        )
    elif action == "delete_outcome":
        outcome = course.outcomes.filter(pk=_uuid(request.POST.get("outcome"))).first()
        if outcome is not None:
            _run(
                request,
                lambda: services.outcome_delete(actor=user, outcome=outcome),
                _("Outcome removed."),
            )
    elif action == "suggest":
        text: str | None = request.POST.get("text", "") or None
        upload = request.FILES.get("file")
        try:
            if upload is not None:
                text = text_from_upload(upload.name or "", upload.read(5 * 1024 * 1024 + 1))
        except SyllabusError as exc:
            messages.error(request, syllabus_message(exc))
        else:
            _run(
                request,
                lambda: services.syllabus_suggest(actor=user, course=course, text=text),
                _("Suggestions ready: accept or reject each one."),
            )
    elif action in ("accept", "reject"):
        suggestion = course.suggestions.filter(pk=_uuid(request.POST.get("suggestion"))).first()
        if suggestion is not None:
            _run(
                request,
                lambda: services.suggestion_decide(
                    actor=user,
                    suggestion=suggestion,
                    accept=action == "accept",
                    level=request.POST.get("level", SkillLevel.MASTER),
                ),
                _("Decision recorded."),
            )
    else:
        return HttpResponseBadRequest(_("Unknown action."))
    return redirect("curriculum:course-detail", pk=course.pk)


def _query_from(request: HttpRequest, offering: Any) -> Any:
    region = request.GET.get("region", offering.college.region_code or "")[:6]
    return analysis.demand_query(
        region, request.GET.get("month_from", "")[:7], request.GET.get("month_to", "")[:7]
    )


@login_required
def version_alignment(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    version = selectors.version_get(actor=request.user, pk=pk)
    try:
        query = _query_from(request, version.plan.offering)
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
        query = analysis.demand_query("", "", "")
    result = analysis.version_alignment(actor=request.user, version=version, query=query)
    payload = reports.alignment_payload(result, actor=request.user)
    context = {
        "version": version,
        "offering": version.plan.offering,
        "data": payload,
        "query": query,
    }
    return render(request, "curriculum/alignment.html", context)


@login_required
def version_alignment_skill(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """Where one skill's figures come from: postings per month (from the demand source), the
    two halves of the trend test, and the courses of the plan that teach it."""
    version = selectors.version_get(actor=request.user, pk=pk)
    skill = request.GET.get("skill", "")[:200]
    if adapters.skill_get(skill) is None:
        return HttpResponseBadRequest(message("unknown_skill", {"skill": skill}))
    try:
        query = _query_from(request, version.plan.offering)
    except ApplicationError as exc:
        return HttpResponseBadRequest(str(exc.message))
    result = analysis.version_alignment(actor=request.user, version=version, query=query)
    detail = analysis.skill_drilldown(result, skill)
    row = detail.pop("row")
    codes = [t.course_code for t in detail["courses"]]
    courses = {c.code: c for c in version.courses.filter(code__in=codes)}
    context = {
        "version": version,
        "offering": version.plan.offering,
        "query": query,
        "detail": detail,
        "figures": reports.skill_row(row) if row else None,
        "teachings": [
            (
                t,
                courses.get(t.course_code),
                SkillLevel(t.level).label if t.level in SkillLevel.values else t.level,
            )
            for t in detail["courses"]
        ],
        "total": sum(m["postings"] for m in detail["months"]),
    }
    return render(request, "curriculum/alignment_skill.html", context)


@login_required
def offering_evidence(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    offering = selectors.offering_get(actor=request.user, pk=pk)
    try:
        query = _query_from(request, offering)
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
        query = analysis.demand_query("", "", "")
    try:
        report = reports.evidence_report(actor=request.user, offering=offering, query=query)
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
        return redirect("curriculum:offering-detail", pk=offering.pk)
    export = request.GET.get("export")
    if export in ("xlsx", "pdf"):
        return reports.evidence_download(report, offering=offering, kind=export)
    return render(
        request,
        "curriculum/evidence.html",
        {"offering": offering, "report": report, "query": query},
    )
