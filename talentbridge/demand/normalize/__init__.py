"""Pure normalizers for job-posting fields (no Django): salary, location, education,
experience, posting date, company size and text cleanup. Rules: README.md."""

from talentbridge.demand.normalize.company_size import CompanySize, parse_company_size
from talentbridge.demand.normalize.dates import parse_posting_date
from talentbridge.demand.normalize.education import EducationLevel, parse_education
from talentbridge.demand.normalize.experience import ExperienceRange, parse_experience
from talentbridge.demand.normalize.location import Location, parse_location
from talentbridge.demand.normalize.salary import SalaryRange, parse_salary
from talentbridge.demand.normalize.text import clean_text, to_halfwidth, to_simplified

__all__ = [
    "CompanySize",
    "EducationLevel",
    "ExperienceRange",
    "Location",
    "SalaryRange",
    "clean_text",
    "parse_company_size",
    "parse_education",
    "parse_experience",
    "parse_location",
    "parse_posting_date",
    "parse_salary",
    "to_halfwidth",
    "to_simplified",
]
