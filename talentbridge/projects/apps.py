from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "talentbridge.projects"
    label = "projects"
    verbose_name = _("Enterprise real projects")
