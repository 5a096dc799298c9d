"""Portfolio (作品集) and share links."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from talentbridge.core.errors import ApplicationError, invalid
from talentbridge.core.services import audit_record
from talentbridge.credentials import providers
from talentbridge.credentials.models import (
    EvidenceRecord,
    IssuedCredential,
    Portfolio,
    PortfolioItem,
    ShareLink,
)
from talentbridge.credentials.permissions import Action, access_credential, access_portfolio

MAX_SHARE_DAYS = 365


def portfolio_of(user: Any) -> Portfolio:
    portfolio, _created = Portfolio.objects.get_or_create(
        owner=user, defaults={"slug": secrets.token_urlsafe(12)}
    )
    return portfolio


def portfolio_update(*, actor: Any, portfolio: Portfolio, data: dict[str, Any]) -> Portfolio:
    """Visibility other than private needs the owner's consent to show what the portfolio
    holds (and, separately, their name and college)."""
    access_portfolio(actor, portfolio, Action.EDIT)
    visibility = str(data.get("visibility", portfolio.visibility))
    if visibility not in Portfolio.Visibility.values:
        raise invalid("visibility", _("Choose who may see the portfolio."))
    consent = bool(data.get("consent", portfolio.consent_at is not None))
    if visibility != Portfolio.Visibility.PRIVATE and not consent:
        raise invalid(
            "consent", _("Agree to show your works and credentials before sharing the portfolio.")
        )
    before = {"visibility": portfolio.visibility, "consent": portfolio.consent_at is not None}
    with transaction.atomic():
        portfolio.headline = str(data.get("headline", portfolio.headline))[:200]
        portfolio.visibility = visibility
        portfolio.consent_at = (portfolio.consent_at or timezone.now()) if consent else None
        portfolio.show_name = bool(data.get("show_name", portfolio.show_name)) and consent
        portfolio.show_college = bool(data.get("show_college", portfolio.show_college)) and consent
        portfolio.save()
        audit_record(
            actor=actor,
            action="credentials.portfolio.update",
            obj=portfolio,
            before=before,
            after={"visibility": visibility, "consent": consent},
        )
    return portfolio


def portfolio_collect(*, actor: Any, portfolio: Portfolio) -> int:
    """Add the owner's delivered works (from the works providers) and credentials that are
    not in the portfolio yet; returns how many items were added."""
    access_portfolio(actor, portfolio, Action.EDIT)
    user = portfolio.owner
    existing = set(portfolio.items.values_list("url", "title"))
    added = 0
    with transaction.atomic():
        for work in providers.works(student_id=str(user.pk)):
            title = str(work.get("title", ""))[:300]
            url = str(work.get("url", ""))[:500]
            if not title or (url, title) in existing:
                continue
            kind = str(work.get("kind", "projects"))
            item = PortfolioItem.objects.create(
                portfolio=portfolio,
                kind=kind
                if kind in ("projects", "competitions", "courses", "internships")
                else "projects",
                title=title,
                url=url if url.startswith(("/", "https://", "http://")) else "",
                description=str(work.get("description", ""))[:2000],
                position=portfolio.items.count(),
            )
            refs = [str(r) for r in work.get("source_refs", [])][:200]
            item.evidence.set(EvidenceRecord.objects.filter(student=user, source_ref__in=refs))
            existing.add((item.url, title))
            added += 1
        linked = set(
            portfolio.items.exclude(credential=None).values_list("credential_id", flat=True)
        )
        for credential in IssuedCredential.objects.filter(
            holder=user, revoked_at__isnull=True
        ).exclude(pk__in=linked):
            item = PortfolioItem.objects.create(
                portfolio=portfolio,
                kind="manual",
                title=credential.template.name_zh,
                credential=credential,
                position=portfolio.items.count(),
            )
            item.evidence.set(credential.evidence.all())
            added += 1
        if added:
            audit_record(
                actor=actor,
                action="credentials.portfolio.collect",
                obj=portfolio,
                after={"added": added},
            )
    return added


def share_create(*, actor: Any, credential: IssuedCredential | None, days: int) -> ShareLink:
    """A link that shows one credential (or, with None, the owner's portfolio) until it expires."""
    if credential is not None:
        access_credential(actor, credential, Action.SHARE)
    if not 1 <= int(days) <= MAX_SHARE_DAYS:
        raise invalid("days", _("A share link lasts 1 to 365 days."))
    if credential is None:
        portfolio = portfolio_of(actor)
        if portfolio.consent_at is None:
            raise invalid(
                "consent",
                _("Agree to show your works and credentials before sharing the portfolio."),
            )
    with transaction.atomic():
        link = ShareLink.objects.create(
            owner=actor,
            credential=credential,
            token=secrets.token_urlsafe(24),
            expires_at=timezone.now() + dt.timedelta(days=int(days)),
        )
        audit_record(
            actor=actor,
            action="credentials.share.create",
            obj=link,
            after={
                "credential": str(credential.pk) if credential else "portfolio",
                "days": int(days),
            },
        )
    return link


def share_revoke(*, actor: Any, link: ShareLink) -> ShareLink:
    if link.owner_id != actor.pk:
        raise ApplicationError("not_found", _("Not found."))
    with transaction.atomic():
        ShareLink.objects.filter(pk=link.pk).update(revoked_at=timezone.now())
        audit_record(actor=actor, action="credentials.share.revoke", obj=link)
    link.refresh_from_db()
    return link


def share_open(token: str) -> ShareLink:
    link = ShareLink.objects.select_related("credential", "owner").filter(token=token).first()
    if link is None or link.revoked_at is not None:
        raise ApplicationError("not_found", _("This share link does not exist or was withdrawn."))
    if link.expires_at <= timezone.now():
        raise ApplicationError("gone", _("This share link has expired."))
    ShareLink.objects.filter(pk=link.pk).update(views=link.views + 1)
    return link
