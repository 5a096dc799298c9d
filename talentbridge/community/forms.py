from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from talentbridge.community.models import (
    CollegeLevel,
    Organization,
    OrganizationKind,
    OrgRole,
    Tier,
)
from talentbridge.core.forms import region_choices


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = [
            "name_zh",
            "name_en",
            "kind",
            "college_level",
            "credit_code",
            "school_code",
            "region_code",
            "website",
            "description_zh",
            "description_en",
        ]
        widgets = {
            "description_zh": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, allow_government: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region_code"] = forms.ChoiceField(
            label=_("Region"), choices=region_choices(), required=False
        )
        # A UUID primary key is set on a new instance too: ask Django whether it is saved.
        editing = not self.instance._state.adding
        # Government bodies are registered by platform operators only (ADR 0009).
        kinds = [
            (value, label)
            for value, label in OrganizationKind.choices
            if allow_government or editing or value != OrganizationKind.GOVERNMENT
        ]
        self._set_choices("kind", kinds)
        self._set_choices("college_level", [("", "—"), *CollegeLevel.choices])
        self.fields["credit_code"].help_text = _(
            "18 characters (GB 32100); required for enterprises and associations."
        )
        self.fields["school_code"].help_text = _("Colleges only: the 10-digit 学校标识码.")
        if editing:
            self.fields["kind"].disabled = True

    def _set_choices(self, name: str, choices: list[tuple[str, Any]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    role = forms.ChoiceField(label=_("Role"), choices=OrgRole.choices)

    def __init__(self, *args: Any, roles: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        role = self.fields["role"]
        assert isinstance(role, forms.ChoiceField)
        role.choices = [(r, OrgRole(r).label) for r in roles]


class ApplicationForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Organization"), queryset=Organization.objects.none()
    )
    requested_tier = forms.ChoiceField(
        label=_("Requested tier"), choices=Tier.choices, initial=Tier.MEMBER
    )
    statement = forms.CharField(
        label=_("Statement"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("reject", _("Reject"))]
    )
    tier = forms.ChoiceField(label=_("Tier"), choices=Tier.choices)
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )


class TierForm(forms.Form):
    tier = forms.ChoiceField(label=_("Tier"), choices=Tier.choices)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)
