from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from talentbridge.accounts.models import User


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True}),
    )


class SignupForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    display_name = forms.CharField(label=_("Name"), max_length=100, required=False)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, max_length=128)
    accept_privacy = forms.BooleanField(
        label=_("I have read and accept the privacy notice (PIPL)."), required=True
    )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "mobile", "preferred_language"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mobile"].help_text = _("Optional. 11 digits, e.g. 13812345678.")
