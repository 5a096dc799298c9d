"""The major-setting evidence report as PDF (same numbers as the XLSX, the request's
language, gatekept), regional supply from existing majors, salary from the demand provider,
and the HTML forms for college plan rules, 1+X certificates and competitions."""

from __future__ import annotations

import io
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from conftest import World, client_for
from talentbridge.community.models import Organization
from talentbridge.curriculum import providers, services
from talentbridge.curriculum.models import (
    MajorOffering,
    PlanCompetition,
    PlanRule,
    TrainingPlanVersion,
)
from talentbridge.curriculum.tests.authz import offering


@pytest.fixture
def demand_with_salary() -> Iterator[None]:
    """200 postings: editing asked for by 80 (30 + 50), UI design by 40 (20 + 20)."""

    def provider(**query: Any) -> dict[str, Any]:
        return {
            "months": ["2025-01", "2025-02"],
            "postings": {"2025-01": 100, "2025-02": 100},
            "source": "test postings",
            "skills": {
                "dc.video.edit.editing": {"2025-01": 30, "2025-02": 50},
                "dc.uiux.ui.ui_design": {"2025-01": 20, "2025-02": 20},
            },
            "occupations": {
                "4-13-02-04": {"postings": 50, "skills": {"dc.video.edit.editing": 40}}
            },
            "salary": {"postings": 150, "p25": 6500, "p50": 8200, "p75": 11000},
        }

    providers.register_demand_provider(provider)
    yield
    providers.register_demand_provider(None)


@pytest.fixture
def neighbour(world: World) -> MajorOffering:
    """Another college in the same county offering the same major, 45 students in 2025."""
    other = Organization.objects.create(
        name_zh="邻近职业技术学院", name_en="Neighbour Polytechnic", kind="college",
        college_level="higher_vocational", region_code="330782",
    )  # fmt: skip
    found = MajorOffering.objects.create(
        college=other, major_code="550103", level="higher_vocational", name_zh="数字媒体艺术设计"
    )
    found.enrollments.create(year=2025, students=45)
    far = Organization.objects.create(
        name_zh="远方学院", name_en="Far College", kind="college", region_code="110105"
    )
    MajorOffering.objects.create(
        college=far, major_code="550103", level="higher_vocational", name_zh="数字媒体艺术设计"
    )
    return found


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def _evidence(client: Any, world: World, export: str, language: str) -> Any:
    return client.get(
        f"/curriculum/majors/{offering(world).pk}/evidence/",
        {"region": "330782", "month_from": "2025-01", "month_to": "2025-02", "export": export},
        HTTP_ACCEPT_LANGUAGE=language,
    )


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_evidence_pdf_has_the_xlsx_numbers_in_the_request_language(
    world: World,
    draft: TrainingPlanVersion,
    demand_with_salary: None,
    neighbour: MajorOffering,
    language: str,
) -> None:
    services.enrollment_set(
        actor=world.users["alice"], offering=offering(world), year=2025, students=60
    )
    client = client_for(world, "college_admin")
    response = _evidence(client, world, "pdf", language)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="evidence-550103.pdf"'
    text = _pdf_text(response.content)
    book = load_workbook(io.BytesIO(_evidence(client, world, "xlsx", language).content))
    summary = [row[1] for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)]
    # editing (weight 2/3) taught 熟练 (1), UI design (1/3) not taught → score 2/3
    assert 0.6667 in summary and 200 in summary and 2 in summary
    for figure in ("0.667", "200", "¥8,200", "¥6,500", "¥11,000", "80", "40"):
        assert figure in text, figure
    # regional supply: this college (60) and the neighbour (45) in 330782; not the far one
    assert "邻近职业技术学院" in text or "Neighbour Polytechnic" in text
    assert "远方学院" not in text and "Far College" not in text
    assert "105" in text  # 60 + 45 students enrolled in 2025
    supply_rows = list(book[book.sheetnames[2]].iter_rows(min_row=2, values_only=True))
    assert sorted(r[4] for r in supply_rows) == [45, 60]
    if language == "en":
        assert "Major-setting evidence report" in text
        assert "video editing" in text and "UI design" in text
        assert "Alignment score" in text
    else:
        assert "专业设置论证报告" in text
        assert "视频剪辑" in text and "UI设计" in text
        assert "对接度得分" in text
        assert "Alignment score" not in text


def test_evidence_pdf_without_salary_says_so_and_api_exports_pdf(
    world: World, draft: TrainingPlanVersion
) -> None:
    client = client_for(world, "enterprise_staff")  # partner enterprise reads the report
    url = f"/api/v1/curriculum/offerings/{offering(world).pk}/evidence/"
    response = client.get(url, {"export": "pdf"})
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    text = _pdf_text(response.content)
    assert "not provided by the demand source" in text
    body = client.get(url).json()
    assert body["salary"] is None and body["supply"]["colleges"] == 1


@pytest.mark.parametrize("role", ["student", "government_officer", "anonymous"])
def test_evidence_pdf_is_gatekept_like_the_xlsx(
    world: World, draft: TrainingPlanVersion, role: str
) -> None:
    client = client_for(world, role)
    for export in ("pdf", "xlsx"):
        response = _evidence(client, world, export, "en")
        assert response.status_code in (302, 403, 404)
        assert not response.content.startswith(b"%PDF")


def test_evidence_page_links_pdf_and_shows_supply_and_salary(
    world: World, draft: TrainingPlanVersion, demand_with_salary: None, neighbour: MajorOffering
) -> None:
    page = _evidence(client_for(world, "college_admin"), world, "", "en").content.decode()
    assert 'id="evidence-pdf"' in page and "export=pdf" in page
    assert "Neighbour Polytechnic" in page
    assert '<strong id="supply-colleges">2</strong>' in page
    assert "8200 (P25 6500, P75 11000)" in page


# --- HTML forms --------------------------------------------------------------------------------


def test_college_admin_sets_a_practice_rule_and_the_plan_check_uses_it(
    world: World, draft: TrainingPlanVersion
) -> None:
    """C1: 16 theory + 32 practice, C2: 16 + 40 → practice share 72/104 = 0.692."""
    alice = client_for(world, "college_admin")
    url = f"/curriculum/colleges/{world.college.pk}/rules/"
    response = alice.post(
        url,
        {
            "action": "set",
            "level": "higher_vocational",
            "kind": "min_practice_share",
            "value": "0.7",
        },
        follow=True,
    )
    assert "Rule saved." in response.content.decode()
    rule = PlanRule.objects.get(college=world.college)
    assert (rule.level, rule.kind, rule.value) == (
        "higher_vocational",
        "min_practice_share",
        Decimal("0.7"),
    )
    check = services.plan_check(draft)
    assert [(r.kind, r.passed) for r in check.rules] == [("min_practice_share", False)]
    assert check.rules[0].actual == pytest.approx(Decimal(72) / Decimal(104), abs=Decimal("0.001"))
    alice.post(
        url,
        {
            "action": "set",
            "level": "higher_vocational",
            "kind": "min_practice_share",
            "value": "0.5",
        },
    )
    assert services.plan_check(draft).rules[0].passed
    page = client_for(world, "teacher").get(f"/curriculum/majors/{offering(world).pk}/")
    assert "0.5" in page.content.decode()


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"action": "set", "kind": "min_practice_share", "value": "1.5"}, "between 0 and 1"),
        ({"action": "set", "kind": "min_practice_share", "value": "half"}, "must be a number"),
        ({"action": "set", "kind": "min_practice_share", "value": "NaN"}, "must be a number"),
        ({"action": "set", "kind": "no_such_rule", "value": "1"}, "Unknown rule"),
        (
            {"action": "set", "level": "kindergarten", "kind": "min_total_credits", "value": "1"},
            "Unknown level",
        ),
    ],
)
def test_bad_rule_input_is_a_form_error(world: World, data: dict[str, str], error: str) -> None:
    response = client_for(world, "college_admin").post(
        f"/curriculum/colleges/{world.college.pk}/rules/", data, follow=True
    )
    assert response.status_code == 200 and error in response.content.decode()
    assert not PlanRule.objects.exists()


def test_teacher_reads_rules_but_cannot_change_them(world: World) -> None:
    services.rule_set(
        actor=world.users["alice"],
        college=world.college,
        kind="min_total_credits",
        value=Decimal(120),
    )
    url = f"/curriculum/colleges/{world.college.pk}/rules/"
    tina = client_for(world, "teacher")
    page = tina.get(url).content.decode()
    assert "Total credits, minimum" in page and 'id="rule-form"' not in page
    denied = tina.post(url, {"action": "delete", "kind": "min_total_credits", "level": ""})
    assert denied.status_code == 403
    assert PlanRule.objects.count() == 1
    client_for(world, "college_admin").post(
        url, {"action": "delete", "kind": "min_total_credits", "level": ""}
    )
    assert not PlanRule.objects.exists()


def test_certificate_and_competition_forms_embed_and_remove(
    world: World, draft: TrainingPlanVersion
) -> None:
    tina = client_for(world, "teacher")
    url = f"/curriculum/versions/{draft.pk}/"
    page = tina.get(url).content.decode()
    assert 'id="certificate-form"' in page and 'id="competition-form"' in page
    tina.post(
        f"{url}add-certificate/",
        {
            "certificate_id": "cert.1x.digital_media_interaction_design",
            "level": "中级",
        },
    )
    tina.post(f"{url}add-competition/", {"name": "数字艺术设计赛项", "course_code": "C1"})
    assert draft.certificates.get().level == "中级"
    assert PlanCompetition.objects.get(version=draft).course_code == "C1"
    bad = tina.post(
        f"{url}add-competition/", {"name": "另一赛项", "course_code": "NOPE"}, follow=True
    )
    assert "No course with this code" in bad.content.decode()
    bad = tina.post(f"{url}add-certificate/", {"certificate_id": "cert.nope"}, follow=True)
    assert "Unknown 1+X certificate" in bad.content.decode()
    page = tina.get(url).content.decode()
    assert "数字艺术设计赛项" in page and "Digital Media Interaction Design" in page
    # the partner enterprise sees them but gets no forms and cannot remove them
    bob = client_for(world, "enterprise_staff")
    assert 'id="competition-form"' not in bob.get(url).content.decode()
    assert bob.post(f"{url}remove-competition/", {"name": "数字艺术设计赛项"}).status_code == 403
    tina.post(f"{url}remove-competition/", {"name": "数字艺术设计赛项"})
    tina.post(
        f"{url}remove-certificate/",
        {
            "certificate_id": "cert.1x.digital_media_interaction_design",
        },
    )
    assert not draft.certificates.exists() and not draft.competitions.exists()
