"""Demo project briefs on top of ``manage.py load_demo``. Idempotent (keyed by titles)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from talentbridge.accounts.models import User
from talentbridge.community.models import Organization
from talentbridge.projects import services
from talentbridge.projects.models import BriefStatus, CourseOffering, ProjectBrief

ENTERPRISE = "义乌小商品电商服务有限公司"
COLLEGE = "义乌创意设计职业学院"

BRIEFS: list[dict[str, Any]] = [
    {
        "title_zh": "义乌饰品店铺商品主图与AIGC商品图",
        "title_en": "Main and AIGC product images for a Yiwu jewellery shop",
        "background_zh": "为30款新品饰品设计淘宝/抖音商品主图，并用AIGC生成场景图。",
        "background_en": "Design Taobao/Douyin main images for 30 new jewellery items "
        "and generate scene images with AIGC.",
        "deliverables": ["main_image", "aigc_product_image"],
        "honorarium_cny": 2000,
        "ip_terms": "enterprise_owns",
        "skills": [("dc.ecomvis.design.main_image", 2), ("dc.ecomvis.design.product_retouch", 2)],
        "target": BriefStatus.OPEN,
    },
    {
        "title_zh": "小商品带货短视频脚本与拍摄",
        "title_en": "Shoppable short videos for small commodities",
        "background_zh": "为10个爆款小商品撰写短视频脚本并完成拍摄剪辑。",
        "background_en": "Write scripts for and shoot 10 short videos "
        "of best-selling small commodities.",
        "deliverables": ["short_video"],
        "honorarium_cny": None,
        "ip_terms": "students_keep",
        "skills": [("dc.svideo.content.script", 2), ("dc.svideo.content.shooting", 2)],
        "target": BriefStatus.OPEN,
    },
    {
        "title_zh": "直播间视觉与品牌VI升级",
        "title_en": "Live-stream room visuals and brand VI refresh",
        "background_zh": "草稿：直播间背景、贴片与品牌VI手册。",
        "background_en": "Draft: live-room backdrop, overlays and brand guidelines.",
        "deliverables": ["livestream_visual", "brand_vi"],
        "honorarium_cny": 5000,
        "ip_terms": "shared",
        "skills": [("dc.design.brand.vi", 3)],
        "target": BriefStatus.DRAFT,
    },
]


PAST_BRIEF: dict[str, Any] = {
    "title_zh": "春季饰品新品主图（已结项）",
    "title_en": "Spring jewellery main images (completed)",
    "background_zh": "为春季新品饰品设计商品主图并精修产品图。",
    "background_en": "Main images and product retouching for the spring jewellery range.",
    "deliverables": ["main_image"],
    "honorarium_cny": 1500,
    "ip_terms": "enterprise_owns",
    "skills": [("dc.ecomvis.design.main_image", 2), ("dc.ecomvis.design.product_retouch", 2)],
    "review_levels": [
        ("dc.ecomvis.design.main_image", 4),
        ("dc.ecomvis.design.product_retouch", 3),
    ],
    "target": BriefStatus.OPEN,
}


class Command(BaseCommand):
    help = "Load demo project briefs, a course offering and student preferences (after load_demo)."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            enterprise = Organization.objects.get(name_zh=ENTERPRISE)
            college = Organization.objects.get(name_zh=COLLEGE)
            bob, alice, tina, carol, henry = (
                User.objects.get(email=f"{n}@demo.talentbridge.local")
                for n in ("bob", "alice", "tina", "carol", "henry")
            )
        except (Organization.DoesNotExist, User.DoesNotExist) as exc:
            raise CommandError("Run `manage.py load_demo` first.") from exc
        today = timezone.localdate()
        with transaction.atomic():
            offering = CourseOffering.objects.filter(
                college=college, course_code="DMD2301", class_name="数媒2301"
            ).first() or services.offering_create(
                actor=tina,
                college=college,
                data={
                    "course_code": "DMD2301",
                    "course_name_zh": "电商视觉设计",
                    "course_name_en": "E-commerce visual design",
                    "class_name": "数媒2301",
                    "semester": f"{today.year}-{today.year + 1}-1",
                    "major_code": "550103",
                },
                students=[carol, henry],
            )
            for spec in BRIEFS:
                self._brief(spec, enterprise, college, offering, bob, alice, tina, today)
            self._completed_brief(enterprise, college, offering, bob, alice, tina, carol, today)
            services.profile_update(
                actor=carol,
                data={
                    "major_code": "550103",
                    "hours_per_week": 8,
                    "claimed_skills": ["dc.ecomvis.design.main_image", "dc.design.graphic.poster"],
                    "preferred_deliverables": ["main_image"],
                    "prefers_paid": True,
                },
            )
            services.profile_update(
                actor=henry,
                data={
                    "major_code": "550103",
                    "hours_per_week": 6,
                    "claimed_skills": ["dc.svideo.content.shooting", "dc.video.edit.editing"],
                    "preferred_deliverables": ["short_video"],
                },
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo projects ready: "
                f"{ProjectBrief.objects.filter(enterprise=enterprise).count()} briefs."
            )
        )

    def _completed_brief(
        self,
        enterprise: Organization,
        college: Organization,
        offering: CourseOffering,
        bob: User,
        alice: User,
        tina: User,
        carol: User,
        today: datetime.date,
    ) -> None:
        """A past project carol's team delivered: bob (mentor) and tina (teacher) reviewed it
        with the rubric and the brief was closed, so carol has skill evidence (which the
        credentials context reads through its provider)."""
        spec = PAST_BRIEF
        if ProjectBrief.objects.filter(enterprise=enterprise, title_zh=spec["title_zh"]).exists():
            return
        self._brief(spec, enterprise, college, offering, bob, alice, tina, today)
        brief = ProjectBrief.objects.get(enterprise=enterprise, title_zh=spec["title_zh"])
        team = services.team_form(
            actor=tina, brief=brief, name="数媒2301-A", members=[carol], offering=offering
        )
        brief = services.brief_advance(actor=bob, brief=brief, step="start")
        final = brief.milestones.order_by("due_on").last()
        assert final is not None  # every demo brief has two milestones
        services.submission_create(
            actor=carol,
            team=team,
            milestone=final,
            note="春季新品主图终稿（30 张）",
            link="https://example.org/demo/carol-main-images",
        )
        scores = dict(spec["review_levels"])
        services.review_submit(
            actor=bob,
            team=team,
            scores=scores,
            overall=88,
            feedback="主图规范、卖点突出，可直接上架。",
        )
        services.review_submit(
            actor=tina,
            team=team,
            scores={k: max(1, v - 1) for k, v in scores.items()},
            overall=85,
            feedback="构图与修图扎实，文案层级还可加强。",
        )
        brief = services.brief_advance(actor=bob, brief=brief, step="deliver")
        services.brief_advance(actor=bob, brief=brief, step="close")

    def _brief(
        self,
        spec: dict[str, Any],
        enterprise: Organization,
        college: Organization,
        offering: CourseOffering,
        bob: User,
        alice: User,
        tina: User,
        today: datetime.date,
    ) -> None:
        if ProjectBrief.objects.filter(enterprise=enterprise, title_zh=spec["title_zh"]).exists():
            return
        data = {
            k: spec[k]
            for k in (
                "title_zh",
                "title_en",
                "background_zh",
                "background_en",
                "deliverables",
                "honorarium_cny",
                "ip_terms",
            )
        }
        start = today + datetime.timedelta(days=7)
        data |= {
            "team_size_min": 1,
            "team_size_max": 3,
            "max_teams": 2,
            "starts_on": start,
            "ends_on": start + datetime.timedelta(days=42),
            "apply_by": start + datetime.timedelta(days=14),
        }
        milestones = [
            {
                "title_zh": "初稿",
                "title_en": "First draft",
                "due_on": start + datetime.timedelta(days=14),
            },
            {
                "title_zh": "终稿",
                "title_en": "Final delivery",
                "due_on": start + datetime.timedelta(days=35),
            },
        ]
        brief = services.brief_create(
            actor=bob,
            enterprise=enterprise,
            data=data,
            required_skills=spec["skills"],
            milestones=milestones,
        )
        if spec["target"] == BriefStatus.DRAFT:
            return
        brief = services.brief_submit(actor=bob, brief=brief, college=college)
        brief = services.brief_decide(actor=alice, brief=brief, approve=True)
        brief = services.brief_advance(actor=bob, brief=brief, step="open")
        services.brief_adopt(
            actor=tina,
            brief=brief,
            offering=offering,
            weight=30,
            note="计入课程过程性考核 / counts towards coursework",
        )
