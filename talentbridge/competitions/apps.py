from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetitionsConfig(AppConfig):
    name = "talentbridge.competitions"
    label = "competitions"
    verbose_name = _("Competitions")

    def ready(self) -> None:
        from talentbridge.community.personas import register_demo_loader

        register_demo_loader("load_demo_competitions")
