"""Delivery and review: submissions, comments, mentor and peer reviews, reminders."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from talentbridge.core.errors import invalid
from talentbridge.core.services import audit_record
from talentbridge.projects.models import (
    BriefStatus,
    Milestone,
    PeerReview,
    ProjectBrief,
    Review,
    SkillLevel,
    Submission,
    Team,
    TeamMember,
)
from talentbridge.projects.notifications import notify
from talentbridge.projects.permissions import (
    Action,
    access_team,
    reviewer_role,
)
from talentbridge.projects.services._common import _conflict
from talentbridge.projects.services.briefs import _brief_url, _store_upload

# --- Delivery and review ------------------------------------------------------------------------


def submission_create(
    *,
    actor: Any,
    team: Team,
    milestone: Milestone,
    note: str = "",
    link: str = "",
    upload: UploadedFile | None = None,
) -> Submission:
    access_team(actor, team, Action.SUBMIT_WORK)
    if milestone.brief_id != team.brief_id:
        raise invalid("milestone", _("This milestone belongs to another brief."))
    if not (note.strip() or link or upload):
        raise invalid("file", _("Attach a file, a link or a note."))
    if link:
        _check_link(link)
    if _current_status(team) not in (BriefStatus.OPEN, BriefStatus.IN_PROGRESS):
        raise _conflict(_("Work can be submitted only while the project runs."))
    if upload is not None:
        upload._original_name = upload.name  # type: ignore[attr-defined]
    with transaction.atomic():
        Team.objects.select_for_update().get(pk=team.pk)
        stored = _store_upload(actor, upload) if upload is not None else None
        last = team.submissions.filter(milestone=milestone).aggregate(v=Max("version"))["v"] or 0
        submission = Submission.objects.create(
            team=team,
            milestone=milestone,
            version=last + 1,
            note=note[:2000],
            link=link,
            stored=stored,
            submitted_by=actor,
        )
        audit_record(
            actor=actor,
            action="submission.create",
            obj=submission,
            after={"version": submission.version, "file": stored.sha256 if stored else ""},
            organization_id=team.brief.enterprise_id,
        )
        reviewers = [team.brief.contact_mentor, team.offering.teacher if team.offering else None]
        notify(
            reviewers,
            "submission_received",
            {"team": team.name, "milestone": milestone.title_zh},
            reverse("projects:team-detail", kwargs={"pk": team.pk}),
        )
    return submission


WEB_LINK = URLValidator(schemes=["http", "https"])


def _check_link(link: str) -> None:
    """Only http(s) links: a ``javascript:`` or ``data:`` link would run in the reader's page."""
    try:
        WEB_LINK(link)
    except ValidationError as exc:
        raise invalid("link", _("Enter a web address starting with http:// or https://.")) from exc


def _current_status(team: Team) -> str:
    return ProjectBrief.objects.values_list("status", flat=True).get(pk=team.brief_id)


def comment_add(*, actor: Any, submission: Submission, body: str) -> Any:
    from talentbridge.projects.models import Comment

    access_team(actor, submission.team, Action.VIEW)
    if not body.strip():
        raise invalid("body", _("The comment is empty."))
    with transaction.atomic():
        comment = Comment.objects.create(submission=submission, author=actor, body=body[:2000])
        audit_record(actor=actor, action="comment.add", obj=comment)
    return comment


def review_submit(
    *, actor: Any, team: Team, scores: dict[str, int], overall: int, feedback: str
) -> Review:
    """Rubric review by the brief's mentor or the class teacher; criteria are the brief's
    skills; one review per role, a new one replaces the old."""
    access_team(actor, team, Action.REVIEW)
    role = reviewer_role(actor, team)
    if role is None:  # superuser acting for the mentor
        role = "mentor"
    criteria = set(team.brief.skills.values_list("concept_id", flat=True))
    if set(scores) - criteria:
        raise invalid("scores", _("Score only the skills the brief asks for."))
    if not scores:
        raise invalid("scores", _("Score at least one skill."))
    if any(int(v) not in SkillLevel.values for v in scores.values()):
        raise invalid("scores", _("Skill levels go from 1 (basic) to 4 (expert)."))
    if not 0 <= overall <= 100:
        raise invalid("overall", _("The overall score goes from 0 to 100."))
    if not feedback.strip():
        raise invalid("feedback", _("Write some feedback."))
    if _current_status(team) not in (BriefStatus.IN_PROGRESS, BriefStatus.DELIVERED):
        raise _conflict(_("Reviews are given while the project runs or after delivery."))
    with transaction.atomic():
        review, _created = Review.objects.update_or_create(
            team=team,
            role=role,
            defaults={
                "reviewer": actor,
                "scores": {k: int(v) for k, v in scores.items()},
                "overall": overall,
                "feedback": feedback[:5000],
            },
        )
        audit_record(
            actor=actor,
            action="review.submit",
            obj=review,
            after={"scores": review.scores, "overall": overall},
            organization_id=team.brief.enterprise_id,
        )
        notify(
            [m.user for m in team.members.select_related("user")],
            "review_received",
            {"team": team.name, "brief": team.brief.title_zh},
            reverse("projects:team-detail", kwargs={"pk": team.pk}),
        )
    return review


def peer_review_submit(
    *, actor: Any, team: Team, shares: dict[str, int], comment: str = ""
) -> PeerReview:
    """Contribution shares (percent) for every member of the team, summing to 100."""
    access_team(actor, team, Action.PEER_REVIEW)
    members = {str(u) for u in team.members.values_list("user_id", flat=True)}
    if set(shares) != members:
        raise invalid("shares", _("Give a share for every member of the team."))
    if any(int(v) < 0 for v in shares.values()) or sum(int(v) for v in shares.values()) != 100:
        raise invalid("shares", _("The shares must add up to 100."))
    with transaction.atomic():
        peer, _created = PeerReview.objects.update_or_create(
            team=team,
            reviewer=actor,
            defaults={"shares": {k: int(v) for k, v in shares.items()}, "comment": comment[:2000]},
        )
        audit_record(actor=actor, action="peer_review.submit", obj=peer, after=peer.shares)
    return peer


def milestones_remind(*, today: datetime.date | None = None, days_ahead: int = 3) -> int:
    """Notify team members of milestones due within ``days_ahead`` days (once each)."""
    today = today or timezone.localdate()
    due = Milestone.objects.filter(
        brief__status=BriefStatus.IN_PROGRESS,
        due_on__gte=today,
        due_on__lte=today + datetime.timedelta(days=days_ahead),
        reminded_on__isnull=True,
    ).select_related("brief")
    count = 0
    for milestone in due:
        with transaction.atomic():
            members = [
                m.user
                for m in TeamMember.objects.filter(brief=milestone.brief).select_related("user")
            ]
            notify(
                members,
                "milestone_due",
                {
                    "milestone": milestone.title_zh,
                    "brief": milestone.brief.title_zh,
                    "due": milestone.due_on.isoformat(),
                },
                _brief_url(milestone.brief),
            )
            milestone.reminded_on = today
            milestone.save(update_fields=["reminded_on", "updated_at"])
        count += 1
    return count
