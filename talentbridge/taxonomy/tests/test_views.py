"""HTML pages: search, detail, the curation flow, merge, export formats and extraction."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from django.test import Client

from conftest import World, client_for
from talentbridge.taxonomy.models import (
    ChangeStatus,
    ConceptChange,
    ReleaseStatus,
    Skill,
    TaxonomyRelease,
)
from talentbridge.taxonomy.tests.datadir import EDIT, PHOTO
from talentbridge.taxonomy.views import Segment, highlight

pytestmark = pytest.mark.django_db


def _content(response: object) -> str:
    return b"".join(response.streaming_content).decode("utf-8")  # type: ignore[attr-defined]


def test_search_page_and_htmx_rows(taxonomy: Path) -> None:
    client = Client()
    page = client.get("/skills/", {"q": "剪辑"})
    assert page.status_code == 200 and "视频剪辑" in page.content.decode()
    rows = client.get("/skills/", {"q": "photography"}, headers={"HX-Request": "true"})
    assert "<html" not in rows.content.decode() and "摄影" in rows.content.decode()


def test_detail_page_shows_aliases_mapping_and_occupations(taxonomy: Path) -> None:
    editing = Skill.objects.get(concept_id="dc.video.editing")
    html = (
        Client()
        .get(f"/skills/{editing.pk}/", headers={"accept-language": "zh-hans"})
        .content.decode()
    )
    assert "剪片" in html and "edit digital moving images" in html
    esco = Skill.objects.get(uri=EDIT)
    html = (
        Client().get(f"/skills/{esco.pk}/", headers={"accept-language": "zh-hans"}).content.decode()
    )
    assert "film editor" in html and "视频剪辑" in html  # occupation, extension mapped here


def test_curation_flow_through_the_pages(taxonomy: Path, world: World) -> None:
    erin, root = client_for(world, "secretariat"), client_for(world, "superuser")
    photo = Skill.objects.get(concept_id=PHOTO)
    form = {"label_zh": "摄影技术", "label_en": "photography", "alt_labels_zh": "拍照\n照相",
            "alt_labels_en": "", "description_zh": "", "description_en": "photography.",
            "comment": "better label"}  # fmt: skip
    assert erin.post(f"/skills/{photo.pk}/edit/", form).status_code == 302
    change = ConceptChange.objects.get()
    assert change.after == {"label_zh": "摄影技术", "alt_labels_zh": ["拍照", "照相"]}
    assert (
        erin.post(f"/taxonomy/changes/{change.pk}/review/", {"decision": "approve"}).status_code
        == 403
    )
    assert (
        root.post(f"/taxonomy/changes/{change.pk}/review/", {"decision": "approve"}).status_code
        == 302
    )
    assert ConceptChange.objects.get().status == ChangeStatus.APPROVED
    response = erin.post("/taxonomy/releases/", {"version_label": "2025.2", "note": ""})
    release = TaxonomyRelease.objects.get(version_label="2025.2")
    assert response.status_code == 302
    erin.post(f"/taxonomy/releases/{release.pk}/submit/")
    root.post(f"/taxonomy/releases/{release.pk}/publish/")
    release.refresh_from_db()
    assert release.status == ReleaseStatus.PUBLISHED
    assert Skill.objects.get(pk=photo.pk).label_zh == "摄影技术"
    assert "2025.2" in Client().get(f"/taxonomy/releases/{release.pk}/").content.decode()


def test_merge_page(taxonomy: Path, world: World) -> None:
    cutting = Skill.objects.get(concept_id="dc.video.cutting")
    client = client_for(world, "secretariat")
    unknown = client.post(f"/skills/{cutting.pk}/merge/", {"target": "nothing like it"})
    assert unknown.status_code == 200 and "No single concept" in unknown.content.decode()
    done = client.post(f"/skills/{cutting.pk}/merge/", {"target": "dc.video.editing"})
    assert done.status_code == 302
    assert Skill.objects.get(pk=cutting.pk).merged_into.concept_id == "dc.video.editing"


def test_csv_export_round_trips_labels_and_aliases(taxonomy: Path) -> None:
    response = Client().get("/skills/export/", {"format": "csv", "scheme": "extension"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(_content(response).lstrip("\ufeff"))))
    editing = next(row for row in rows if row["concept_id"] == "dc.video.editing")
    assert editing["alt_labels_zh"].split("|") == ["剪辑", "剪片"]
    assert (editing["esco_uri"], editing["parent"]) == (EDIT, "dc.video")
    assert {row["scheme"] for row in rows} == {"extension"}


def test_json_export(taxonomy: Path) -> None:
    body = json.loads(_content(Client().get("/skills/export/", {"format": "json", "q": "摄影"})))
    assert [skill["concept_id"] for skill in body["skills"]] == [PHOTO]
    assert body["skills"][0]["label_zh"] == "摄影"


def test_jsonld_export_is_close_to_the_rich_skill_descriptor(taxonomy: Path) -> None:
    response = Client().get("/skills/export/", {"format": "jsonld", "scheme": "extension"})
    assert response["Content-Type"].startswith("application/ld+json")
    document = json.loads(_content(response))
    assert document["@context"][0] == "https://rsd.openskillsnetwork.org/context-v1.json"
    editing = next(node for node in document["@graph"] if node["conceptId"] == "dc.video.editing")
    assert editing["@type"] == "RichSkillDescriptor"
    assert editing["skillName"] == "video editing" and editing["skillStatement"] == "Cuts video."
    assert editing["labels"] == {"zh-Hans": "视频剪辑", "en": "video editing"}
    assert editing["alignments"] == [{
        "id": EDIT, "skillName": "edit digital moving images", "alignmentType": "exact",
        "isPartOf": {"name": "ESCO", "version": "1.1.1", "url": "https://esco.ec.europa.eu/"},
    }]  # fmt: skip


def test_export_refuses_an_unknown_format(taxonomy: Path) -> None:
    assert Client().get("/skills/export/", {"format": "xml"}).status_code == 400


def test_extract_page_escapes_user_text(tiny_engine: object) -> None:
    text = '<script>alert("x")</script><img src=x onerror=alert(1)> 剪辑 Premiere'
    response = Client().post("/skills/extract/", {"text": text, "top_k": "20"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert" in html
    assert '<mark class="tb-mention" data-skill="' in html and ">Premiere</mark>" in html


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "required"), ("x" * 100_001, "100000"), ("\x07\x01\ufffd" * 100, "binary")],
)
def test_extract_page_bad_input_is_a_400_with_a_message(
    tiny_engine: object, text: str, message: str
) -> None:
    response = Client().post(
        "/skills/extract/", {"text": text, "top_k": "20"}, headers={"accept-language": "en"}
    )
    assert response.status_code == 400
    assert message in response.content.decode()


def test_highlight_prefers_the_better_ranked_skill_on_overlaps() -> None:
    skills = [
        {"kind": "explicit", "spans": [[2, 6]]},
        {"kind": "explicit", "spans": [[0, 4], [8, 10]]},
        {"kind": "inferred", "spans": [[0, 10]]},
    ]
    assert highlight("abcdefghij", skills) == [
        Segment("ab", None), Segment("cdef", 0), Segment("gh", None), Segment("ij", 1),
    ]  # fmt: skip
    assert highlight("", skills) == []
