"""Who is this user on the platform, and what can they do next? Drives the home page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from talentbridge.community.models import (
    ApplicationStatus,
    Community,
    MembershipApplication,
    Organization,
    OrganizationKind,
    OrgRole,
)
from talentbridge.community.permissions import is_authenticated

# Most powerful first: the home page and navigation show the first one a user has.
PRIORITY = (
    "superuser",
    "secretariat",
    "college_admin",
    "government_officer",
    "enterprise_staff",
    "teacher",
    "student",
)


@dataclass
class NextAction:
    label: Any
    url: str
    icon: str = "arrow-right-circle"
    badge: int | None = None


HomeContributor = Callable[[Any, list[str]], list[NextAction]]
_home_contributors: list[HomeContributor] = []
_nav_items: list[tuple[Any, str]] = []


def register_home_actions(contributor: HomeContributor) -> HomeContributor:
    """Apps above ``community`` add their "what you can do next" items from ``ready()``.

    The contributor receives the user and their persona keys (``persona_keys``) and returns
    a list of ``NextAction``; it must be cheap (a few queries).
    """
    _home_contributors.append(contributor)
    return contributor


def register_nav_item(label: Any, url_name: str) -> None:
    """Apps add their top-level page to the navigation bar from ``ready()``."""
    if all(existing != url_name for _, existing in _nav_items):
        _nav_items.append((label, url_name))


def nav_items() -> list[tuple[Any, str]]:
    return list(_nav_items)


_demo_loaders: list[str] = []


def register_demo_loader(command_name: str) -> None:
    """Apps name the management command that loads their part of the demo world."""
    if command_name not in _demo_loaders:
        _demo_loaders.append(command_name)


def demo_loaders() -> list[str]:
    return list(_demo_loaders)


@dataclass
class PersonaView:
    key: str
    label: Any
    actions: list[NextAction] = field(default_factory=list)


def persona_keys(user: Any) -> list[str]:
    """All personas of a user, most powerful first (a user may have several)."""
    if not is_authenticated(user):
        return ["anonymous"]
    keys: list[str] = []
    if user.is_superuser:
        keys.append("superuser")
    if user.community_roles.exists():
        keys.append("secretariat")
    for m in user.org_memberships.select_related("organization"):
        kind = m.organization.kind
        if m.role == OrgRole.ADMIN and kind == OrganizationKind.COLLEGE:
            keys.append("college_admin")
        elif m.role == OrgRole.ADMIN and kind == OrganizationKind.GOVERNMENT:
            keys.append("government_officer")
        elif m.role == OrgRole.ADMIN:
            keys.append("enterprise_staff")
        elif m.role == OrgRole.TEACHER:
            keys.append("teacher")
        elif m.role == OrgRole.STAFF and kind == OrganizationKind.ENTERPRISE:
            keys.append("enterprise_staff")
        elif m.role == OrgRole.OFFICER:
            keys.append("government_officer")
        elif m.role == OrgRole.STUDENT:
            keys.append("student")
    ordered = [k for k in PRIORITY if k in keys]
    return ordered or ["member"]


PERSONA_LABELS = {
    "anonymous": _("Visitor"),
    "student": _("Student"),
    "teacher": _("Teacher"),
    "college_admin": _("College admin"),
    "enterprise_staff": _("Enterprise"),
    "government_officer": _("Government officer"),
    "secretariat": _("Community secretariat"),
    "superuser": _("Platform operator"),
    "member": _("Member"),
}


def _org_actions(user: Any) -> list[NextAction]:
    actions: list[NextAction] = []
    for m in user.org_memberships.select_related("organization"):
        org = m.organization
        actions.append(
            NextAction(
                _("Open %(org)s") % {"org": org.name},
                reverse("community:org-detail", kwargs={"pk": org.pk}),
                "building",
            )
        )
        if m.role == OrgRole.ADMIN:
            actions.append(
                NextAction(
                    _("Invite people to %(org)s") % {"org": org.name},
                    reverse("community:org-invitations", kwargs={"pk": org.pk}),
                    "person-plus",
                )
            )
        if m.role in (OrgRole.ADMIN, OrgRole.TEACHER, OrgRole.STAFF, OrgRole.OFFICER):
            actions.append(
                NextAction(
                    _("See the members of %(org)s") % {"org": org.name},
                    reverse("community:org-members", kwargs={"pk": org.pk}),
                    "people",
                )
            )
    return actions


def persona_home(user: Any) -> dict[str, Any]:
    keys = persona_keys(user)
    primary = keys[0]
    actions: list[NextAction] = []
    if primary == "anonymous":
        actions = [
            NextAction(
                _("Browse communities and alliances"),
                reverse("community:community-list"),
                "diagram-3",
            ),
            NextAction(_("Find colleges and enterprises"), reverse("community:org-list"), "search"),
            NextAction(_("Sign in"), reverse("accounts:login"), "box-arrow-in-right"),
        ]
    else:
        for community in Community.objects.filter(staff__user=user):
            pending = community.applications.filter(status=ApplicationStatus.PENDING).count()
            actions.append(
                NextAction(
                    _("Review applications to %(c)s") % {"c": community.name},
                    reverse("community:community-manage", kwargs={"slug": community.slug}),
                    "inbox",
                    badge=pending,
                )
            )
        actions.extend(_org_actions(user))
        if "college_admin" in keys or "enterprise_staff" in keys:
            actions.append(
                NextAction(
                    _("Join a community or alliance"),
                    reverse("community:community-list"),
                    "diagram-3",
                )
            )
        if not user.org_memberships.exists():
            actions.append(
                NextAction(
                    _("Register your organization"), reverse("community:org-create"), "plus-circle"
                )
            )
        if user.is_superuser:
            actions.append(NextAction(_("Operator admin"), reverse("admin:index"), "gear"))
    for contributor in _home_contributors:
        actions.extend(contributor(user, keys))
    org_counts = (
        Organization.objects.filter(is_active=True)
        .values("kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    my_applications = (
        MembershipApplication.objects.filter(
            Q(organization__memberships__user=user, organization__memberships__role=OrgRole.ADMIN)
        )
        .select_related("community", "organization")
        .order_by("-created_at")[:5]
        if is_authenticated(user)
        else []
    )
    return {
        "persona": PersonaView(primary, PERSONA_LABELS[primary], actions),
        "persona_keys": keys,
        "persona_labels": [PERSONA_LABELS[k] for k in keys],
        "stats": {str(OrganizationKind(r["kind"]).label): r["n"] for r in org_counts},
        "community_count": Community.objects.filter(is_public=True).count(),
        "communities": Community.objects.filter(is_public=True).order_by("name_zh")[:6],
        "my_applications": my_applications,
    }
