from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaxonomyConfig(AppConfig):
    name = "talentbridge.taxonomy"
    label = "taxonomy"
    verbose_name = _("Skills taxonomy")

    def ready(self) -> None:
        from talentbridge.community.personas import (
            NextAction,
            register_home_actions,
            register_nav_item,
        )

        register_nav_item(_("Skills"), "taxonomy:skill-list")

        def home_actions(user: Any, persona_keys: list[str]) -> list[NextAction]:
            from django.urls import reverse

            from talentbridge.taxonomy.permissions import is_taxonomy_editor
            from talentbridge.taxonomy.selectors import change_list

            actions = [
                NextAction(
                    _("Find the skills in a job ad or syllabus"),
                    reverse("taxonomy:skill-extract"),
                    "magic",
                )
            ]
            if is_taxonomy_editor(user):
                pending = change_list(actor=user, status="proposed").count()
                actions.append(
                    NextAction(
                        _("Review proposed taxonomy changes"),
                        reverse("taxonomy:change-list"),
                        "tags",
                        badge=pending,
                    )
                )
            return actions

        register_home_actions(home_actions)
