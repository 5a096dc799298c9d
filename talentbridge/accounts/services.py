"""Writes for users: sign-up, profile, API tokens."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.models import Token

from talentbridge.accounts.models import User
from talentbridge.core.errors import ApplicationError, invalid
from talentbridge.core.services import audit_record, snapshot, validate_instance
from talentbridge.core.validators import normalize_mobile

PROFILE_FIELDS = ("display_name", "mobile", "preferred_language")


def user_register(
    *, email: str, password: str, display_name: str = "", accept_privacy: bool
) -> User:
    email = (email or "").strip().lower()
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
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ApplicationError(
            "invalid", _("Please choose a stronger password."), fields={"password": exc.messages}
        ) from exc
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


def user_update_profile(*, actor: Any, user: Any, data: dict[str, Any]) -> User:
    if actor.pk != user.pk and not actor.is_superuser:
        from talentbridge.core.errors import PermissionDeniedError

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


def token_issue(*, user: Any) -> str:
    token, _created = Token.objects.get_or_create(user=user)
    return token.key
