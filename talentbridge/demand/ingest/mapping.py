"""Column mapping: which header of a source file holds which canonical posting field.

``guess_mapping`` recognises common Chinese and English headers (职位名称, 岗位职责, 任职要求,
薪资, 工作地点, 发布日期, job_title, salary, ...), also with a spreadsheet-letter prefix such as
``B:job_title``. A saved mapping is a plain ``{field: header}`` dict, editable by the user.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

REQUIRED_FIELDS = ("job_title",)
# Canonical fields and the header spellings that mean them, best first.
FIELD_SYNONYMS: dict[str, tuple[str, ...]] = {
    "job_title": (
        "职位名称",
        "岗位名称",
        "招聘职位",
        "职位",
        "岗位",
        "jobtitle",
        "title",
        "position",
        "jobname",
        "job",
        "role",
    ),
    "company": (
        "公司名称",
        "企业名称",
        "招聘单位",
        "公司",
        "企业",
        "单位",
        "company",
        "companyname",
        "employer",
        "organization",
    ),
    "description": (
        "职位描述",
        "岗位描述",
        "职位信息",
        "工作内容",
        "描述",
        "jobdescription",
        "description",
        "jobdesc",
        "desc",
        "details",
    ),
    "responsibilities": ("岗位职责", "工作职责", "职责", "responsibilities", "duties"),
    "requirements": (
        "任职要求",
        "岗位要求",
        "任职资格",
        "职位要求",
        "要求",
        "requirements",
        "qualifications",
    ),
    "salary": (
        "薪资",
        "薪资待遇",
        "薪酬",
        "月薪",
        "工资",
        "待遇",
        "salary",
        "pay",
        "compensation",
        "wage",
    ),
    "location": (
        "工作地点",
        "工作地址",
        "工作城市",
        "地点",
        "城市",
        "地区",
        "location",
        "city",
        "place",
        "workplace",
    ),
    "posted_on": (
        "发布日期",
        "发布时间",
        "更新日期",
        "日期",
        "postdate",
        "posteddate",
        "dateposted",
        "date",
        "publishdate",
        "posted",
        "postdatemmdd",
    ),
    "education": ("学历要求", "学历", "education", "degree"),
    "experience": ("工作经验", "经验要求", "经验", "experience", "yearsofexperience"),
    "company_size": ("公司规模", "企业规模", "规模", "companysize", "employees", "size"),
    "industry": ("所属行业", "行业", "industry"),
    "url": ("链接", "网址", "url", "link", "joburl"),
    "skills": ("技能标签", "技能", "skills", "tags"),
}
FIELDS = tuple(FIELD_SYNONYMS)
_LETTER_PREFIX = re.compile(r"^[A-Z]{1,2}\s*[:：]\s*")
_NON_WORD = re.compile(r"[\s_\-·/()（）:：.]+")


@dataclass(frozen=True, slots=True)
class MappingProblem:
    """A mapping that cannot be used: ``code`` (missing_required / unknown_header /
    unknown_field) and the field or header concerned."""

    code: str
    subject: str


def header_key(header: str) -> str:
    """``"B:job_title"`` -> ``"jobtitle"``; ``" 职位名称 "`` -> ``"职位名称"``."""
    return _NON_WORD.sub("", _LETTER_PREFIX.sub("", header.strip())).lower()


def guess_mapping(headers: Sequence[str]) -> dict[str, str]:
    """Map every canonical field to the best header (exact synonym first, then containment)."""
    keys = {header: header_key(header) for header in headers}
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for exact in (True, False):
        for field, synonyms in FIELD_SYNONYMS.items():
            if field in mapping:
                continue
            header = _find_header(keys, synonyms, used, exact=exact)
            if header is not None:
                mapping[field] = header
                used.add(header)
    return mapping


def _find_header(
    keys: Mapping[str, str], synonyms: Sequence[str], used: set[str], *, exact: bool
) -> str | None:
    for synonym in synonyms:
        for header, key in keys.items():
            if header in used or not key:
                continue
            if key == synonym or (not exact and len(synonym) >= 2 and synonym in key):
                return header
    return None


def mapping_problems(mapping: Mapping[str, str], headers: Sequence[str]) -> list[MappingProblem]:
    """Why a mapping does not fit a file's headers (empty list: it fits)."""
    problems = [MappingProblem("unknown_field", f) for f in mapping if f not in FIELD_SYNONYMS]
    present = set(headers)
    problems += [
        MappingProblem("unknown_header", header)
        for field, header in mapping.items()
        if header and header not in present and field in FIELD_SYNONYMS
    ]
    problems += [
        MappingProblem("missing_required", field)
        for field in REQUIRED_FIELDS
        if not mapping.get(field)
    ]
    return problems


def effective_mapping(
    saved: Mapping[str, str], override: Mapping[str, str] | None, headers: Sequence[str]
) -> dict[str, str]:
    """An explicit override wins; otherwise the saved mapping when it fits the headers;
    otherwise a guess from the headers."""
    if override:
        return {field: header for field, header in override.items() if header}
    if saved and not mapping_problems(saved, headers):
        return dict(saved)
    return guess_mapping(headers)
