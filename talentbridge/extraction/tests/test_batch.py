import json
from functools import cache, partial

import pytest

from talentbridge.extraction import Extractor, parse_line, run_batch
from talentbridge.extraction.tests.conftest import make_concepts


@cache
def build_lexical() -> Extractor:
    return Extractor(make_concepts())


BAD_AND_GOOD_LINES = [
    json.dumps({"id": 1, "text": "Photoshop and AI"}),
    "{not json",
    "",
    json.dumps([1, 2]),
    json.dumps({"text": "no id"}),
    json.dumps({"id": "x"}),
    json.dumps({"id": "empty", "text": ""}),
    json.dumps({"id": "binary", "text": "\x00\x01\x02\x03\x04\x05\x06\x07\x08"}),
    b"\xff\xfe\x00garbage bytes",
    json.dumps({"id": "emoji", "text": "🎬 人工智能 😀 Java"}, ensure_ascii=False),
    json.dumps({"id": "html", "text": "<script>AI()</script><p>JavaScript</p>"}),
    json.dumps({"id": 12, "text": 12}),
]


def test_each_bad_line_gets_its_own_error_and_the_batch_goes_on() -> None:
    outputs = list(run_batch(BAD_AND_GOOD_LINES, build_lexical, top_k=5))
    by_line = {output.number: output for output in outputs}
    assert 3 not in by_line  # blank lines are skipped
    assert {number: output.error for number, output in by_line.items()} == {
        1: None,
        2: "invalid_json",
        4: "not_an_object",
        5: "missing_id",
        6: "missing_text",
        7: "empty_text",
        8: "binary_text",
        9: "invalid_utf8",
        10: None,
        11: None,
        12: "not_text",
    }
    assert [output.number for output in outputs] == sorted(by_line)
    assert by_line[2].payload == {"id": None, "line": 2, "error": "invalid_json", "skills": []}
    assert {s["uri"] for s in by_line[1].payload["skills"]} == {"u:ps", "u:ai"}
    assert {s["uri"] for s in by_line[10].payload["skills"]} == {"u:ai", "u:java"}
    assert [s["uri"] for s in by_line[11].payload["skills"]] == ["u:js"]


def test_output_lines_follow_the_contract() -> None:
    outputs = list(run_batch([json.dumps({"id": "a", "text": "Java, LESS"})], build_lexical))
    payload = json.loads(json.dumps(outputs[0].payload))
    assert payload["id"] == "a"
    labels = {skill["label_en"] for skill in payload["skills"]}
    assert labels == {"Java (computer programming)", "LESS"}
    scores = [skill["score"] for skill in payload["skills"]]
    assert scores == sorted(scores, reverse=True)
    for skill in payload["skills"]:
        assert skill["kind"] in {"explicit", "inferred"}
        assert all(isinstance(bound, int) for span in skill["spans"] for bound in span)


def test_parse_line_keeps_the_line_number() -> None:
    record = parse_line(7, '{"id": "q", "text": "hello"}')
    assert record is not None
    assert (record.number, record.record_id, record.text, record.error) == (7, "q", "hello", None)


@pytest.mark.slow
def test_process_pool_gives_the_same_output_in_the_same_order() -> None:
    lines = [json.dumps({"id": i, "text": f"Photoshop {i} AI"}) for i in range(100)]
    lines.insert(50, "{broken")
    single = [o.payload for o in run_batch(lines, build_lexical, top_k=3)]
    pooled = [o.payload for o in run_batch(lines, partial(build_lexical), top_k=3, workers=2)]
    assert pooled == single
    assert [p["id"] for p in pooled][49:52] == [49, None, 50]


def test_chunks_are_cut_by_line_count_and_by_input_size_and_keep_line_numbers() -> None:
    from talentbridge.extraction.batch import CHUNK_CHARS, CHUNK_LINES, _chunks

    short = [json.dumps({"id": n, "text": "AI"}) for n in range(CHUNK_LINES + 5)]
    sizes = [len(chunk) for chunk in _chunks(short)]
    assert sizes == [CHUNK_LINES, 5]
    long_text = "x" * (CHUNK_CHARS // 4)
    postings = [json.dumps({"id": n, "text": long_text}) for n in range(10)]
    chunks = list(_chunks(["", *postings]))  # a blank first line is skipped, not renumbered
    assert [len(chunk) for chunk in chunks] == [4, 4, 2]
    assert [record.number for chunk in chunks for record in chunk] == list(range(2, 12))
