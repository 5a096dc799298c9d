"""python manage.py load_demo_credentials — after load_demo (and the other demo loaders):
carol's evidence (her closed project, pulled from projects; her provincial award), two
credential templates of her college that issue automatically, a third credential issued by
hand, credit-bank rules and carol's portfolio. Idempotent."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from talentbridge.accounts.models import User
from talentbridge.community.models import Organization
from talentbridge.credentials import providers
from talentbridge.credentials.models import CredentialTemplate, IssuedCredential, RecognitionRule
from talentbridge.credentials.services import credit, issuing, ledger, portfolio

COLLEGE = "义乌创意设计职业学院"
ENTERPRISE = "义乌小商品电商服务有限公司"
MAIN_IMAGE = "dc.ecomvis.design.main_image"
AWARD = "浙江省职业院校技能大赛·电子商务视觉设计赛项 一等奖"


class Command(BaseCommand):
    help = "Load demo credentials for carol (after load_demo and load_demo_projects)."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            college = Organization.objects.get(name_zh=COLLEGE)
            enterprise = Organization.objects.get(name_zh=ENTERPRISE)
            alice, carol = (
                User.objects.get(email=f"{n}@demo.talentbridge.local") for n in ("alice", "carol")
            )
        except (Organization.DoesNotExist, User.DoesNotExist) as exc:
            raise CommandError("Run `manage.py load_demo` first.") from exc
        pulled = ledger.evidence_sync()
        award = ledger.evidence_intake(
            records=[
                {
                    # Until the competitions context lands its provider, the award arrives
                    # through the intake hook with the same plain-data contract.
                    "source": "competitions",
                    "source_ref": "demo:zj-2026-ecvisual:carol:first-prize",
                    "student_id": str(carol.pk),
                    "skill": MAIN_IMAGE,
                    "level": 4,
                    "assessor_name": "大赛评委会（企业评委）",
                    "assessor_role": "judge",
                    "organization_id": str(enterprise.pk),
                    "context_title": AWARD,
                    "occurred_on": (timezone.localdate() - dt.timedelta(days=40)).isoformat(),
                }
            ]
        )
        holder = issuing.holder_for(carol)
        if not holder.major_code:
            holder.major_code = "550103"
            holder.college = college
            holder.save(update_fields=["major_code", "college", "updated_at"])
        with transaction.atomic():
            skill_badge = self._template(
                alice,
                college,
                name_zh="电商主图设计能力",
                name_en="E-commerce main image design",
                description_zh="能独立完成符合平台规范的商品主图设计与精修。",
                description_en="Designs platform-compliant product main images on their own.",
                criteria_zh="主图设计达到 3 级，至少两位独立评价者，其中一位来自企业。",
                achievement_type="Competency",
                rules=[
                    {
                        "kind": "skill",
                        "skill": MAIN_IMAGE,
                        "min_level": 3,
                        "min_assessors": 2,
                        "confirmed": True,
                    }
                ],
                valid_days=1095,
                auto_issue=True,
                review_required=False,
            )
            award_badge = self._template(
                alice,
                college,
                name_zh="省级技能大赛一等奖",
                name_en="Provincial skills competition, first prize",
                description_zh="在省级职业院校技能大赛中获得一等奖。",
                criteria_zh="竞赛证据中有省级一等奖。",
                achievement_type="Award",
                rules=[{"kind": "evidence", "source": "competitions", "text": "一等奖"}],
                auto_issue=True,
                review_required=False,
            )
            aigc_badge = self._template(
                alice,
                college,
                name_zh="AIGC 商品图入门",
                name_en="AIGC product images, foundations",
                description_zh="能用生成式工具制作商品场景图。",
                criteria_zh="课程作品经教师评审合格。",
                rules=[
                    {
                        "kind": "skill",
                        "skill": "dc.ecomvis.design.product_retouch",
                        "min_level": 2,
                        "min_assessors": 1,
                    }
                ],
            )
        issuing.candidates_refresh(student=carol)
        if not IssuedCredential.objects.filter(template=aigc_badge, holder=carol).exists():
            issuing.credential_issue(
                actor=alice,
                template=aigc_badge,
                holder=carol,
                override_rules=True,
                reason="课程作品评审合格",
            )
        self._rules(alice, college, award_badge)
        folio = portfolio.portfolio_of(carol)
        if folio.consent_at is None:
            portfolio.portfolio_update(
                actor=carol,
                portfolio=folio,
                data={
                    "headline": "电商视觉设计 · 数媒2301",
                    "visibility": "unlisted",
                    "consent": True,
                    "show_name": True,
                },
            )
            portfolio.portfolio_collect(actor=carol, portfolio=folio)
        added = sum(r.added for r in pulled.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo credentials ready: {added + award.added} new evidence records, "
                f"{IssuedCredential.objects.filter(holder=carol).count()} credentials for carol "
                f"({skill_badge.name_zh}, {award_badge.name_zh}, {aigc_badge.name_zh})."
            )
        )

    def _template(self, actor: User, college: Organization, **data: Any) -> CredentialTemplate:
        found = CredentialTemplate.objects.filter(
            issuer_organization=college, name_zh=data["name_zh"]
        ).first()
        return found or issuing.template_create(actor=actor, organization=college, data=data)

    def _rules(self, actor: User, college: Organization, award: CredentialTemplate) -> None:
        if not RecognitionRule.objects.filter(college=college, template=award).exists():
            credit.rule_create(
                actor=actor,
                college=college,
                data={
                    "name_zh": "省级一等奖 → 2 个选修学分",
                    "name_en": "Provincial first prize → 2 elective credits",
                    "template": award.pk,
                    "outcome": "credits",
                    "credits": "2",
                },
            )
        courses = providers.courses(college_id=str(college.pk))
        from talentbridge.credentials import skills

        certificates = [code for code, _label in skills.certificate_choices()]
        if (
            courses
            and certificates
            and not RecognitionRule.objects.filter(college=college, outcome="exemption").exists()
        ):
            credit.rule_create(
                actor=actor,
                college=college,
                data={
                    "name_zh": f"1+X 中级证书 → 免修《{courses[0]['name']}》",
                    "certificate_code": certificates[0],
                    "outcome": "exemption",
                    "course_name": courses[0]["name"],
                },
            )
