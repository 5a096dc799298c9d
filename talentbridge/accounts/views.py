"""Sign-in, sign-up, profile and lock-out pages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rest_framework.authtoken.models import Token

from talentbridge.accounts import services
from talentbridge.accounts.forms import EmailAuthenticationForm, ProfileForm, SignupForm
from talentbridge.accounts.security import rate_limited_view, token_expires_at, token_is_expired
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


@rate_limited_view("signup", account_field="email")
def signup(request: HttpRequest) -> HttpResponse:
    """Sign-up answers the same whether or not the address has an account (issue 13, finding
    8): the next step always comes by e-mail."""
    form = SignupForm(request.POST or None, initial={"email": request.GET.get("email", "")})
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        next_url = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.signup_request(
                **form.cleaned_data, next_url=next_url, base_url=request.build_absolute_uri("/")
            )
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            request.session["signup_email"] = form.cleaned_data["email"]
            return redirect("accounts:signup-sent")
    return render(request, "accounts/signup.html", {"form": form, "next": next_url})


def signup_sent(request: HttpRequest) -> HttpResponse:
    return render(
        request, "accounts/signup_sent.html", {"email": request.session.get("signup_email", "")}
    )


def signup_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows the confirmation (mail scanners open links); POST creates the account."""
    problem = None
    pending = None
    try:
        pending = services.signup_pending(token)
    except ApplicationError as exc:
        problem = exc.message
        status = exc.status
    if request.method == "POST" and problem is None and pending is not None:
        next_url = pending.next_url
        try:
            user = services.signup_confirm(token=token)
        except ApplicationError as exc:
            problem = exc.message
            status = exc.status
        else:
            login(request, user, backend="talentbridge.accounts.backends.EmailBackend")
            messages.success(request, _("Welcome to talentbridge!"))
            if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
                return redirect(next_url)
            return redirect("home")
    return render(
        request,
        "accounts/signup_confirm.html",
        {"pending": pending, "problem": problem},
        status=status if problem else 200,
    )


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
    token = Token.objects.filter(user_id=str(request.user.pk)).first()
    context = {
        "form": form,
        "memberships": memberships,
        "token": token,
        "token_expires_at": token_expires_at(token) if token else None,
        "token_expired": token_is_expired(token) if token else False,
    }
    return render(request, "accounts/profile.html", context)


@login_required
@require_POST
def token_revoke(request: HttpRequest) -> HttpResponse:
    """Revoke the signed-in user's API token (the account page's button)."""
    if services.token_revoke(actor=request.user, user=request.user):
        messages.success(request, _("API token revoked. Programs using it can no longer sign in."))
    else:
        messages.info(request, _("You had no API token."))
    return redirect("accounts:profile")


login_view = rate_limited_view("signin", account_field="username")(
    auth_views.LoginView.as_view(
        template_name="accounts/login.html", authentication_form=EmailAuthenticationForm
    )
)
password_reset_view = rate_limited_view("password_reset", account_field="email")(
    auth_views.PasswordResetView.as_view(
        template_name="accounts/password_reset.html",
        email_template_name="accounts/password_reset_email.txt",
        success_url=reverse_lazy("accounts:password-reset-done"),
    )
)
