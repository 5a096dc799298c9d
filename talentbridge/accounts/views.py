"""Sign-in, sign-up, profile and lock-out pages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from talentbridge.accounts import services
from talentbridge.accounts.forms import ProfileForm, SignupForm
from talentbridge.core.errors import ApplicationError
from talentbridge.core.forms import add_application_error


def lockout(
    request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """Shown by django-axes after too many failed sign-ins (JSON for the API)."""
    if request.path.startswith("/api/"):
        message = _("Too many failed sign-in attempts. Try again later.")
        return JsonResponse({"code": "locked", "message": message, "fields": {}}, status=429)
    return render(request, "accounts/lockout.html", status=429)


def signup(request: HttpRequest) -> HttpResponse:
    form = SignupForm(request.POST or None, initial={"email": request.GET.get("email", "")})
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_register(**form.cleaned_data)
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            login(request, user, backend="talentbridge.accounts.backends.EmailBackend")
            messages.success(request, _("Welcome to talentbridge!"))
            if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
                return redirect(next_url)
            return redirect("home")
    return render(request, "accounts/signup.html", {"form": form, "next": next_url})


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update_profile(
                actor=request.user,
                user=request.user,
                data={k: form.cleaned_data[k] for k in services.PROFILE_FIELDS},
            )
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, _("Profile saved."))
            return redirect("accounts:profile")
    memberships = request.user.org_memberships.select_related("organization")  # type: ignore[union-attr]
    return render(request, "accounts/profile.html", {"form": form, "memberships": memberships})
