"""Demo competition on top of ``manage.py load_demo`` (ADR 0006): a national AIGC community
competition with a Yiwu-style commodity-design proposition by bob's enterprise, judges, entries
with sealed files and scores in the hash-chained log, and a computed (unpublished) ranking, so
erin can publish and carol can see her award. Idempotent (keyed by title and edition)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from talentbridge.accounts.models import User
from talentbridge.community.models import Community, Organization, OrganizationMembership
from talentbridge.competitions.models import Competition, JudgeAssignment
from talentbridge.competitions.services import competitions, entries, judging
from talentbridge.taxonomy.selectors import skill_find

TITLE = "全国数字创意AIGC创意设计大赛"
SKILLS = ["dc.design.packaging.packaging_design", "dc.ecomvis.design.main_image"]
EDITION = 2026
RUBRIC = [
    {"key": "idea", "label_zh": "创意", "label_en": "Idea", "weight": 1, "max": 10},
    {"key": "craft", "label_zh": "制作", "label_en": "Craft", "weight": 1, "max": 10},
    {"key": "market_fit", "label_zh": "市场适配", "label_en": "Market fit", "weight": 2, "max": 10},
]
# (key, college, display name) — invented students; carol is the demo persona
STUDENTS = [
    ("carol", "义乌创意设计职业学院", ""),
    ("stu-lin", "义乌创意设计职业学院", "林小雨"),
    ("stu-he", "浙江数字艺术职业学院", "何嘉"),
    ("stu-xu", "浙江数字艺术职业学院", "徐晨"),
    ("stu-ma", "杭州信息工程职业学院", "马悦"),
    ("stu-guo", "深圳数字创意职业技术大学", "郭一凡"),
    ("stu-zhu", "成都传媒职业学院", "朱安"),
    ("stu-ye", "武汉艺术设计学院", "叶青"),
]
# (key, organization, display name, severity, kind)
JUDGES = [
    ("judge-song", "星光数字影像有限公司", "宋评委", -1.0, "industry"),
    ("judge-tang", "灵感 AIGC 内容科技有限公司", "唐评委", 0.8, "industry"),
    ("judge-luo", "像素工坊游戏美术有限公司", "罗评委", -0.3, "industry"),
    ("judge-han", "苏州影像职业学院", "韩评委", 0.4, "college"),
    ("frank", "义乌小商品电商服务有限公司", "", 0.0, "industry"),  # proposition author: COI
]


def _user(key: str, name: str, org: Organization, role: str) -> User:
    email = f"{key}@demo.talentbridge.local"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, f"{key}-demo-2026", display_name=name)
    OrganizationMembership.objects.get_or_create(
        user=user, organization=org, defaults={"role": role}
    )
    return user


class Command(BaseCommand):
    help = "Load the demo competition (run after load_demo)."

    def handle(self, *args: Any, **options: Any) -> None:
        if Competition.objects.filter(title_zh=TITLE, edition=EDITION).exists():
            self.stdout.write("demo competition already loaded")
            return
        community = Community.objects.filter(slug="aigc-national").first()
        erin = User.objects.filter(email="erin@demo.talentbridge.local").first()
        enterprise = Organization.objects.filter(name_zh="义乌小商品电商服务有限公司").first()
        if community is None or erin is None or enterprise is None:
            raise CommandError(_("Run manage.py load_demo first."))
        competition = competitions.competition_create(
            actor=erin, organizer=community.secretariat, community=community, title_zh=TITLE,
            title_en="National Digital-Creative AIGC Design Competition", level="national",
            edition=EDITION, college_levels=[], judges_per_entry=3,
        )  # fmt: skip
        track = competitions.track_create(
            actor=erin, competition=competition, name_zh="商品与包装设计赛道",
            name_en="Commodity and packaging design", rubric=RUBRIC,
        )  # fmt: skip
        proposition = competitions.proposition_create(
            actor=erin, track=track, author=enterprise,
            title_zh="义乌小商品AIGC包装与主图设计",
            title_en="AIGC packaging and main images for Yiwu small commodities",
            brief="为义乌国际商贸城的三款小商品（饰品、文具、节日用品）设计包装与电商主图，"
            "可使用AIGC工具，须说明生成与人工修改的部分。",
            deliverables="包装效果图3张、主图5张、设计说明1份",
            # only the concepts the installed taxonomy has (a demo without load_taxonomy loads)
            skills=[s for s in SKILLS if skill_find(s) is not None],
            prize="一等奖 10,000 元，优秀作品由企业采用（成果转化）",
            ip_terms="作品著作权归作者；企业采用时另签授权协议并支付报酬。",
        )  # fmt: skip
        now = timezone.now()
        for kind in ("registration", "submission"):
            competitions.phase_set(
                actor=erin, competition=competition, kind=kind,
                starts_at=now - dt.timedelta(days=20), ends_at=now + dt.timedelta(days=20),
            )  # fmt: skip
        rng = random.Random(2026)
        tina = User.objects.filter(email="tina@demo.talentbridge.local").first()
        made = []
        for i, (key, college_name, name) in enumerate(STUDENTS):
            college = Organization.objects.get(name_zh=college_name)
            student = _user(key, name, college, "student")
            advisors = [tina] if key == "carol" and tina is not None else []
            entry = entries.entry_register(
                actor=student, proposition=proposition, college=college, advisors=advisors,
                title=["节日礼盒·义乌红", "文具套装新包装", "饰品主图AIGC系列", "小商品国潮包装",
                       "环保纸盒结构", "直播间爆款主图", "灯笼挂件包装", "文创书签礼盒"][i],
            )  # fmt: skip
            entries.entry_decide(actor=erin, entry=entry, approve=True)
            entry.refresh_from_db()
            body = f"demo work {entry.code}: packaging mockups and main images\n".encode()
            entries.submission_create(
                actor=student, entry=entry, upload=ContentFile(body, name="work.txt"),
                file_name="work.txt",
            )  # fmt: skip
            made.append((entry, 5.5 + 0.45 * (len(STUDENTS) - i) + rng.gauss(0, 0.2)))
        judges = []
        for key, org_name, name, severity, kind in JUDGES:
            org = Organization.objects.get(name_zh=org_name)
            user = (
                User.objects.get(email=f"{key}@demo.talentbridge.local")
                if not name
                else _user(key, name, org, "staff" if kind == "industry" else "teacher")
            )
            judges.append(
                (
                    judging.judge_add(
                        actor=erin, competition=competition, user=user, kind=kind, organization=org
                    ),
                    severity,
                )
            )
        judging.assignment_run(actor=erin, competition=competition, seed=1)
        quality = {entry.pk: q for entry, q in made}
        for judge, severity in judges:
            for a in JudgeAssignment.objects.filter(judge=judge).select_related("entry"):
                base = quality[a.entry_id] + severity
                scores: dict[str, Any] = {
                    str(c["key"]): str(round(min(10.0, max(0.0, base + rng.gauss(0, 0.4))), 1))
                    for c in RUBRIC
                }
                judging.score_record(actor=judge.user, judge=judge, entry=a.entry, scores=scores)
        run = judging.ranking_compute(actor=erin, competition=competition)
        self.stdout.write(
            f"demo competition: {len(made)} entries, {len(judges)} judges, "
            f"{run.events} score events, ranking {run.pk} (unpublished)"
        )
