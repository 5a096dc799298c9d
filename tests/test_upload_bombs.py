"""Finding 3 of issue 13: upload bombs are refused within 2 s and 100 MB, with a clear
bilingual error, at every place the site parses an XLSX, DOCX, PDF or ZIP; the parse itself runs
in a resource-limited child process. The bombs are built here (``bombs.py``)."""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from talentbridge.core.bounded import (
    LimitExceeded,
    Limits,
    check_xlsx,
    check_zip,
    run_bounded,
)
from talentbridge.core.errors import ApplicationError
from talentbridge.core.tests import bombs
from talentbridge.core.uploads import limit_message

MB = 1024 * 1024


def _status(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    raise LookupError(field)


@contextmanager
def within_2_s_and_100_mb() -> Iterator[None]:
    """The block's wall time, and how far this process's peak resident memory rose above
    where it was (the peak is reset first, through /proc/self/clear_refs); the child's own
    memory is capped by RLIMIT_AS at its size + 100 MB (``Limits.memory_bytes``)."""
    with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
        clear.write("5")
    before = _status("VmRSS")
    started = time.monotonic()
    yield
    elapsed = time.monotonic() - started
    grown = _status("VmHWM") - before
    assert elapsed < 2.0, f"took {elapsed:.2f} s"
    assert grown < 100 * MB, f"resident memory grew by {grown / MB:.0f} MB"


@pytest.fixture(scope="module")
def sst_huge() -> bytes:
    """3,000,000 shared strings (51 MB of XML) in a 130 KB file."""
    return bombs.xlsx_with_shared_strings(b"<si><t>x</t></si>", 3_000_000)


@pytest.fixture(scope="module")
def sst_many() -> bytes:
    """1,500,000 empty shared strings in 7.5 MB of XML (under the part limit) in 16 KB."""
    return bombs.xlsx_with_shared_strings(b"<si/>", 1_500_000)


@pytest.fixture(scope="module")
def pdf_bomb() -> bytes:
    import pypdf  # noqa: F401 (a running site has imported it long before; not timed here)

    return bombs.pdf_sharing_one_stream()


def _refuses(call: Callable[[], Any], expected: type[BaseException]) -> BaseException:
    with within_2_s_and_100_mb(), pytest.raises(expected) as caught:
        call()
    return caught.value


# --- the mechanics ---------------------------------------------------------------------------


def _allocate(megabytes: int) -> int:
    return len(bytearray(megabytes * MB))


def _spin() -> None:
    while True:
        pass


def _fails() -> None:
    raise KeyError("inside")


def test_the_child_returns_results_and_raises_what_the_function_raised() -> None:
    assert run_bounded(_allocate, 10) == 10 * MB
    with pytest.raises(KeyError):
        run_bounded(_fails)


def test_the_child_is_stopped_at_its_memory_and_time_limits() -> None:
    with within_2_s_and_100_mb(), pytest.raises(LimitExceeded) as memory:
        run_bounded(_allocate, 300, limits=Limits(memory_bytes=100 * MB))
    assert memory.value.code == "out_of_memory"
    with within_2_s_and_100_mb(), pytest.raises(LimitExceeded) as wall:
        run_bounded(_spin, limits=Limits(seconds=0.5))
    assert wall.value.code == "timeout"


def test_declared_limits(sst_huge: bytes, sst_many: bytes) -> None:
    lenient = Limits(compression_ratio=100_000)
    cases = [
        (sst_huge, check_xlsx, Limits(), "compression_ratio"),
        (sst_huge, check_xlsx, lenient, "part_too_large"),
        (sst_many, check_xlsx, lenient, "too_many_strings"),
        (bombs.zip_bomb(), check_zip, Limits(), "compression_ratio"),
        (bombs.zip_bomb(), check_zip, Limits(unzipped_bytes=32 * MB), "too_large_unpacked"),
        (bombs.zip_of_many(6_000), check_zip, Limits(), "too_many_entries"),
    ]
    for data, check, limits, code in cases:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            error = _refuses(lambda a=archive, c=check, lim=limits: c(a, lim), LimitExceeded)
        assert error.code == code, (code, error)  # type: ignore[attr-defined]
    with zipfile.ZipFile(io.BytesIO(bombs.small_xlsx())) as archive:
        check_xlsx(archive)


def test_the_refusal_is_worded_in_both_languages() -> None:
    with translation.override("zh-hans"):
        assert "拒绝" in limit_message("too_many_strings")
    with translation.override("en"):
        assert "refused" in limit_message("too_many_strings")


# --- every place that parses an upload -------------------------------------------------------


@pytest.mark.parametrize("bomb", ["sst_huge", "sst_many"])
def test_plan_import_refuses_shared_string_bombs(bomb: str, request: Any) -> None:
    from talentbridge.curriculum.messages import row_error_message
    from talentbridge.curriculum.xlsx import read_workbook

    data = request.getfixturevalue(bomb)
    with within_2_s_and_100_mb():
        sheets, errors = read_workbook(data)
    assert not sheets and [e.code for e in errors] == ["over_limits"]
    assert "refused" in row_error_message(errors[0])


def test_plan_import_still_reads_a_workbook() -> None:
    from talentbridge.curriculum.xlsx import read_workbook

    sheets, errors = read_workbook(bombs.small_xlsx([["课程代码", "课程名称"], ["C1", "x"]]))
    assert not errors and next(iter(sheets.values()))[1] == ("C1", "x")


@pytest.mark.django_db
@pytest.mark.parametrize("bomb", ["sst_huge", "sst_many"])
def test_supply_import_refuses_shared_string_bombs(
    bomb: str, request: Any, tmp_path: Path, world: Any
) -> None:
    from talentbridge.demand.services import supply_import

    path = tmp_path / "supply.xlsx"
    path.write_bytes(request.getfixturevalue(bomb))
    error = _refuses(
        lambda: supply_import(actor=world.users["superuser"], path=path), ApplicationError
    )
    assert "refused" in str(error.message)  # type: ignore[attr-defined]


@pytest.mark.django_db
@pytest.mark.parametrize("bomb", ["sst_huge", "sst_many"])
def test_credentials_exam_import_refuses_shared_string_bombs(
    bomb: str, request: Any, world: Any
) -> None:
    from talentbridge.credentials.services.exams import parse_sheet

    data = request.getfixturevalue(bomb)
    error = _refuses(lambda: parse_sheet(data, college=world.college), ApplicationError)
    assert error.extra.get("limit")  # type: ignore[attr-defined]


def test_syllabus_pdf_whose_pages_share_one_stream_is_refused(pdf_bomb: bytes) -> None:
    from talentbridge.curriculum.messages import syllabus_message
    from talentbridge.curriculum.syllabus import SyllabusError, text_from_upload

    assert len(pdf_bomb) < 50 * 1024
    error = _refuses(lambda: text_from_upload("syllabus.pdf", pdf_bomb), SyllabusError)
    assert error.code == "over_limits" and error.limit == "too_much_page_content"  # type: ignore[attr-defined]
    assert "refused" in syllabus_message(error)  # type: ignore[arg-type]


def test_syllabus_docx_bomb_is_refused() -> None:
    from talentbridge.curriculum.syllabus import SyllabusError, text_from_upload

    data = bombs.zip_bomb(name="word/document.xml")
    error = _refuses(lambda: text_from_upload("syllabus.docx", data), SyllabusError)
    assert error.code in ("over_limits", "too_large")  # type: ignore[attr-defined]


def test_a_syllabus_pdf_with_text_is_still_read() -> None:
    from talentbridge.core.pdf import PdfReport
    from talentbridge.curriculum.syllabus import text_from_upload

    report = PdfReport(title="Syllabus 教学大纲")
    report.paragraph("Students learn Premiere editing and colour grading for short video.")
    text = text_from_upload("s.pdf", report.render())
    assert "Premiere" in text


def test_submission_zip_bombs_are_refused() -> None:
    from talentbridge.projects.uploads import inspect

    for data in (bombs.zip_bomb(), bombs.zip_of_many(6_000)):
        error = _refuses(lambda d=data: inspect(io.BytesIO(d), len(d)), ApplicationError)
        assert error.extra["limit"] in ("compression_ratio", "too_many_entries")  # type: ignore[attr-defined]
