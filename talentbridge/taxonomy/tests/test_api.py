"""The read API and the extraction endpoint, including hostile input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.test import Client

from talentbridge.taxonomy.models import Skill
from talentbridge.taxonomy.tests.datadir import EDIT, EDITOR_OCC, PHOTO

pytestmark = pytest.mark.django_db
EXTRACT = "/api/v1/taxonomy/extract/"


def _post(body: object, **extra: object) -> object:
    data = body if isinstance(body, bytes | str) else json.dumps(body, ensure_ascii=False)
    return Client().post(EXTRACT, data, content_type="application/json", **extra)


def test_skill_search_in_both_languages_with_filters(taxonomy: Path) -> None:
    client = Client()
    zh = client.get("/api/v1/taxonomy/skills/", {"q": "剪辑"}).json()
    assert "dc.video.editing" in {row["concept_id"] for row in zh["results"]}
    en = client.get("/api/v1/taxonomy/skills/", {"q": "premiere", "kind": "tool"}).json()
    assert [row["concept_id"] for row in en["results"]] == ["dc.tool.premiere"]
    esco = client.get("/api/v1/taxonomy/skills/", {"scheme": "esco", "page_size": 2}).json()
    assert esco["count"] == 4 and len(esco["results"]) == 2
    assert all(row["scheme"] == "esco" for row in esco["results"])


def test_skill_detail_shows_mapping_hierarchy_and_occupations(taxonomy: Path) -> None:
    client = Client()
    editing = Skill.objects.get(concept_id="dc.video.editing")
    body = client.get(f"/api/v1/taxonomy/skills/{editing.pk}/").json()
    assert body["esco_mapping"]["uri"] == EDIT and body["esco_mapping"]["match"] == "exact"
    assert body["parent"]["concept_id"] == "dc.video"
    esco = client.get(f"/api/v1/taxonomy/skills/{Skill.objects.get(uri=EDIT).pk}/").json()
    assert esco["occupations"] == [
        {
            "uri": EDITOR_OCC,
            "label_en": "film editor",
            "isco_group": "2654",
            "relation": "essential",
        }
    ]
    domain = client.get(f"/api/v1/taxonomy/skills/{editing.parent_id}/").json()
    assert "dc.video.editing" in {child["concept_id"] for child in domain["children"]}
    assert (
        client.get("/api/v1/taxonomy/skills/00000000-0000-0000-0000-000000000000/").status_code
        == 404
    )


def test_code_list_endpoints(taxonomy: Path) -> None:
    client = Client()
    majors = client.get("/api/v1/taxonomy/majors/", {"q": "数字媒体"}).json()["results"]
    assert [(m["code"], m["verified"]) for m in majors] == [("550103", True)]
    occupations = client.get("/api/v1/taxonomy/occupations/", {"digital": "true"}).json()
    assert [(o["code"], o["parent_code"]) for o in occupations["results"]] == [
        ("4-13-01-05", "4-13")
    ]
    certs = client.get("/api/v1/taxonomy/certificates/").json()["results"]
    assert len(certs[0]["skills"]) == 3
    esco = client.get("/api/v1/taxonomy/esco-occupations/", {"isco_group": "3431"}).json()
    assert [o["label_en"] for o in esco["results"]] == ["photographer"]
    releases = client.get("/api/v1/taxonomy/releases/").json()["results"]
    assert releases[0]["kind"] == "import" and releases[0]["added_count"] == 8
    assert (
        client.get("/api/v1/taxonomy/skills/", {"q": "摄影"}).json()["results"][0]["uri"] == PHOTO
    )


def test_extract_returns_the_contract_shape(tiny_engine: object) -> None:
    response = _post({"id": "job-1", "text": "熟练使用 Premiere 剪辑 🎬😀", "top_k": 20})
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == "job-1" and body["lang"] == "zh" and body["semantic"] is False
    assert {s["label_en"] for s in body["skills"]} == {"Adobe Premiere Pro", "video editing"}
    assert set(body["skills"][0]) == {"uri", "label_en", "label_zh", "score", "kind", "spans"}


def test_extract_in_the_esco_view_ranks_esco_concepts_only(
    taxonomy: Path, settings: object
) -> None:
    settings.TAXONOMY_SEMANTIC_EXTRACTION = False  # type: ignore[attr-defined]
    text = "熟练使用 Premiere 剪辑，摄影"
    everything = _post({"text": text}).json()["skills"]
    assert "urn:talentbridge:concept:dc.tool.premiere" in {s["uri"] for s in everything}
    response = _post({"text": text, "taxonomy": "esco"})
    assert response.status_code == 200
    skills = response.json()["skills"]
    assert {s["uri"] for s in skills} == {EDIT, PHOTO}
    edit = next(s for s in skills if s["uri"] == EDIT)
    assert [text[a:b] for a, b in edit["spans"]] == ["剪辑"] and edit["kind"] == "explicit"


def test_extract_keeps_html_as_data(tiny_engine: object) -> None:
    text = '<script>alert("x")</script><b>剪辑</b> Premiere'
    response = _post({"text": text})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    spans = [span for skill in response.json()["skills"] for span in skill["spans"]]
    assert sorted(text[a:b] for a, b in spans) == ["Premiere", "剪辑"]


@pytest.mark.parametrize(
    ("body", "field", "error"),
    [
        ({"text": ""}, "text", "empty_text"),
        ({"text": "   \n\t "}, "text", "empty_text"),
        ({"text": "\x07\x1b\ufffd\x01" * 500}, "text", "binary_text"),
        ({"text": "剪辑\x00"}, "text", None),  # NUL characters are refused by the parser
        ({"text": "。！？，、" * 10}, "text", "no_words"),
        ({"text": "剪辑", "top_k": 0}, "top_k", None),
        ({"text": ["剪辑"]}, "text", None),
        ({}, "text", None),
        ({"text": "剪辑" * 500_000}, "text", None),  # one million characters
        ({"text": "剪辑", "taxonomy": "extension"}, "taxonomy", None),
    ],
)
def test_extract_bad_input_is_a_clear_400(
    tiny_engine: object, body: dict, field: str, error: str | None
) -> None:
    response = _post(body, headers={"accept-language": "en"})
    assert response.status_code == 400, response.content[:300]
    payload = response.json()
    assert payload["code"] == "invalid" and field in payload["fields"]
    assert payload["message"]
    if error:
        assert payload["error"] == error


@pytest.mark.parametrize(
    "raw", [b'{"text": "\xff\xfe broken utf-8"}', b"{not json", b"\x00\x01\x02"]
)
def test_extract_unparseable_bodies_are_400(tiny_engine: object, raw: bytes) -> None:
    response = _post(raw)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_extract_refuses_a_body_over_the_upload_limit(tiny_engine: object) -> None:
    response = _post({"text": "剪" * 2_000_000})  # 6 MB of UTF-8
    assert response.status_code == 400
    assert response.json()["error"] == "text_too_long"


def test_the_text_limit_message_is_translated(tiny_engine: object) -> None:
    response = _post({"text": "x" * 100_001}, headers={"accept-language": "zh-hans"})
    assert response.status_code == 400
    assert response.json()["fields"]["text"]
