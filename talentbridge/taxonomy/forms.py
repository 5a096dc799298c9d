from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from talentbridge.extraction.engine import MAX_TEXT_CHARS
from talentbridge.taxonomy.models import Skill

ALIAS_HELP = _("One alias per line.")


class ConceptEditForm(forms.Form):
    label_zh = forms.CharField(label=_("label (Chinese)"), max_length=255, required=False)
    label_en = forms.CharField(label=_("label (English)"), max_length=255, required=False)
    alt_labels_zh = forms.CharField(
        label=_("aliases (Chinese)"), widget=forms.Textarea, required=False, help_text=ALIAS_HELP
    )
    alt_labels_en = forms.CharField(
        label=_("aliases (English)"), widget=forms.Textarea, required=False, help_text=ALIAS_HELP
    )
    description_zh = forms.CharField(
        label=_("description (Chinese)"), widget=forms.Textarea, required=False, max_length=5000
    )
    description_en = forms.CharField(
        label=_("description (English)"), widget=forms.Textarea, required=False, max_length=5000
    )
    comment = forms.CharField(
        label=_("reason for the change"), widget=forms.Textarea, required=False, max_length=2000
    )

    @classmethod
    def for_skill(cls, skill: Skill, data: Mapping[str, Any] | None = None) -> ConceptEditForm:
        initial = {
            "label_zh": skill.label_zh,
            "label_en": skill.label_en,
            "alt_labels_zh": "\n".join(skill.alt_labels_zh),
            "alt_labels_en": "\n".join(skill.alt_labels_en),
            "description_zh": skill.description_zh,
            "description_en": skill.description_en,
        }
        return cls(data or None, initial=initial)


class MergeForm(forms.Form):
    target = forms.CharField(
        label=_("merge into (concept id, URI or label)"),
        max_length=255,
        help_text=_("This concept becomes an alias of the target and is deprecated."),
    )
    note = forms.CharField(label=_("note"), widget=forms.Textarea, required=False, max_length=2000)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("decision"), choices=[("approve", _("Approve")), ("reject", _("Reject"))]
    )
    note = forms.CharField(label=_("note"), required=False, max_length=2000)


class ReleaseForm(forms.Form):
    version_label = forms.CharField(label=_("version"), max_length=80)
    note = forms.CharField(label=_("note"), widget=forms.Textarea, required=False, max_length=2000)


class ExtractForm(forms.Form):
    text = forms.CharField(
        label=_("text (Chinese, English or mixed)"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=MAX_TEXT_CHARS,
        strip=False,
    )
    top_k = forms.IntegerField(label=_("how many skills"), min_value=1, max_value=100, initial=20)
