"""Form helpers shared by the HTML views."""

from __future__ import annotations

from django import forms

from talentbridge.core.errors import ApplicationError


def add_application_error(form: forms.BaseForm, exc: ApplicationError) -> None:
    """Show a service's field errors on the form (unknown fields as non-field errors).

    A denial (not signed in, forbidden, not found) is not about the input: it is raised again so
    that the error middleware answers with the sign-in page, 403 or 404.
    """
    if exc.is_denial:
        raise exc
    if not exc.fields:
        form.add_error(None, str(exc.message))
        return
    for name, messages in exc.fields.items():
        target = name if name in form.fields else None
        for message in messages:
            form.add_error(target, str(message))


def region_choices(level: str | None = None) -> list[tuple[str, str]]:
    from django.utils.translation import get_language

    from talentbridge.core.regions import table as regions

    english = (get_language() or "").startswith("en")
    rows = [
        r
        for r in regions.all_regions()
        if r.level in (("province", "city") if not level else (level,))
    ]
    choices: list[tuple[str, str]] = [("", "—")]
    names = {r.code: (r.name_en if english else r.name_zh) for r in rows}
    for r in rows:
        label = names[r.code]
        if r.level == "city" and r.parent_code in names and r.parent_code != r.code:
            parent = names[r.parent_code]
            label = label if label == parent else f"{parent} · {label}"
        choices.append((r.code, label))
    return choices


def region_label(code: str) -> str:
    from django.utils.translation import get_language

    from talentbridge.core.regions import table as regions

    if not code:
        return ""
    region = regions.get(code)
    if region is None:
        return code
    english = (get_language() or "").startswith("en")
    parts: list[str] = []
    current: regions.Region | None = region
    while current is not None:
        name = current.name_en if english else current.name_zh
        if not parts or parts[-1] != name:
            parts.append(name)
        current = regions.get(current.parent_code) if current.parent_code else None
    return (" · " if english else " ").join(reversed(parts))
