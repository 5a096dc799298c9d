from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CredentialsConfig(AppConfig):
    name = "talentbridge.credentials"
    label = "credentials"
    verbose_name = _("Credentials")

    def ready(self) -> None:
        from talentbridge.community.personas import (
            NextAction,
            register_demo_loader,
            register_home_actions,
            register_nav_item,
        )

        register_demo_loader("load_demo_credentials")
        register_nav_item(_("Credentials"), "credentials:home")

        def home_actions(user: Any, persona_keys: list[str]) -> list[NextAction]:
            from django.urls import reverse

            actions = []
            if "student" in persona_keys:
                actions.append(
                    NextAction(_("My competency profile"), reverse("credentials:profile"), "radar")
                )
                actions.append(
                    NextAction(
                        _("My credentials and portfolio"), reverse("credentials:home"), "award"
                    )
                )
            if {"college_admin", "enterprise_staff"} & set(persona_keys):
                actions.append(
                    NextAction(
                        _("Issue credentials"), reverse("credentials:templates"), "patch-check"
                    )
                )
            if "college_admin" in persona_keys or "teacher" in persona_keys:
                actions.append(
                    NextAction(
                        _("Credit bank requests"), reverse("credentials:credit-bank"), "bank"
                    )
                )
            actions.append(
                NextAction(_("Verify a credential"), reverse("credentials:verify"), "shield-check")
            )
            return actions

        register_home_actions(home_actions)
