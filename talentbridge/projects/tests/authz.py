"""Authorization matrix entries for the projects app (tests/test_authorization_matrix)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from talentbridge.projects.tests.factories import make_project_world

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
ENT = frozenset({"enterprise_staff", "superuser"})
APPROVER = frozenset({"college_admin", "superuser"})
COLLEGE_STAFF = frozenset({"college_admin", "teacher", "superuser"})
STUDENT = frozenset({"student", "superuser"})
MANAGERS = ENT | {"teacher", "college_admin"}
TEAM_VIEW = MANAGERS | {"student"}
REVIEWERS = frozenset({"enterprise_staff", "teacher", "superuser"})
OFFERING = COLLEGE_STAFF

Kwargs = Callable[[Any], dict[str, Any]]
NONE: Kwargs = lambda w: {}  # noqa: E731
BRIEF: Kwargs = lambda w: {"pk": make_project_world(w).brief.pk}  # noqa: E731
OFFER: Kwargs = lambda w: {"pk": make_project_world(w).offering.pk}  # noqa: E731
TEAM: Kwargs = lambda w: {"pk": make_project_world(w).team.pk}  # noqa: E731
APP: Kwargs = lambda w: {"pk": make_project_world(w).application.pk}  # noqa: E731
RUN: Kwargs = lambda w: {"pk": make_project_world(w).run.pk}  # noqa: E731
SUB: Kwargs = lambda w: {"pk": make_project_world(w).submission.pk}  # noqa: E731
FILE: Kwargs = lambda w: {"pk": make_project_world(w).submission.stored_id}  # noqa: E731

MATRIX: dict[str, tuple[Kwargs, dict[str, frozenset[str]]]] = {
    "projects:brief-list": (NONE, {"get": ALL}),
    "projects:brief-create": (NONE, {"get": ENT}),
    "projects:dashboard": (NONE, {"get": SIGNED_IN}),
    "projects:notifications": (NONE, {"get": SIGNED_IN, "post": SIGNED_IN}),
    "projects:evidence": (NONE, {"get": SIGNED_IN}),
    "projects:profile": (NONE, {"get": SIGNED_IN, "post": SIGNED_IN}),
    "projects:brief-detail": (BRIEF, {"get": ALL}),
    "projects:brief-submit": (BRIEF, {"post": ENT}),
    "projects:brief-decide": (BRIEF, {"post": APPROVER}),
    "projects:brief-advance": (BRIEF, {"post": ENT}),
    "projects:brief-material": (BRIEF, {"post": ENT}),
    "projects:brief-adopt": (BRIEF, {"get": COLLEGE_STAFF}),
    "projects:brief-apply": (BRIEF, {"get": STUDENT}),
    "projects:brief-applications": (BRIEF, {"get": MANAGERS}),
    "projects:team-create": (BRIEF, {"post": MANAGERS}),
    "projects:application-decide": (APP, {"post": MANAGERS}),
    "projects:offering-detail": (OFFER, {"get": OFFERING}),
    "projects:offering-allocate": (OFFER, {"post": OFFERING}),
    "projects:run-detail": (RUN, {"get": OFFERING, "post": OFFERING}),
    "projects:team-detail": (TEAM, {"get": TEAM_VIEW}),
    "projects:submission-create": (TEAM, {"post": STUDENT}),
    "projects:review-create": (TEAM, {"get": REVIEWERS}),
    "projects:peer-review": (TEAM, {"post": STUDENT}),
    "projects:comment-create": (SUB, {"post": TEAM_VIEW}),
    "projects:file-download": (FILE, {"get": TEAM_VIEW}),
    # API
    "api-brief-list": (NONE, {"get": ALL, "post": ENT}),
    "api-brief-my-matches": (NONE, {"get": SIGNED_IN}),
    "api-brief-detail": (BRIEF, {"get": ALL, "patch": ENT}),
    "api-brief-submit": (BRIEF, {"post": ENT}),
    "api-brief-decide": (BRIEF, {"post": APPROVER}),
    "api-brief-advance": (BRIEF, {"post": ENT}),
    "api-brief-adopt": (BRIEF, {"post": COLLEGE_STAFF}),
    "api-brief-matches": (BRIEF, {"get": MANAGERS}),
    "api-brief-applications": (BRIEF, {"get": MANAGERS, "post": STUDENT}),
    "api-brief-teams": (BRIEF, {"get": MANAGERS, "post": MANAGERS}),
    "api-brief-milestones": (BRIEF, {"get": ALL}),
    "api-project-application-decide": (APP, {"post": MANAGERS}),
    "api-offering-runs": (OFFER, {"get": OFFERING, "post": OFFERING}),
    "api-allocation-apply": (RUN, {"post": OFFERING}),
    "api-team-submissions": (TEAM, {"get": TEAM_VIEW, "post": STUDENT}),
    "api-team-reviews": (TEAM, {"get": TEAM_VIEW, "post": REVIEWERS}),
    "api-team-peer-reviews": (TEAM, {"post": STUDENT}),
    "api-my-evidence": (NONE, {"get": SIGNED_IN}),
}
