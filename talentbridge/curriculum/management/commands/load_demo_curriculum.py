"""`manage.py load_demo_curriculum`: demo majors, two plan versions each, mapped outcomes and
enterprise co-authoring for 义乌创意设计职业学院 (run `manage.py load_taxonomy` and
`manage.py load_demo` first).

Idempotent: a major that already has its demo plan is left as it is.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from talentbridge.accounts.models import User
from talentbridge.community.models import Organization
from talentbridge.curriculum import services
from talentbridge.curriculum.demo_data import MAJORS, Row
from talentbridge.curriculum.models import MajorOffering, TrainingPlan, TrainingPlanVersion

COLLEGE = "义乌创意设计职业学院"
ENTERPRISE = "义乌小商品电商服务有限公司"
COHORT = 2025


class Command(BaseCommand):
    help = "Load demo training plans for the demo college (after `manage.py load_demo`)."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            college = Organization.objects.get(name_zh=COLLEGE)
            enterprise = Organization.objects.get(name_zh=ENTERPRISE)
            alice = User.objects.get(email="alice@demo.talentbridge.local")
            tina = User.objects.get(email="tina@demo.talentbridge.local")
            bob = User.objects.get(email="bob@demo.talentbridge.local")
        except (Organization.DoesNotExist, User.DoesNotExist) as exc:
            raise CommandError("Run `manage.py load_demo` first.") from exc
        services.rule_set(
            actor=alice,
            college=college,
            kind="min_practice_share",
            value=Decimal("0.5"),
            level="higher_vocational",
        )
        services.rule_set(
            actor=alice, college=college, kind="max_total_credits", value=Decimal("150")
        )
        for major in MAJORS:
            with transaction.atomic():
                self._major(college, enterprise, alice, tina, bob, major)

    def _major(
        self,
        college: Organization,
        enterprise: Organization,
        alice: User,
        tina: User,
        bob: User,
        major: Any,
    ) -> None:
        code, year, enrollments, v1, add, drop, certificates, goals = major
        offering = MajorOffering.objects.filter(college=college, major_code=code).first()
        if offering is None:
            offering = services.offering_create(
                actor=alice, college=college, major_code=code, established_year=year
            )
        if TrainingPlan.objects.filter(offering=offering, cohort_year=COHORT).exists():
            self.stdout.write(f"{code}: already loaded")
            return
        for y, n in enrollments:
            services.enrollment_set(actor=alice, offering=offering, year=y, students=n)
        services.partner_add(actor=alice, offering=offering, enterprise=enterprise)
        first = services.plan_create(actor=tina, offering=offering, cohort_year=COHORT)
        services.version_update(
            actor=tina,
            version=first,
            data={
                "goals_zh": goals[0],
                "goals_en": goals[1],
                "requirements_zh": "修满规定学分；取得至少一项职业技能等级证书。",
                "requirements_en": "All credits earned; at least one vocational skill certificate.",
            },
        )
        self._courses(tina, first, v1)
        for certificate in certificates[:1]:
            services.certificate_add(
                actor=tina, version=first, certificate_id=certificate, level="中级"
            )
        self._publish(alice, tina, bob, first)
        second = services.version_create(
            actor=tina, plan=first.plan, change_note="根据企业反馈增加AIGC与短视频内容"
        )
        second.courses.filter(code__in=drop).delete()
        self._courses(tina, second, add)
        for certificate in certificates[1:]:
            services.certificate_add(
                actor=tina, version=second, certificate_id=certificate, level="初级"
            )
        services.comment_add(
            actor=bob, version=second, body="建议增加AI商品图与直播切片内容，企业可提供真实项目。"
        )
        services.proposal_create(
            actor=bob,
            version=second,
            skill_id="dc.aigc.image.ai_product_image",
            weight=Decimal("0.8"),
            rationale="商户主图已大量使用AI生成",
        )
        services.version_submit(actor=tina, version=second, note="提交企业评审")
        services.comment_add(
            actor=bob,
            version=second,
            body="课程设置基本合理，实践课时充足。",
            course_code=add[0][0],
        )
        self.stdout.write(self.style.SUCCESS(f"{code}: v1 published, v2 in enterprise review"))

    def _courses(self, actor: User, version: TrainingPlanVersion, rows: list[Row]) -> None:
        for code, zh, en, credits, theory, practice, semester, kind, skills in rows:
            course = services.course_create(
                actor=actor,
                version=version,
                data={
                    "code": code,
                    "name_zh": zh,
                    "name_en": en,
                    "credits": credits,
                    "hours_theory": theory,
                    "hours_practice": practice,
                    "semester": semester,
                    "course_type": kind,
                },
            )
            for skill_id, level in skills:
                services.outcome_set(actor=actor, course=course, skill_id=skill_id, level=level)

    def _publish(self, alice: User, tina: User, bob: User, version: TrainingPlanVersion) -> None:
        version = services.version_submit(actor=tina, version=version, note="初稿")
        services.comment_add(actor=bob, version=version, body="同意，建议加强商品视频内容。")
        services.signoff_create(actor=bob, version=version, decision="approve", note="企业同意")
        version = services.version_advance(actor=alice, version=version, note="提交专业建设委员会")
        services.version_publish(actor=alice, version=version, note="委员会审议通过")
