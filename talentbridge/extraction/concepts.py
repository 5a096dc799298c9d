"""The engine's input vocabulary: one `Concept` per taggable taxonomy entry."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Concept:
    """A taxonomy concept as the engine sees it.

    `uri` is the ESCO conceptUri when the concept is (or maps exactly to) an ESCO concept,
    otherwise a project URI. `prior` in [0, 1] says how often the concept is expected in
    postings (for example derived from how many occupations require it).
    `aliases_*` are alternative labels; `match_aliases=False` keeps them out of the exact
    gazetteer for concepts whose aliases are ambiguous. `passages` are extra texts for the
    semantic index besides the labels (for example the aliases of curated concepts).
    """

    id: str
    uri: str
    label_en: str = ""
    label_zh: str = ""
    aliases_en: tuple[str, ...] = ()
    aliases_zh: tuple[str, ...] = ()
    kind: str = "skill"
    description: str = ""
    prior: float = 0.0
    match_aliases: bool = True
    passages: tuple[str, ...] = ()

    @property
    def display_label(self) -> str:
        """The label to show when only one is wanted (Chinese first, as in the product)."""
        return self.label_zh or self.label_en or self.id

    def surface_forms(self) -> list[tuple[str, bool]]:
        """All labels and aliases as (text, is_preferred_label) pairs, without duplicates."""
        forms: list[tuple[str, bool]] = []
        seen: set[str] = set()
        preferred = [label for label in (self.label_en, self.label_zh) if label]
        aliases = [*self.aliases_en, *self.aliases_zh] if self.match_aliases else []
        for text, is_label in [(label, True) for label in preferred] + [
            (alias, False) for alias in aliases
        ]:
            key = text.strip().lower()
            if key and key not in seen:
                seen.add(key)
                forms.append((text.strip(), is_label))
        return forms
