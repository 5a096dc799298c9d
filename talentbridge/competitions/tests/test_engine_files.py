"""The rank_entries file formats: every bad file is refused with its line number."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from talentbridge.competitions.engine.files import FileFormatError, parse_pairs, parse_scores

GOOD = "entry,judge,criterion,score\nE1,J1,idea,8\nE1,J1,craft,6\nE2,J1,idea,5\n"


def test_good_file_with_bom_crlf_and_column_order() -> None:
    data = "\ufeffjudge,entry,score,criterion\r\nJ1,E1,8,idea\r\nJ1,E1,6,craft\r\n\r\n".encode()
    scores = parse_scores(data)
    assert [(r.line, r.entry, r.score) for r in scores.rows] == [(2, "E1", 8.0), (3, "E1", 6.0)]
    assert scores.per_entry_judge() == [("E1", "J1", 7.0)]


def test_weights_are_per_row_and_default_to_one() -> None:
    data = "entry,judge,criterion,score,weight\nE1,J1,idea,10,3\nE1,J1,craft,2,\n"
    assert parse_scores(data).per_entry_judge() == [("E1", "J1", 8.0)]


@pytest.mark.parametrize(
    ("text", "line", "code"),
    [
        ("", 1, "empty"),
        ("entry,judge,score\nE1,J1,3\n", 1, "header_missing"),
        ("entry,judge,criterion,score,score\n", 1, "header_duplicate"),
        ("entry,judge,criterion,score\n", 2, "no_rows"),
        (GOOD + "E3,J1,idea\n", 5, "field_count"),
        (GOOD + "E3,J1,idea,seven\n", 5, "not_number"),
        (GOOD + "E3,J1,idea,nan\n", 5, "not_number"),
        (GOOD + "E3,,idea,4\n", 5, "blank"),
        (GOOD + "E1,J1,idea,4\n", 5, "duplicate"),
        ("entry,judge,criterion,score,weight\nE1,J1,idea,4,0\n", 2, "not_positive"),
    ],
)
def test_bad_scores_name_the_line(text: str, line: int, code: str) -> None:
    with pytest.raises(FileFormatError) as info:
        parse_scores(text)
    assert (info.value.line, info.value.code) == (line, code)


def test_not_utf8_names_the_line() -> None:
    with pytest.raises(FileFormatError) as info:
        parse_scores(b"entry,judge,criterion,score\nE1,J1,idea,5\n\xff\xfe,J1,idea,4\n")
    assert (info.value.line, info.value.code) == (3, "encoding")


def test_pairs() -> None:
    known = {"E1", "E2"}
    assert parse_pairs("judge,winner,loser\nJ1,E1,E2\n", known) == [("J1", "E1", "E2")]
    for text, code in [
        ("judge,winner,loser\nJ1,E1,E1\n", "same_entry"),
        ("judge,winner,loser\nJ1,E1,E9\n", "unknown_entry"),
        ("judge,winner\nJ1,E1\n", "header_missing"),
    ]:
        with pytest.raises(FileFormatError) as info:
            parse_pairs(text, known)
        assert info.value.code == code


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ej,\n"0123456789.-x \r')), max_size=80))
def test_property_any_text_parses_or_fails_with_a_line(text: str) -> None:
    try:
        parse_scores("entry,judge,criterion,score\n" + text)
    except FileFormatError as exc:
        assert exc.line >= 1
