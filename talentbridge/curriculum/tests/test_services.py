"""Services, XLSX round trip and bad input, workflow, suggestions, alignment API end to end."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from conftest import ROLE_USERS, World, client_for
from talentbridge.community.personas import persona_keys
from talentbridge.core.errors import ApplicationError
from talentbridge.curriculum import adapters, providers, reports, services
from talentbridge.curriculum.adapters import SuggestedSkill
from talentbridge.curriculum.home import home_actions
from talentbridge.curriculum.models import LearningOutcome, SkillSuggestion, TrainingPlanVersion
from talentbridge.curriculum.selectors import course_snapshots, version_diff
from talentbridge.curriculum.tests.authz import offering


def _workbook(rows: list[list[Any]], skills: list[list[Any]] | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "教学进程表"
    sheet.append(["某专业教学进程表"])
    sheet.append(
        ["课程类别", "课程代码", "课程名称", "学分", "总学时", "理论学时", "实践学时", "开课学期"]
    )
    for row in rows:
        sheet.append(row)
    if skills is not None:
        extra = book.create_sheet("课程技能")
        extra.append(["课程代码", "技能ID", "技能名称", "掌握程度"])
        for row in skills:
            extra.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_xlsx_round_trip(world: World, draft: TrainingPlanVersion) -> None:
    """Export a plan, import the file into a fresh draft: the same courses and skills."""
    services.certificate_add(
        actor=world.users["tina"], version=draft, certificate_id="cert.1x.new_media_operation"
    )
    data = reports.plan_xlsx(draft)
    other = services.plan_create(
        actor=world.users["tina"], offering=offering(world), cohort_year=2026
    )
    report = services.plan_import_xlsx(actor=world.users["tina"], version=other, data=data)
    assert report.imported and not report.errors, report.errors
    assert course_snapshots(other) == course_snapshots(draft)
    assert list(other.certificates.values_list("certificate_id", flat=True)) == [
        "cert.1x.new_media_operation"
    ]
    other.refresh_from_db()
    assert other.declared_credits == Decimal(6)


def test_bad_rows_import_nothing_and_name_rows(world: World, draft: TrainingPlanVersion) -> None:
    data = _workbook(
        [
            ["专业核心", "N1", "新课", 2, 32, 16, 16, 1],
            ["专业核心", "N1", "重复", 2, 32, 16, 16, 2],
            ["实践", "N2", "九学期", 2, 32, 0, 32, 9],
            ["专业核心", "N3", "学时不符", 2, 40, 16, 16, 1],
            ["专业核心", "N4", "学分错", "abc", 32, 16, 16, 1],
        ],
        skills=[["N1", "dc.no.such.skill", "", "掌握"]],
    )
    before = course_snapshots(draft)
    report = services.plan_import_xlsx(actor=world.users["tina"], version=draft, data=data)
    assert not report.imported
    assert course_snapshots(draft) == before
    text = "\n".join(report.errors)
    assert "教学进程表 row 4" in text and "first on row 3" in text
    assert "semester 9" in text and "6 semesters" in text
    assert "row 6" in text and "row 7" in text
    assert "课程技能 row 2" in text and "dc.no.such.skill" in text
    kept = services.plan_import_xlsx(
        actor=world.users["tina"], version=draft, data=data, keep_good_rows=True
    )
    assert kept.imported and kept.courses == 1
    assert list(draft.courses.values_list("code", flat=True)) == ["N1"]


def test_total_row_and_corrupt_file(world: World, draft: TrainingPlanVersion) -> None:
    mismatch = _workbook([["专业核心", "N1", "新课", 2, 32, 16, 16, 1], ["合计", "", "", 5]])
    report = services.plan_import_xlsx(actor=world.users["tina"], version=draft, data=mismatch)
    assert not report.imported and "5" in report.errors[0] and "row 4" in report.errors[0]
    corrupt = services.plan_import_xlsx(
        actor=world.users["tina"], version=draft, data=b"PK\x03\x04garbage"
    )
    assert not corrupt.imported and "not a readable XLSX" in corrupt.errors[0]
    assert draft.courses.count() == 2


def test_course_service_rejects_bad_input(world: World, draft: TrainingPlanVersion) -> None:
    tina = world.users["tina"]
    base = {
        "code": "C1",
        "name_zh": "x",
        "credits": "2",
        "hours_theory": 1,
        "hours_practice": 1,
        "semester": 1,
        "course_type": "elective",
    }
    with pytest.raises(ApplicationError) as dup:
        services.course_create(actor=tina, version=draft, data=base)
    assert dup.value.code == "conflict"
    with pytest.raises(ApplicationError) as late:
        services.course_create(actor=tina, version=draft, data=base | {"code": "C9", "semester": 9})
    assert "semester" in late.value.fields
    with pytest.raises(ApplicationError) as unknown:
        services.outcome_set(
            actor=tina, course=draft.courses.first(), skill_id="nope", level="master"
        )  # type: ignore[arg-type]
    assert "skill_id" in unknown.value.fields
    updated = services.version_update(
        actor=tina, version=draft, data={"declared_credits": Decimal(7)}
    )
    assert any("7" in p and "6" in p for p in services.plan_check(updated).problems)


def test_workflow_and_versions(world: World, draft: TrainingPlanVersion) -> None:
    alice, tina, bob = world.users["alice"], world.users["tina"], world.users["bob"]
    services.rule_set(
        actor=alice, college=world.college, kind="min_practice_share", value=Decimal("0.9")
    )
    with pytest.raises(ApplicationError):
        services.version_submit(actor=tina, version=draft)  # practice share 72/104 < 0.9
    services.rule_set(
        actor=alice, college=world.college, kind="min_practice_share", value=Decimal("0.5")
    )
    draft = services.version_submit(actor=tina, version=draft)
    with pytest.raises(ApplicationError):
        services.version_advance(actor=alice, version=draft)  # no partner sign-off yet
    with pytest.raises(ApplicationError):
        services.signoff_create(actor=alice, version=draft, decision="approve")  # not a partner
    services.proposal_create(
        actor=bob, version=draft, skill_id="dc.tool.video.premiere", weight=Decimal("0.7")
    )
    services.signoff_create(actor=bob, version=draft, decision="approve")
    draft = services.version_advance(actor=alice, version=draft)
    first = services.version_publish(actor=alice, version=draft)
    assert first.status == "published"
    second = services.version_create(actor=tina, plan=first.plan)
    c2 = second.courses.get(code="C2")
    services.course_update(actor=tina, course=c2, data={"credits": Decimal(4)})
    services.outcome_set(actor=tina, course=c2, skill_id="dc.tool.image.photoshop", level="master")
    services.course_delete(actor=tina, course=second.courses.get(code="C1"))
    diff = version_diff(first, second)
    assert [c.code for c in diff.removed] == ["C1"] and diff.skills_lost == (
        "dc.video.edit.editing",
    )
    assert diff.changed[0].levels_changed[0].after == "master"
    with pytest.raises(ApplicationError):
        services.course_update(actor=tina, course=first.courses.get(code="C2"), data={"credits": 1})
    assert first.transitions.count() == 3


def test_suggestions_are_never_applied_silently(world: World, draft: TrainingPlanVersion) -> None:
    def fake(text: str, top_k: int) -> list[SuggestedSkill]:
        return [
            SuggestedSkill("dc.tool.video.premiere", 0.9, "Premiere"),
            SuggestedSkill("dc.video.edit.editing", 0.8, "剪辑"),
        ]

    adapters.use_suggester(fake)
    try:
        course = draft.courses.get(code="C1")
        created = services.syllabus_suggest(
            actor=world.users["tina"], course=course, text="使用 Premiere 剪辑"
        )
    finally:
        adapters.use_suggester(None)
    assert [s.skill_id for s in created] == ["dc.tool.video.premiere"]  # editing already mapped
    assert not LearningOutcome.objects.filter(
        course=course, skill_id="dc.tool.video.premiere"
    ).exists()
    services.suggestion_decide(
        actor=world.users["tina"], suggestion=created[0], accept=True, level="aware"
    )
    assert course.outcomes.get(skill_id="dc.tool.video.premiere").level == "aware"
    assert SkillSuggestion.objects.get(pk=created[0].pk).decided_by == world.users["tina"]


@pytest.mark.slow
def test_real_engine_suggests_from_syllabus(world: World, draft: TrainingPlanVersion) -> None:
    course = draft.courses.get(code="C2")
    created = services.syllabus_suggest(
        actor=world.users["tina"],
        course=course,
        text="学生能熟练使用Premiere和After Effects完成商品短视频剪辑。",
    )
    assert "dc.tool.video.premiere" in {s.skill_id for s in created}
    assert all(s.status == "pending" for s in created)


@pytest.fixture
def demand() -> Iterator[list[dict[str, Any]]]:
    calls: list[dict[str, Any]] = []

    def provider(**query: Any) -> dict[str, Any]:
        calls.append(query)
        months = ["2025-01", "2025-02"]
        return {
            "months": months,
            "postings": {"2025-01": 100, "2025-02": 100},
            "source": "test",
            "skills": {
                "dc.video.edit.editing": {"2025-01": 30, "2025-02": 50},
                "dc.uiux.ui.ui_design": {"2025-01": 20, "2025-02": 20},
            },
            "occupations": {
                "4-13-02-04": {"postings": 50, "skills": {"dc.video.edit.editing": 40}}
            },
        }

    providers.register_demand_provider(provider)
    yield calls
    providers.register_demand_provider(None)


def test_alignment_api_end_to_end(
    world: World, draft: TrainingPlanVersion, demand: list[dict[str, Any]]
) -> None:
    """editing 80 postings, UI design 40 → weights 2/3 and 1/3; editing taught 熟练 (1),
    UI design not taught → score = 2/3. UI design is a gap; the 1+X certificates listing it fit."""
    client = client_for(world, "enterprise_staff")  # partner enterprise sees the analysis
    url = f"/api/v1/curriculum/versions/{draft.pk}/alignment/"
    query = {"region": "330782", "month_from": "2025-01", "month_to": "2025-02"}
    body = client.get(url, query).json()
    assert body["score"] == pytest.approx(2 / 3, abs=1e-4)
    assert body["gaps"] == ["dc.uiux.ui.ui_design"]
    assert demand[-1]["region"] == "330782" and demand[-1]["actor"] == world.users["bob"]
    fitting = {c.id for c in adapters.certificates() if "dc.uiux.ui.ui_design" in c.skill_ids}
    assert fitting and {c["id"] for c in body["recommendations"]["certificates"]} == fitting
    assert body["trend"][0]["score"] == pytest.approx(2 / 3, abs=1e-4)
    assert body["charts"]["heatmap"]["cells"]
    drill = client.get(f"{url}skill/", {**query, "skill": "dc.video.edit.editing"}).json()
    assert [m["postings"] for m in drill["months"]] == [30, 50]
    assert drill["courses"][0]["course_code"] == "C1"
    page = client_for(world, "teacher").get(f"/curriculum/versions/{draft.pk}/alignment/")
    assert page.status_code == 200 and "chart-sankey" in page.content.decode()


def test_evidence_report_xlsx(
    world: World, draft: TrainingPlanVersion, demand: list[dict[str, Any]]
) -> None:
    client = client_for(world, "college_admin")
    response = client.get(
        f"/api/v1/curriculum/offerings/{offering(world).pk}/evidence/?export=xlsx"
    )
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) == 7
    report = client.get(f"/api/v1/curriculum/offerings/{offering(world).pk}/evidence/").json()
    assert report["major"]["code"] == "550103" and report["alignment"]["total_postings"] == 200


def test_api_course_and_import_errors(world: World, draft: TrainingPlanVersion) -> None:
    client = client_for(world, "teacher")
    bad = client.post(
        f"/api/v1/curriculum/versions/{draft.pk}/courses/",
        json.dumps(
            {"code": "C1", "name_zh": "x", "credits": "1", "semester": 1, "course_type": "elective"}
        ),
        content_type="application/json",
    )
    assert bad.status_code == 409
    upload = io.BytesIO(b"not a workbook")
    upload.name = "plan.xlsx"
    response = client.post(f"/api/v1/curriculum/versions/{draft.pk}/import/", {"file": upload})
    assert response.status_code == 400 and not response.json()["imported"]
    pdf = io.BytesIO(b"%PDF-1.4")
    pdf.name = "syllabus.pdf"
    course = draft.courses.get(code="C1")
    refused = client.post(f"/api/v1/curriculum/courses/{course.pk}/suggestions/", {"file": pdf})
    assert refused.status_code == 400 and "PDF" in refused.json()["message"] + str(
        refused.json()["fields"]
    )


def test_home_actions_per_persona(world: World, draft: TrainingPlanVersion) -> None:
    """The partner enterprise sees the plans waiting for its sign-off until it signs off;
    the college admin sees the plans waiting for the committee."""

    def labels(role: str) -> list[str]:
        user = world.users[ROLE_USERS[role]]
        return [str(a.label) for a in home_actions(user, persona_keys(user))]

    assert "Map your course outcomes to skills" in labels("teacher")
    assert not any(label.startswith("Review 1") for label in labels("enterprise_staff"))
    services.version_submit(actor=world.users["tina"], version=draft, note="")
    assert "Review 1 training plan" in labels("enterprise_staff")
    assert "Major-setting evidence" not in labels("government_officer")  # sees no offering
    draft.refresh_from_db()
    services.signoff_create(actor=world.users["bob"], version=draft, decision="approve")
    assert not any(label.startswith("Review 1") for label in labels("enterprise_staff"))
    services.version_advance(actor=world.users["alice"], version=draft, note="")
    admin = world.users["alice"]
    [review] = [
        a for a in home_actions(admin, persona_keys(admin)) if a.url.endswith("/curriculum/")
    ]
    assert review.badge == 1
    page = client_for(world, "college_admin").get("/")
    assert "Review your training plans" in page.content.decode()


# --- security review regressions: numeric bounds and spreadsheet formula injection ----------


@pytest.mark.parametrize("raw", ["NaN", "Infinity", "-1", "100000", "1.25", "abc"])
def test_version_form_refuses_bad_declared_credits(
    world: World, draft: TrainingPlanVersion, raw: str
) -> None:
    page = client_for(world, "teacher").post(
        f"/curriculum/versions/{draft.pk}/update/",
        {"declared_credits": raw},
        follow=True,
    )
    assert page.status_code == 200
    assert "Declared credits must be a number from 0 to 99999.9" in page.content.decode()
    draft.refresh_from_db()
    assert draft.declared_credits is None


def test_version_form_saves_good_declared_credits(world: World, draft: TrainingPlanVersion) -> None:
    client_for(world, "teacher").post(
        f"/curriculum/versions/{draft.pk}/update/", {"declared_credits": "150.5"}
    )
    draft.refresh_from_db()
    assert draft.declared_credits == Decimal("150.5")


def test_huge_hours_are_a_form_error_not_a_crash(world: World, draft: TrainingPlanVersion) -> None:
    page = client_for(world, "teacher").post(
        f"/curriculum/versions/{draft.pk}/add-course/",
        {
            "code": "C9",
            "name_zh": "巨量学时",
            "credits": "2",
            "hours_theory": "99999999999999999999",
            "hours_practice": "0",
            "semester": "1",
            "course_type": "elective",
        },
        follow=True,
    )
    assert page.status_code == 200 and "Hours cannot exceed 5000" in page.content.decode()
    assert not draft.courses.filter(code="C9").exists()


def test_huge_hours_in_an_imported_sheet_are_a_row_error(
    world: World, draft: TrainingPlanVersion
) -> None:
    data = _workbook([["专业核心", "N1", "新课", 2, 10**20, 10**20, 0, 1]])
    report = services.plan_import_xlsx(actor=world.users["tina"], version=draft, data=data)
    assert not report.imported
    assert "more than the limit of 5000" in "\n".join(report.errors)


def test_huge_student_count_is_a_form_error_not_a_crash(world: World) -> None:
    page = client_for(world, "college_admin").post(
        f"/curriculum/majors/{offering(world).pk}/",
        {"action": "enrollment", "year": "2024", "students": "99999999999999999999"},
        follow=True,
    )
    assert page.status_code == 200
    assert "The number of students cannot exceed 100000" in page.content.decode()
    assert not offering(world).enrollments.exists()


FORMULAS = ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(1)", "'=quoted"]


def test_plan_export_escapes_formulas_and_import_restores_them(
    world: World, draft: TrainingPlanVersion
) -> None:
    tina = world.users["tina"]
    for number, name in enumerate(FORMULAS, start=3):
        services.course_create(
            actor=tina,
            version=draft,
            data={
                "code": f"C{number}",
                "name_zh": name,
                "name_en": name,
                "credits": Decimal(1),
                "hours_theory": 16,
                "hours_practice": 0,
                "semester": 1,
                "course_type": "elective",
            },
        )
    data = reports.plan_xlsx(draft)
    cells = [c for row in load_workbook(io.BytesIO(data)).active.iter_rows() for c in row]
    assert not [c.value for c in cells if c.data_type == "f"]
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert {"'" + name for name in FORMULAS} <= texts
    other = services.plan_create(actor=tina, offering=offering(world), cohort_year=2026)
    report = services.plan_import_xlsx(actor=tina, version=other, data=data)
    assert report.imported and not report.errors, report.errors
    assert course_snapshots(other) == course_snapshots(draft)


def test_evidence_workbook_escapes_formulas(
    world: World, draft: TrainingPlanVersion, demand: list[dict[str, Any]]
) -> None:
    world.enterprise.name_zh = world.enterprise.name_en = FORMULAS[0]
    world.enterprise.save()
    response = client_for(world, "college_admin").get(
        f"/api/v1/curriculum/offerings/{offering(world).pk}/evidence/?export=xlsx"
    )
    book = load_workbook(io.BytesIO(response.content))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert not [c.value for c in cells if c.data_type == "f"]
    assert "'" + FORMULAS[0] in {c.value for c in cells}
    sheet_book = Workbook()
    reports._sheet(sheet_book, "t", ["h"], [[name, 3] for name in FORMULAS])
    assert [row[0].value for row in sheet_book["t"].iter_rows(min_row=2)] == [
        "'" + name for name in FORMULAS
    ]
