"""Project objects on top of the persona ``World`` (conftest.make_world)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile

from talentbridge.projects.models import (
    Adoption,
    AllocationRun,
    Application,
    BriefSkill,
    CourseOffering,
    Milestone,
    ProjectBrief,
    StoredFile,
    Submission,
    Team,
    TeamMember,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
START = datetime.date(2030, 3, 1)


def make_brief(w: Any, *, status: str = "open", places: int = 8, **extra: Any) -> ProjectBrief:
    values = {
        "enterprise": w.enterprise,
        "created_by": w.users["bob"],
        "title_zh": "商品主图设计",
        "title_en": "Product main images",
        "background_zh": "义乌饰品店铺",
        "deliverables": ["main_image"],
        "team_size_min": 1,
        "team_size_max": 4,
        "max_teams": 2,
        "places": places,
        "starts_on": START,
        "ends_on": START + datetime.timedelta(days=60),
        "apply_by": START + datetime.timedelta(days=14),
        "ip_terms": "shared",
        "contact_mentor": w.users["bob"],
        "status": status,
        "review_college": w.college,
        "region_code": "330782",
    } | extra
    brief = ProjectBrief.objects.create(**values)
    BriefSkill.objects.create(brief=brief, concept_id="dc.ecomvis.design.main_image", level=2)
    BriefSkill.objects.create(brief=brief, concept_id="dc.ecomvis.design.product_retouch", level=2)
    Milestone.objects.create(
        brief=brief,
        title_zh="初稿",
        title_en="First draft",
        due_on=START + datetime.timedelta(days=20),
    )
    return brief


def make_offering(w: Any, students: list[Any] | None = None, code: str = "DM101") -> CourseOffering:
    offering = CourseOffering.objects.create(
        college=w.college,
        course_code=code,
        course_name_zh="电商视觉设计",
        course_name_en="E-commerce visual design",
        class_name="数媒2301",
        semester="2029-2030-2",
        major_code="550103",
        teacher=w.users["tina"],
    )
    offering.students.set(students if students is not None else [w.users["carol"]])
    return offering


@dataclass
class ProjectWorld:
    brief: ProjectBrief
    offering: CourseOffering
    team: Team
    application: Application
    run: AllocationRun
    submission: Submission


def make_project_world(w: Any) -> ProjectWorld:
    brief = make_brief(w, status="in_progress")
    offering = make_offering(w)
    Adoption.objects.create(
        brief=brief, offering=offering, assessment_weight=30, adopted_by=w.users["tina"]
    )
    team = Team.objects.create(brief=brief, offering=offering, name="A", formed_by=w.users["tina"])
    TeamMember.objects.create(team=team, brief=brief, user=w.users["carol"], is_lead=True)
    application = Application.objects.create(
        brief=brief, applicant=w.users["carol"], statement="hi"
    )
    run = AllocationRun.objects.create(offering=offering, created_by=w.users["tina"])
    stored = StoredFile.objects.create(
        file=ContentFile(PNG, name="x.png"),
        original_name="x.png",
        content_type="image/png",
        size=len(PNG),
        sha256="0" * 64,
        uploaded_by=w.users["carol"],
    )
    submission = Submission.objects.create(
        team=team,
        milestone=brief.milestones.first(),
        version=1,
        stored=stored,
        submitted_by=w.users["carol"],
    )
    return ProjectWorld(brief, offering, team, application, run, submission)
