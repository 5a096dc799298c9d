"""``manage.py normalize --salary TEXT`` / ``--location TEXT``: one JSON line on stdout.

The keys printed are a stable contract (scripts and the evaluation read them):
salary -> min_monthly_cny, max_monthly_cny, months_per_year, negotiable;
location -> province_code, city_code, remote.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from talentbridge.demand.normalize import parse_location, parse_salary


def salary_contract(text: str) -> dict[str, Any]:
    salary = parse_salary(text)
    return {
        "min_monthly_cny": salary.min_monthly_cny,
        "max_monthly_cny": salary.max_monthly_cny,
        "months_per_year": salary.months_per_year,
        "negotiable": salary.negotiable,
    }


def location_contract(text: str) -> dict[str, Any]:
    location = parse_location(text)
    return {
        "province_code": location.province_code,
        "city_code": location.city_code,
        "remote": location.remote,
    }


class Command(BaseCommand):
    help = "Normalize one salary or location text and print the result as one JSON line."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--salary", metavar="TEXT", help="salary text, e.g. 4-8千/月")
        parser.add_argument("--location", metavar="TEXT", help="location text, e.g. 上海-奉贤区")

    def handle(self, *args: Any, **options: Any) -> None:
        salary, location = options.get("salary"), options.get("location")
        if (salary is None) == (location is None):
            raise CommandError(_("Give exactly one of --salary TEXT or --location TEXT."))
        text = salary if salary is not None else location
        if not text or not text.strip():
            raise CommandError(_("The text to normalize is empty."))
        result = salary_contract(text) if salary is not None else location_contract(text)
        self.stdout.write(json.dumps(result, ensure_ascii=False))
