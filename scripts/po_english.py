"""Write the English catalogue from the Chinese one: English is the source language, so every
msgstr is its msgid (msgstr[0]/msgstr[1] the singular/plural msgid).

    python scripts/po_english.py ZH_HANS_PO EN_PO      (see ``make messages``)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

FIELD = re.compile(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?) (".*")$')


def _entries(text: str) -> list[list[str]]:
    return [block.splitlines() for block in text.strip().split("\n\n")]


def _fields(lines: list[str]) -> tuple[list[str], dict[str, list[str]]]:
    comments: list[str] = []
    fields: dict[str, list[str]] = {}
    current = ""
    for line in lines:
        match = FIELD.match(line)
        if match:
            current = match.group(1)
            fields[current] = [match.group(2)]
        elif line.startswith('"') and current:
            fields[current].append(line)
        elif not line.startswith("#,"):  # drop flags such as fuzzy
            comments.append(line)
    return comments, fields


def _render(name: str, parts: list[str]) -> list[str]:
    return [f"{name} {parts[0]}", *parts[1:]]


def english(text: str) -> str:
    out: list[str] = []
    for index, lines in enumerate(_entries(text)):
        comments, fields = _fields(lines)
        if index == 0:  # header
            header = "\n".join(lines)
            header = re.sub(r'"Language: [^"]*\\n"', '"Language: en\\\\n"', header)
            plural = '"Plural-Forms: nplurals=2; plural=(n != 1);\\\\n"'
            header = re.sub(r'"Plural-Forms: [^"]*\\n"', plural, header)
            out.append(header)
            continue
        block = [*comments, *_render("msgid", fields["msgid"])]
        if "msgid_plural" in fields:
            block += _render("msgid_plural", fields["msgid_plural"])
            block += _render("msgstr[0]", fields["msgid"])
            block += _render("msgstr[1]", fields["msgid_plural"])
        else:
            block += _render("msgstr", fields["msgid"])
        out.append("\n".join(block))
    return "\n\n".join(out) + "\n"


if __name__ == "__main__":
    source, target = map(Path, sys.argv[1:3])
    target.write_text(english(source.read_text(encoding="utf-8")), encoding="utf-8")
