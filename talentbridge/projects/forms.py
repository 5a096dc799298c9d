"""HTML forms. They only parse; rules live in the services."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from talentbridge.projects.models import BRIEF_INPUT_FIELDS, Deliverable, IpTerms, ProjectBrief

SMALL_INT = re.compile(r"-?[0-9]{1,4}")


def small_int(text: str) -> int | None:
    """A whole number of at most four ASCII digits, else None (``"²".isdigit()`` is true but
    ``int("²")`` raises)."""
    return int(text) if SMALL_INT.fullmatch(text.strip()) else None


class BriefForm(forms.ModelForm):
    deliverables = forms.MultipleChoiceField(
        label=_("Deliverables"), choices=Deliverable.choices, widget=forms.CheckboxSelectMultiple
    )
    skills_text = forms.CharField(
        label=_("Required skills"),
        help_text=_(
            "One per line: taxonomy concept id and level 1–4, e.g. dc.ecomvis.design.main_image 3"
        ),
        widget=forms.Textarea,
    )
    milestones_text = forms.CharField(
        label=_("Milestones"),
        required=False,
        help_text=_(
            "One per line: date, Chinese title, optional English title after |, "
            "e.g. 2025-10-01 初稿 | First draft"
        ),
        widget=forms.Textarea,
    )

    class Meta:
        model = ProjectBrief
        fields = list(BRIEF_INPUT_FIELDS)
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "apply_by": forms.DateInput(attrs={"type": "date"}),
        }

    def clean_skills_text(self) -> list[tuple[str, int]]:
        rows = []
        for line in self.cleaned_data["skills_text"].splitlines():
            parts = line.split()
            if not parts:
                continue
            level = parts[1] if len(parts) > 1 else "2"
            if not level.isdigit():
                raise forms.ValidationError(_("Write the level as a number from 1 to 4."))
            rows.append((parts[0], int(level)))
        return rows

    def clean_milestones_text(self) -> list[dict[str, Any]]:
        rows = []
        for line in self.cleaned_data["milestones_text"].splitlines():
            if not line.strip():
                continue
            date_text, _sep, rest = line.strip().partition(" ")
            try:
                due = datetime.date.fromisoformat(date_text)
            except ValueError as exc:
                raise forms.ValidationError(
                    _("Start each milestone with a date (YYYY-MM-DD).")
                ) from exc
            zh, _bar, en = rest.partition("|")
            rows.append({"due_on": due, "title_zh": zh.strip(), "title_en": en.strip()})
        return rows


class SubmitForm(forms.Form):
    college = forms.ChoiceField(label=_("Approving college"), required=False)
    community = forms.ChoiceField(label=_("or approving community"), required=False)


class DecideForm(forms.Form):
    approve = forms.BooleanField(required=False)
    note = forms.CharField(required=False, max_length=1000)


class AdoptForm(forms.Form):
    offering = forms.ChoiceField(label=_("Existing course offering"), required=False)
    course_code = forms.CharField(label=_("Course code"), max_length=32, required=False)
    course_name_zh = forms.CharField(
        label=_("Course name (Chinese)"), max_length=200, required=False
    )
    course_name_en = forms.CharField(
        label=_("Course name (English)"), max_length=200, required=False
    )
    class_name = forms.CharField(label=_("Class"), max_length=100, required=False)
    semester = forms.CharField(label=_("Semester"), max_length=16, required=False)
    major_code = forms.CharField(label=_("Major code"), max_length=10, required=False)
    students = forms.MultipleChoiceField(label=_("Students in the class"), required=False)
    assessment_weight = forms.IntegerField(
        label=_("Weight in the course assessment (%)"), initial=30
    )
    assessment_note = forms.CharField(label=_("How it counts"), max_length=500, required=False)


class ApplyForm(forms.Form):
    statement = forms.CharField(label=_("Statement"), widget=forms.Textarea, max_length=2000)
    portfolio_links = forms.CharField(
        label=_("Portfolio links (one per line)"), widget=forms.Textarea, required=False
    )
    team_name = forms.CharField(label=_("Team name (for a team application)"), required=False)
    members = forms.CharField(
        label=_("Team members' e-mail addresses (one per line)"),
        widget=forms.Textarea,
        required=False,
    )

    def clean_portfolio_links(self) -> list[str]:
        links = [x.strip() for x in self.cleaned_data["portfolio_links"].splitlines() if x.strip()]
        validator = forms.URLField()
        return [validator.clean(link) for link in links]


class SubmissionForm(forms.Form):
    milestone = forms.ChoiceField(label=_("Milestone"))
    note = forms.CharField(label=_("Note"), widget=forms.Textarea, required=False, max_length=2000)
    link = forms.URLField(label=_("Link"), required=False)
    file = forms.FileField(label=_("File"), required=False)


class ReviewForm(forms.Form):
    overall = forms.IntegerField(label=_("Overall score (0–100)"), min_value=0, max_value=100)
    feedback = forms.CharField(label=_("Written feedback"), widget=forms.Textarea, max_length=5000)


class ProfileForm(forms.Form):
    major_code = forms.CharField(label=_("Major code"), max_length=10, required=False)
    claimed_skills = forms.CharField(
        label=_("Skills I claim (concept ids, one per line)"), widget=forms.Textarea, required=False
    )
    hours_per_week = forms.IntegerField(
        label=_("Hours per week available"), min_value=0, max_value=60
    )
    preferred_deliverables = forms.MultipleChoiceField(
        label=_("Preferred work"),
        choices=Deliverable.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    prefers_paid = forms.BooleanField(label=_("Prefer paid projects"), required=False)

    def clean_claimed_skills(self) -> list[str]:
        return [x.strip() for x in self.cleaned_data["claimed_skills"].split() if x.strip()]


IP_CHOICES = IpTerms.choices
