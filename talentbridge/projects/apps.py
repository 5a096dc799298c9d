from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "talentbridge.projects"
    label = "projects"
    verbose_name = _("Enterprise real projects")

    def ready(self) -> None:
        from talentbridge.community.personas import (
            NextAction,
            register_demo_loader,
            register_home_actions,
            register_nav_item,
        )

        register_demo_loader("load_demo_projects")
        register_nav_item(_("Projects"), "projects:brief-list")

        def home_actions(user: Any, persona_keys: list[str]) -> list[NextAction]:
            from django.urls import reverse

            from talentbridge.projects.selectors import notifications_of

            actions = []
            if "enterprise_staff" in persona_keys:
                actions.append(
                    NextAction(
                        _("Post a real project brief"),
                        reverse("projects:brief-create"),
                        "briefcase",
                    )
                )
            if {"teacher", "college_admin"} & set(persona_keys):
                actions.append(
                    NextAction(
                        _("Adopt an enterprise project into your course"),
                        reverse("projects:brief-list"),
                        "journal-plus",
                    )
                )
            if "student" in persona_keys:
                actions.append(
                    NextAction(
                        _("Apply to a real project"), reverse("projects:brief-list"), "rocket"
                    )
                )
                actions.append(
                    NextAction(_("My skill evidence"), reverse("projects:evidence"), "award")
                )
            if persona_keys != ["anonymous"]:
                unread = notifications_of(user).filter(read_at__isnull=True).count()
                actions.append(
                    NextAction(
                        _("Project dashboard and notifications"),
                        reverse("projects:dashboard"),
                        "kanban",
                        badge=unread or None,
                    )
                )
            return actions

        register_home_actions(home_actions)
