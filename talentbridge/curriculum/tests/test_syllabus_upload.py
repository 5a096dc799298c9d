"""Syllabus uploads as PDF (text layer) next to DOCX/TXT, bad PDFs refused with a bilingual
message and nothing saved, and inferred (semantic) suggestions ranked after explicit ones."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.html import escape as html_escape
from pypdf import PdfReader, PdfWriter

from conftest import World, client_for
from talentbridge.core.pdf import PdfReport
from talentbridge.curriculum import adapters, services
from talentbridge.curriculum.adapters import SuggestedSkill, suggest_for_text
from talentbridge.curriculum.messages import syllabus_message
from talentbridge.curriculum.models import Course, SkillSuggestion, TrainingPlanVersion
from talentbridge.curriculum.syllabus import (
    MAX_UPLOAD_BYTES,
    SyllabusError,
    pdf_text,
    text_from_upload,
)
from talentbridge.extraction import Concept, Extractor
from talentbridge.extraction.engine import RankingWeights
from talentbridge.extraction.semantic import build_index
from talentbridge.taxonomy import services as taxonomy_services
from talentbridge.taxonomy.models import Skill

SYLLABUS = "学生能熟练使用Premiere和After Effects完成商品短视频剪辑。Students edit product videos."


def syllabus_pdf(text: str = SYLLABUS) -> bytes:
    report = PdfReport(title="《短视频制作》课程标准")
    report.paragraph(text)
    return report.render()


def encrypted_pdf(user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(syllabus_pdf())))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def scanned_pdf() -> bytes:
    """A page with no text layer, as a scanner produces (here: a blank page)."""
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_pdf_text_layer_is_read_in_page_order() -> None:
    text = text_from_upload("课程标准.pdf", syllabus_pdf())
    assert text.startswith("《短视频制作》课程标准")  # the page number "1" above it is dropped
    assert "Premiere和After Effects" in text
    assert text.index("课程标准") < text.index("Premiere")


def test_pdf_without_user_password_restriction_is_read() -> None:
    """Only an owner password (printing restrictions): readers open it, so do we."""
    assert "Premiere" in pdf_text(encrypted_pdf(""))


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("scan.pdf", scanned_pdf(), "pdf_no_text"),
        ("locked.pdf", encrypted_pdf("secret"), "pdf_encrypted"),
        ("half.pdf", syllabus_pdf()[:400], "corrupt_pdf"),
        ("junk.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 20, "corrupt_pdf"),
        ("renamed.pdf", b"PK\x03\x04 this is a zip, not a pdf", "not_pdf"),
        ("notes.pdf", "课程标准：这是纯文本".encode(), "not_pdf"),
        ("big.pdf", b"%PDF-1.4\n" + b"0" * MAX_UPLOAD_BYTES, "too_large"),
    ],
)
def test_bad_pdfs_have_their_own_code(name: str, data: bytes, code: str) -> None:
    with pytest.raises(SyllabusError) as caught:
        text_from_upload(name, data)
    assert caught.value.code == code


def _upload(client: object, course: Course, name: str, data: bytes, language: str = "en") -> str:
    response = client.post(  # type: ignore[attr-defined]
        f"/curriculum/courses/{course.pk}/",
        {"action": "suggest", "file": SimpleUploadedFile(name, data), "text": ""},
        HTTP_ACCEPT_LANGUAGE=language,
        follow=True,
    )
    assert response.status_code == 200
    return str(response.content.decode())


def test_page_upload_of_a_pdf_makes_pending_suggestions(
    world: World, draft: TrainingPlanVersion
) -> None:
    course = draft.courses.get(code="C2")
    html = _upload(client_for(world, "teacher"), course, "syllabus.pdf", syllabus_pdf())
    course.refresh_from_db()
    assert "Premiere" in course.syllabus
    found = set(course.suggestions.values_list("skill_id", "status"))
    assert ("dc.tool.video.premiere", "pending") in found
    assert not course.outcomes.filter(skill_id="dc.tool.video.premiere").exists()
    assert "accept or reject each one" in html


@pytest.mark.parametrize(
    ("name", "data", "english", "code"),
    [
        ("scan.pdf", scanned_pdf(), "no text layer", "pdf_no_text"),
        ("locked.pdf", encrypted_pdf("secret"), "protected by a password", "pdf_encrypted"),
        ("half.pdf", syllabus_pdf()[:400], "damaged", "corrupt_pdf"),
        ("renamed.pdf", b"GIF89a not a pdf", "is not a PDF document", "not_pdf"),
        ("big.pdf", b"%PDF-1.4\n" + b"0" * MAX_UPLOAD_BYTES, "larger than 5 MB", "too_large"),
    ],
)
def test_page_refuses_bad_pdf_in_both_languages_and_saves_nothing(
    world: World, draft: TrainingPlanVersion, name: str, data: bytes, english: str, code: str
) -> None:
    course = draft.courses.get(code="C2")
    client = client_for(world, "teacher")
    assert english in _upload(client, course, name, data, "en")
    with translation.override("zh-hans"):
        chinese_message = syllabus_message(SyllabusError(code))
    assert html_escape(chinese_message) in _upload(client, course, name, data, "zh-hans")
    course.refresh_from_db()
    assert course.syllabus == ""
    assert not SkillSuggestion.objects.filter(course=course).exists()


def test_api_refuses_bad_pdf_with_400_and_field_error(
    world: World, draft: TrainingPlanVersion
) -> None:
    course = draft.courses.get(code="C2")
    client = client_for(world, "teacher")
    url = f"/api/v1/curriculum/courses/{course.pk}/suggestions/"
    response = client.post(url, {"file": SimpleUploadedFile("scan.pdf", scanned_pdf())})
    assert response.status_code == 400
    assert "no text layer" in str(response.json())
    ok = client.post(url, {"file": SimpleUploadedFile("syllabus.pdf", syllabus_pdf())})
    assert ok.status_code == 201
    rows = {row["skill_id"]: row for row in ok.json()}
    assert rows["dc.tool.video.premiere"]["kind"] == "explicit"
    assert rows["dc.tool.video.premiere"]["status"] == "pending"


def _engine(text: str, top_k: int) -> list[SuggestedSkill]:
    """What the semantic engine returns: an inferred concept can outscore an explicit one."""
    return [
        SuggestedSkill("dc.anim.pre.storyboard", 0.95, "", "inferred"),
        SuggestedSkill("dc.tool.video.premiere", 0.9, "Premiere", "explicit"),
        SuggestedSkill("dc.tool.video.after_effects", 0.7, "After Effects", "explicit"),
        SuggestedSkill("dc.uiux.ui.ui_design", 0.5, "", "inferred"),
    ]


def test_explicit_suggestions_come_before_inferred_ones(
    world: World, draft: TrainingPlanVersion, taxonomy: Path
) -> None:
    adapters.use_suggester(_engine)
    try:
        ranked = suggest_for_text(SYLLABUS, top_k=3)
        course = draft.courses.get(code="C2")
        services.syllabus_suggest(actor=world.users["tina"], course=course, text=SYLLABUS)
    finally:
        adapters.use_suggester(None)
    assert [(s.skill_id, s.kind) for s in ranked] == [
        ("dc.tool.video.premiere", "explicit"),
        ("dc.tool.video.after_effects", "explicit"),
        ("dc.anim.pre.storyboard", "inferred"),
    ]
    stored = list(course.suggestions.values_list("skill_id", "kind", "status"))
    assert [s[1] for s in stored] == ["explicit", "explicit", "inferred", "inferred"]
    assert {s[2] for s in stored} == {"pending"}
    assert not course.outcomes.filter(skill_id="dc.anim.pre.storyboard").exists()
    page = client_for(world, "teacher").get(f"/curriculum/courses/{course.pk}/").content.decode()
    assert page.count("suggestion-inferred") == 2
    assert page.index("suggestion-explicit") < page.index("suggestion-inferred")
    inferred = course.suggestions.get(skill_id="dc.anim.pre.storyboard")
    services.suggestion_decide(actor=world.users["tina"], suggestion=inferred, accept=False)
    assert not course.outcomes.filter(skill_id="dc.anim.pre.storyboard").exists()


def test_engine_kind_reaches_the_suggestions(world: World, taxonomy: Path, settings: Any) -> None:
    """Through the real taxonomy service and its lexical engine: explicit mentions are marked
    explicit, and top_k caps the list."""
    settings.TAXONOMY_SEMANTIC_EXTRACTION = False
    found = suggest_for_text(SYLLABUS, top_k=2)
    assert len(found) <= 2
    assert found and all(s.kind == "explicit" for s in found)
    assert suggest_for_text(SYLLABUS, top_k=0) == []


class TrigramEmbedder:
    """A stand-in for the embedding model (the real one needs minutes to index the taxonomy):
    character trigrams hashed into 256 dimensions, so similar strings get similar vectors."""

    name = "test-trigram-256"

    def embed_queries(self, texts: Sequence[str]) -> Any:
        return self._embed(texts)

    def embed_passages(self, texts: Sequence[str]) -> Any:
        return self._embed(texts)

    def _embed(self, texts: Sequence[str]) -> Any:
        out = np.zeros((len(texts), 256), dtype=np.float32)
        for row, text in enumerate(texts):
            padded = f"  {text.lower()}  "
            for start in range(len(padded) - 2):
                digest = hashlib.blake2b(padded[start : start + 3].encode(), digest_size=2)
                out[row, int.from_bytes(digest.digest(), "big") % 256] += 1.0
            out[row] /= float(np.linalg.norm(out[row])) or 1.0
        return out


def test_semantic_engine_results_are_marked_inferred_and_ranked_last(
    world: World, draft: TrainingPlanVersion, tmp_path: Path
) -> None:
    """The taxonomy's engine with a semantic index: concepts named in the text come back
    ``explicit``, the others ``inferred``; the teacher sees explicit ones first and decides."""
    ids = [
        "dc.tool.video.premiere",
        "dc.video.edit.editing",
        "dc.anim.pre.storyboard",
        "dc.uiux.ui.ui_design",
    ]
    concepts = [
        Concept(id=s.concept_id, uri=s.uri, label_en=s.label_en, label_zh=s.label_zh)
        for s in Skill.objects.filter(concept_id__in=ids)
    ]
    assert len(concepts) == 4
    embedder = TrigramEmbedder()
    index = build_index(concepts, embedder, cache_dir=tmp_path, release="test")
    # toy vectors are far less similar than the model's: count every positive cosine
    weights = RankingWeights(semantic_floor=0.0, semantic_ceiling=1.0)
    taxonomy_services.use_extractor(
        Extractor(concepts, index=index, embedder=embedder, weights=weights)
    )
    try:
        found = suggest_for_text("课程使用Premiere完成商品视频的分镜与剪辑包装。", top_k=10)
        course = draft.courses.get(code="C2")
        created = services.syllabus_suggest(
            actor=world.users["tina"], course=course, text="课程使用Premiere完成商品视频。"
        )
    finally:
        taxonomy_services.use_extractor(None)
    kinds = {s.skill_id: s.kind for s in found}
    assert kinds["dc.tool.video.premiere"] == "explicit"
    assert "inferred" in kinds.values()
    order = [s.kind for s in found]
    assert order == sorted(order)  # every explicit one before every inferred one
    stored = {s.skill_id: s.kind for s in created}
    assert stored["dc.tool.video.premiere"] == "explicit"
    assert all(s.status == "pending" for s in created)
    assert not course.outcomes.exclude(skill_id="dc.tool.image.photoshop").exists()
