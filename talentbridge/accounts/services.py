"""Writes for users: sign-up, profile, API tokens."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override
from rest_framework.authtoken.models import Token

from talentbridge.accounts.models import PendingSignup, User
from talentbridge.accounts.security import normalize_email, token_expires_at, token_is_expired
from talentbridge.core.errors import (
    ApplicationError,
    NotFoundError,
    PermissionDeniedError,
    invalid,
)
from talentbridge.core.services import audit_record, snapshot, validate_instance
from talentbridge.core.validators import normalize_mobile

PROFILE_FIELDS = ("display_name", "mobile", "preferred_language")


def user_register(
    *, email: str, password: str, display_name: str = "", accept_privacy: bool
) -> User:
    """Create an account at once (operators' tools, tests and the confirmation of a sign-up);
    the public sign-up goes through ``signup_request`` / ``signup_confirm``."""
    email = normalize_email(email)
    if not accept_privacy:
        raise invalid("accept_privacy", _("You must accept the privacy notice to register."))
    if User.objects.filter(email__iexact=email).exists():
        raise ApplicationError(
            "conflict",
            _("An account with this e-mail address already exists."),
            fields={"email": [_("Already registered.")]},
        )
    user = User(email=email, display_name=display_name.strip(), consented_at=timezone.now())
    validate_instance(user, exclude=["password"])
    _check_password(password, user)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
            audit_record(actor=user, action="user.register", obj=user, after={"email": email})
    except IntegrityError as exc:
        raise ApplicationError(
            "conflict", _("An account with this e-mail address already exists.")
        ) from exc
    return user


def _check_password(password: str, user: User) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ApplicationError(
            "invalid", _("Please choose a stronger password."), fields={"password": exc.messages}
        ) from exc


def signup_request(
    *,
    email: str,
    password: str,
    display_name: str = "",
    accept_privacy: bool,
    next_url: str = "",
    base_url: str,
) -> None:
    """The public sign-up (issue 13, finding 8): answers the same whether or not the address
    has an account — the difference goes by e-mail. A new address gets a confirmation link
    (the account is created when it is confirmed); a known address gets a note that it
    already has an account, with the sign-in and password-reset links. Input errors (consent,
    weak password) are the same for both."""
    email = normalize_email(email)
    if not accept_privacy:
        raise invalid("accept_privacy", _("You must accept the privacy notice to register."))
    candidate = User(email=email, display_name=display_name.strip())
    try:  # field checks only: a uniqueness error would tell that the address is taken
        candidate.full_clean(
            exclude=["password"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as exc:
        raise ApplicationError(
            "invalid",
            _("Please correct the errors below."),
            fields={k: list(v) for k, v in exc.message_dict.items()},
        ) from exc
    _check_password(password, candidate)
    password_hash = make_password(password)  # in both branches: the same time either way
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        _send_already_registered(existing, base_url)
        return
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        PendingSignup.objects.create(
            email=email,
            display_name=display_name.strip()[:100],
            password=password_hash,
            token_sha256=_sha256(token),
            next_url=next_url[:500],
            consented_at=now,
            expires_at=now + datetime.timedelta(hours=settings.SIGNUP_CONFIRM_HOURS),
        )
    _send_confirmation(email, token, base_url)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _bilingual(message: Any, **values: Any) -> str:
    parts = []
    for lang in ("zh-hans", "en"):
        with override(lang):
            parts.append(str(message) % values)
    return "\n\n".join(parts)


def _subject(message: Any) -> str:
    with override("zh-hans"):
        zh = str(message)
    with override("en"):
        return f"{zh} / {message}"


def _send_confirmation(email: str, token: str, base_url: str) -> None:
    url = base_url.rstrip("/") + reverse("accounts:signup-confirm", kwargs={"token": token})
    body = _bilingual(
        _(
            "Someone (we hope you) signed up for talentbridge with this address. Open this "
            "link within %(hours)s hours to confirm and create the account: %(url)s — if it "
            "was not you, ignore this message and nothing happens."
        ),
        hours=settings.SIGNUP_CONFIRM_HOURS,
        url=url,
    )
    send_mail(_subject(_("Confirm your talentbridge account")), body, None, [email])


def _send_already_registered(user: User, base_url: str) -> None:
    base = base_url.rstrip("/")
    body = _bilingual(
        _(
            "Someone (we hope you) tried to sign up for talentbridge with this address, but it "
            "already has an account. Sign in at %(login)s — or, if you forgot the password, "
            "choose a new one at %(reset)s. If it was not you, ignore this message."
        ),
        login=base + reverse("accounts:login"),
        reset=base + reverse("accounts:password-reset"),
    )
    send_mail(_subject(_("You already have a talentbridge account")), body, None, [user.email])


def signup_pending(token: str) -> PendingSignup:
    """The sign-up a confirmation link stands for, if it can still be confirmed."""
    pending = PendingSignup.objects.filter(token_sha256=_sha256(token or "")).first()
    if pending is None:
        raise NotFoundError(_("This confirmation link is not valid."))
    if pending.used_at is not None:
        raise ApplicationError("gone", _("This confirmation link has already been used."))
    if pending.expires_at <= timezone.now():
        raise ApplicationError("gone", _("This confirmation link has expired. Sign up again."))
    return pending


def signup_confirm(*, token: str) -> User:
    """Create the account of a confirmed sign-up (the person holds the mailbox)."""
    with transaction.atomic():
        pending = signup_pending(token)
        pending = PendingSignup.objects.select_for_update().get(pk=pending.pk)
        if pending.used_at is not None:
            raise ApplicationError("gone", _("This confirmation link has already been used."))
        if User.objects.filter(email__iexact=pending.email).exists():
            raise ApplicationError(
                "conflict",
                _("This address already has an account: sign in or reset the password."),
            )
        user = User(
            email=pending.email,
            display_name=pending.display_name,
            consented_at=pending.consented_at,
            password=pending.password,
        )
        user.save()
        pending.used_at = timezone.now()
        pending.save(update_fields=["used_at"])
        # the other pending sign-ups of this address can no longer create a second account
        PendingSignup.objects.filter(email=pending.email, used_at__isnull=True).update(
            used_at=pending.used_at
        )
        audit_record(actor=user, action="user.register", obj=user, after={"email": user.email})
    return user


def user_update_profile(*, actor: Any, user: Any, data: dict[str, Any]) -> User:
    if actor.pk != user.pk and not actor.is_superuser:
        raise PermissionDeniedError()
    unknown = set(data) - set(PROFILE_FIELDS)
    if unknown:
        raise invalid(sorted(unknown)[0], _("This field cannot be changed."))
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        before = snapshot(locked, PROFILE_FIELDS)
        for key, value in data.items():
            setattr(locked, key, value)
        if locked.mobile:
            locked.mobile = normalize_mobile(locked.mobile)
        validate_instance(locked, exclude=["password"])
        locked.save()
        after = snapshot(locked, PROFILE_FIELDS)
        if before != after:
            audit_record(actor=actor, action="user.update", obj=locked, before=before, after=after)
    return locked


def token_issue(*, user: Any) -> Token:
    """The user's API token; an expired one is replaced by a new one (ADR 0010 §accounts)."""
    with transaction.atomic():
        token = Token.objects.select_for_update().filter(user=user).first()
        if token is not None and token_is_expired(token):
            token.delete()
            token = None
        if token is None:
            token = Token.objects.create(user=user)
            audit_record(
                actor=user,
                action="user.token_issue",
                obj=user,
                after={"expires_at": token_expires_at(token).isoformat()},
            )
    return token


def token_revoke(*, actor: Any, user: Any) -> bool:
    """Revoke the user's API token (from the account page); ``False`` when there was none."""
    if actor.pk != user.pk and not actor.is_superuser:
        raise PermissionDeniedError()
    with transaction.atomic():
        deleted, _details = Token.objects.filter(user=user).delete()
        if deleted:
            audit_record(actor=actor, action="user.token_revoke", obj=user)
    return bool(deleted)
