from __future__ import annotations

from django import template

from talentbridge.core.forms import region_label

register = template.Library()


@register.filter
def region(code: str) -> str:
    """The localized name of a GB/T 2260 code: ``330100`` → ``浙江省 杭州市``."""
    return region_label(code)


@register.simple_tag(takes_context=True)
def query_with(context: template.Context, **kwargs: object) -> str:
    """The current query string with some parameters replaced (for pagination links)."""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        params[key] = value
    return params.urlencode()
