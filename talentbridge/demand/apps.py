from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemandConfig(AppConfig):
    name = "talentbridge.demand"
    label = "demand"
    verbose_name = _("Labour-market demand")

    def ready(self) -> None:
        from talentbridge.community.personas import (
            NextAction,
            register_demo_loader,
            register_home_actions,
            register_nav_item,
        )

        register_nav_item(_("Demand"), "demand:dashboard")
        register_demo_loader("demand_demo")

        def home_actions(user: Any, persona_keys: list[str]) -> list[NextAction]:
            from django.urls import reverse

            actions = [
                NextAction(
                    _("See which skills the market wants"), reverse("demand:dashboard"), "graph-up"
                )
            ]
            if {"government_officer", "secretariat", "superuser"} & set(persona_keys):
                actions.append(
                    NextAction(
                        _("Open the regional talent supply–demand report"),
                        reverse("demand:report"),
                        "file-earmark-bar-graph",
                    )
                )
            if {"college_admin", "enterprise_staff", "superuser"} & set(persona_keys):
                actions.append(
                    NextAction(
                        _("Import job postings or graduate numbers"),
                        reverse("demand:sources"),
                        "cloud-upload",
                    )
                )
            return actions

        register_home_actions(home_actions)
