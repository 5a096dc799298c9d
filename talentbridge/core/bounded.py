"""Bounded parsing of uploaded XLSX, DOCX, PDF and ZIP files (no Django).

Two layers, both required by every context that parses an upload (ADR 0011):

1. **Declared limits, checked before any parser runs** — ``check_zip`` (entries, sum of
   declared sizes, compression ratio per entry), ``check_xlsx`` (plus the size of every XML
   part and the number of shared strings, counted by streaming the part without building it),
   ``check_pdf_contents`` (pages, and the page content decompressed, counted per page, so
   pages that share one huge compressed stream add up — capped decompression, never the whole
   stream at once).
2. **A resource-limited child process** — ``run_bounded(func, *args, limits=)`` forks, sets
   ``RLIMIT_AS`` (the child's current size plus ``limits.memory_bytes``) and ``RLIMIT_CPU``,
   runs ``func`` and returns its (picklable) result; a wall-clock timeout kills it. Exceptions
   raised by ``func`` come back as they were; running out of memory, CPU or time raises
   ``LimitExceeded``.

``LimitExceeded.code`` is one of ``LIMIT_CODES``; ``talentbridge.core.uploads.limit_error``
turns it into a bilingual 400.
"""

from __future__ import annotations

import multiprocessing
import resource
import tracemalloc
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")
MB = 1024 * 1024

LIMIT_CODES = (
    "not_an_archive",
    "too_many_entries",
    "too_large_unpacked",
    "compression_ratio",
    "part_too_large",
    "too_many_strings",
    "too_many_pages",
    "too_much_page_content",
    "timeout",
    "out_of_memory",
    "parser_crashed",
)


@dataclass(frozen=True)
class Limits:
    """What one parse of one upload may cost. The defaults suit a web request."""

    seconds: float = 10.0  # wall clock of the child
    cpu_seconds: int = 10
    memory_bytes: int = 100 * MB  # address space the child may add to what it inherited
    zip_entries: int = 5_000
    unzipped_bytes: int = 100 * MB  # sum of the declared sizes of all entries
    compression_ratio: int = 200  # declared size / compressed size of one entry (> 1 MB)
    xml_part_bytes: int = 30 * MB  # one XML part of an XLSX/DOCX
    shared_strings: int = 200_000
    pdf_pages: int = 200
    pdf_content_bytes: int = 30 * MB  # page content decompressed, summed over pages


WEB = Limits()


class LimitExceeded(Exception):
    def __init__(self, code: str, detail: str = "") -> None:
        assert code in LIMIT_CODES, code
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


# --- declared limits --------------------------------------------------------------------------


def check_zip(archive: zipfile.ZipFile, limits: Limits = WEB) -> None:
    """Entries, declared unpacked size and compression ratio within ``limits``."""
    infos = archive.infolist()
    if len(infos) > limits.zip_entries:
        raise LimitExceeded("too_many_entries", str(len(infos)))
    total = 0
    for info in infos:
        total += info.file_size
        if total > limits.unzipped_bytes:
            raise LimitExceeded("too_large_unpacked", str(total))
        if info.file_size > MB and info.file_size > limits.compression_ratio * max(
            info.compress_size, 1
        ):
            raise LimitExceeded("compression_ratio", info.filename[:100])


_SI_TAGS = (b"<si>", b"<si ", b"<si/", b":si>", b":si ")  # <si>, <si .../>, <x:si> ...


def count_shared_strings(archive: zipfile.ZipFile, name: str, cap: int) -> int:
    """``<si>`` elements in a shared-strings part, counted while streaming 1 MB at a time
    (never the whole part in memory); stops once past ``cap``."""
    count = 0
    tail = b""
    with archive.open(name) as part:
        while chunk := part.read(MB):
            block = tail + chunk
            count += sum(block.count(tag) for tag in _SI_TAGS)
            if count > cap:
                return count
            tail = block[-3:]  # shorter than every tag: a tag is never counted twice
    return count


def check_xlsx(archive: zipfile.ZipFile, limits: Limits = WEB) -> None:
    """``check_zip`` plus every XML part's declared size and the shared-string count."""
    check_zip(archive, limits)
    for info in archive.infolist():
        if info.filename.lower().endswith((".xml", ".rels")) and (
            info.file_size > limits.xml_part_bytes
        ):
            raise LimitExceeded("part_too_large", info.filename[:100])
    for info in archive.infolist():
        if info.filename.lower().endswith("sharedstrings.xml"):
            found = count_shared_strings(archive, info.filename, limits.shared_strings)
            if found > limits.shared_strings:
                raise LimitExceeded("too_many_strings", str(found))


def _inflated_size(raw: bytes, cap: int) -> int:
    """Bytes ``raw`` (zlib/Flate) inflates to, counting no further than ``cap + 1``."""
    inflater = zlib.decompressobj()
    size = 0
    data = raw
    try:
        while data and size <= cap:
            size += len(inflater.decompress(data, MB))
            data = inflater.unconsumed_tail
    except zlib.error:
        return size
    return size


def check_pdf_contents(reader: Any, limits: Limits = WEB) -> None:
    """Pages and page content (decompressed, counted for every page that uses it) within
    ``limits``; ``reader`` is a ``pypdf.PdfReader``."""
    pages = reader.pages
    if len(pages) > limits.pdf_pages:
        raise LimitExceeded("too_many_pages", str(len(pages)))
    sizes: dict[int, int] = {}
    total = 0
    for page in pages:
        contents = page.get("/Contents")
        if contents is None:
            continue
        streams = contents.get_object()
        if not isinstance(streams, list):
            streams = [contents]
        for reference in streams:
            key = getattr(reference, "idnum", None) or id(reference)
            if key not in sizes:
                stream = reference.get_object()
                raw = getattr(stream, "_data", b"") or b""
                filters = stream.get("/Filter")
                names = filters if isinstance(filters, list) else [filters]
                flate = bool(names) and all(str(n) == "/FlateDecode" for n in names if n)
                remaining = limits.pdf_content_bytes - total
                if flate and filters:
                    sizes[key] = _inflated_size(raw, remaining)
                elif filters:  # other filter chains: decoded once (this runs in the child)
                    sizes[key] = len(stream.get_data())
                else:
                    sizes[key] = len(raw)
            total += sizes[key]
            if total > limits.pdf_content_bytes:
                raise LimitExceeded("too_much_page_content", str(total))


# --- the child process ------------------------------------------------------------------------


def _address_space() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _child(conn: Any, func: Callable[..., Any], args: tuple[Any, ...], limits: Limits) -> None:
    try:
        if tracemalloc.is_tracing():  # inherited from a profiling parent: it only slows us
            tracemalloc.stop()
        size = _address_space()
        if size:
            budget = size + limits.memory_bytes
            resource.setrlimit(resource.RLIMIT_AS, (budget, budget))
        cpu = max(1, int(limits.cpu_seconds))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
        conn.send(("ok", func(*args)))
    except MemoryError:
        conn.send(("limit", "out_of_memory"))
    except LimitExceeded as exc:
        conn.send(("limit", exc.code))
    except BaseException as exc:  # every failure goes back to the parent as it was
        try:
            conn.send(("raise", exc))
        except Exception:  # an exception that does not pickle
            conn.send(("limit", "parser_crashed"))
    finally:
        conn.close()


def run_bounded(func: Callable[..., T], *args: Any, limits: Limits = WEB) -> T:
    """``func(*args)`` in a forked child under ``limits`` (see the module docstring). Import
    the parser's modules before calling, so the child inherits them instead of importing."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sender, func, args, limits), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(limits.seconds):
            raise LimitExceeded("timeout", f"{limits.seconds:g} s")
        try:
            outcome, value = receiver.recv()
        except EOFError:  # killed by RLIMIT_CPU or the kernel before it could answer
            child.join(1)
            code = "timeout" if child.exitcode == -24 else "out_of_memory"  # SIGXCPU is 24
            raise LimitExceeded(code) from None
    finally:
        if child.is_alive():
            child.kill()
        child.join(1)
        receiver.close()
    if outcome == "ok":
        return value
    if outcome == "limit":
        raise LimitExceeded(value)
    raise value
