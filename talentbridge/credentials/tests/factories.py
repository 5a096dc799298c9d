"""Credentials objects on top of the persona ``World`` (conftest.make_world)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from talentbridge.credentials.models import (
    CredentialTemplate,
    CreditApplication,
    EvidenceRecord,
    IssuedCredential,
    RecognitionRule,
)
from talentbridge.credentials.services import issuing, ledger

SKILL = "dc.ecomvis.design.main_image"
SKILL2 = "dc.ecomvis.design.product_retouch"


def record(
    w: Any,
    *,
    role: str,
    assessor: str,
    level: int = 3,
    skill: str = SKILL,
    days_ago: int = 10,
    org: Any = None,
    ref: str = "",
    source: str = "projects",
    title: str = "商品主图设计",
    student: str = "carol",
) -> dict[str, Any]:
    return {
        "source": source,
        "source_ref": ref or f"{source}:{assessor}:{skill}:{level}:{days_ago}:{student}",
        "student_id": str(w.users[student].pk),
        "skill": skill,
        "level": level,
        "assessor_id": str(w.users[assessor].pk),
        "assessor_role": role,
        "organization_id": str(org.pk) if org is not None else None,
        "context_title": title,
        "artefact_url": "https://example.org/work/1",
        "occurred_on": (timezone.localdate() - dt.timedelta(days=days_ago)).isoformat(),
    }


def carol_evidence(w: Any) -> list[EvidenceRecord]:
    """A teacher and an enterprise mentor judged carol's main-image work; a judge awarded her."""
    result = ledger.evidence_intake(
        records=[
            record(w, role="teacher", assessor="tina", org=w.college),
            record(w, role="mentor", assessor="bob", level=4, org=w.enterprise),
            record(
                w,
                role="judge",
                assessor="frank",
                level=3,
                org=w.enterprise,
                source="competitions",
                title="浙江省职业院校技能大赛 一等奖",
            ),
        ]
    )
    assert result.added == 3, result.refused
    return list(EvidenceRecord.objects.filter(student=w.users["carol"]))


def make_template(w: Any, **extra: Any) -> CredentialTemplate:
    data = {
        "name_zh": "电商主图设计能力",
        "name_en": "E-commerce main image design",
        "description_zh": "能独立完成符合平台规范的商品主图。",
        "criteria_zh": "至少两位评价者，其中一位来自企业，主图设计达到 3 级。",
        "rules": [
            {"kind": "skill", "skill": SKILL, "min_level": 3, "min_assessors": 2, "confirmed": True}
        ],
        "certificate_codes": ["cert.1x.ecommerce_data_analysis"] if False else [],
        "valid_days": 730,
    } | extra
    return issuing.template_create(actor=w.users["alice"], organization=w.college, data=data)


@dataclass
class CredWorld:
    template: CredentialTemplate
    credential: IssuedCredential
    rule: RecognitionRule
    application: CreditApplication


def make_cred_world(w: Any) -> CredWorld:
    cached = getattr(w, "_cred_world", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    carol_evidence(w)
    template = make_template(w)
    credential = issuing.credential_issue(
        actor=w.users["alice"], template=template, holder=w.users["carol"]
    )
    rule = RecognitionRule.objects.create(
        college=w.college,
        name_zh="主图能力 → 2 学分",
        template=template,
        outcome="credits",
        credits=2,
        created_by=w.users["alice"],
    )
    application = CreditApplication.objects.create(
        student=w.users["carol"], rule=rule, credential=credential
    )
    world = CredWorld(template, credential, rule, application)
    w._cred_world = world  # type: ignore[attr-defined]
    return world
