from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CurriculumConfig(AppConfig):
    name = "talentbridge.curriculum"
    label = "curriculum"
    verbose_name = _("Curriculum and alignment")

    def ready(self) -> None:
        from talentbridge.community.personas import (
            register_demo_loader,
            register_home_actions,
            register_nav_item,
        )
        from talentbridge.curriculum.home import home_actions

        register_demo_loader("load_demo_curriculum")
        register_nav_item(_("Training plans"), "curriculum:offering-list")
        register_home_actions(home_actions)
