"""In-app notifications plus e-mail through the configured backend, in each reader's language."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import override

from talentbridge.projects.models import Notification


def text(kind: str, params: Mapping[str, Any]) -> str:
    messages = {
        "application_received": _("New application to “%(brief)s” from %(who)s."),
        "application_decided": _("Your application to “%(brief)s” was %(decision)s."),
        "brief_submitted": _("The brief “%(brief)s” awaits your approval."),
        "brief_decided": _("Your brief “%(brief)s” was %(decision)s."),
        "brief_adopted": _("“%(brief)s” was adopted into the course %(course)s."),
        "team_formed": _("You are in team %(team)s for “%(brief)s”."),
        "milestone_due": _("Milestone “%(milestone)s” of “%(brief)s” is due on %(due)s."),
        "submission_received": _("Team %(team)s submitted work for “%(milestone)s”."),
        "review_received": _("Your team %(team)s received a review for “%(brief)s”."),
        "brief_closed": _("“%(brief)s” is closed; your skill evidence has been recorded."),
    }
    template = messages.get(kind)
    if template is None:
        return kind
    values = dict(params)
    if "decision" in values:
        values["decision"] = _("accepted") if values["decision"] == "accepted" else _("declined")
    return template % values


def notify(recipients: Iterable[Any], kind: str, params: Mapping[str, Any], url: str = "") -> None:
    """Create the in-app notices now and send the e-mails after the transaction commits."""
    users = {u.pk: u for u in recipients if u is not None}.values()
    Notification.objects.bulk_create(
        Notification(recipient=u, kind=kind, params=dict(params), url=url) for u in users
    )
    mails = [(u.email, u.preferred_language) for u in users if u.email]

    def send() -> None:
        for email, language in mails:
            with override(language or settings.LANGUAGE_CODE):
                body = text(kind, params)
                send_mail(
                    subject=_("[talentbridge] %(summary)s") % {"summary": body[:60]},
                    message=f"{body}\n\n{url}",
                    from_email=None,
                    recipient_list=[email],
                    fail_silently=True,
                )

    transaction.on_commit(send)
