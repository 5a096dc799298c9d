"""Writes of the curriculum app. Each service: gatekeeper → validate → ``transaction.atomic()``
→ audit record. Plan contents change only while a version is a draft; every suggestion,
proposal, comment, sign-off and workflow step is kept.
"""

from talentbridge.curriculum.services._common import (
    COURSE_FIELDS,
    MAX_DECLARED_CREDITS,
    MAX_SEMESTERS,
    MAX_STUDENTS,
    VERSION_FIELDS,
)
from talentbridge.curriculum.services.checks import PlanCheck, course_facts, plan_check, rules_for
from talentbridge.curriculum.services.coauthoring import (
    comment_add,
    proposal_create,
    proposal_decide,
    signoff_create,
)
from talentbridge.curriculum.services.courses import (
    certificate_add,
    certificate_remove,
    competition_add,
    competition_remove,
    course_create,
    course_delete,
    course_update,
    outcome_delete,
    outcome_set,
)
from talentbridge.curriculum.services.offerings import (
    enrollment_set,
    offering_create,
    partner_add,
    partner_remove,
    rule_delete,
    rule_set,
)
from talentbridge.curriculum.services.plan_import import ImportReport, plan_import_xlsx, row_errors
from talentbridge.curriculum.services.plans import plan_create, version_create, version_update
from talentbridge.curriculum.services.suggestions import suggestion_decide, syllabus_suggest
from talentbridge.curriculum.services.workflow import (
    version_advance,
    version_publish,
    version_return,
    version_submit,
)

__all__ = [
    "COURSE_FIELDS",
    "MAX_DECLARED_CREDITS",
    "MAX_SEMESTERS",
    "MAX_STUDENTS",
    "VERSION_FIELDS",
    "ImportReport",
    "PlanCheck",
    "certificate_add",
    "certificate_remove",
    "comment_add",
    "competition_add",
    "competition_remove",
    "course_create",
    "course_delete",
    "course_facts",
    "course_update",
    "enrollment_set",
    "offering_create",
    "outcome_delete",
    "outcome_set",
    "partner_add",
    "partner_remove",
    "plan_check",
    "plan_create",
    "plan_import_xlsx",
    "proposal_create",
    "proposal_decide",
    "row_errors",
    "rule_delete",
    "rule_set",
    "rules_for",
    "signoff_create",
    "suggestion_decide",
    "syllabus_suggest",
    "version_advance",
    "version_create",
    "version_publish",
    "version_return",
    "version_submit",
    "version_update",
]
