"""OpenAPI schema generation tweaks."""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema as BaseAutoSchema

NESTED_NAMES = {"InputSerializer", "OutputSerializer"}


class AutoSchema(BaseAutoSchema):
    """Component names that stay unique across bounded contexts.

    - A nested ``InputSerializer``/``OutputSerializer`` (the house style puts one of each in an
      API view) is named after its view: ``TokenApi.InputSerializer`` → ``TokenInput``.
    - Serializers of a talentbridge app are prefixed with the app, so that two contexts may
      both have an ``ApplicationOutput`` (community membership vs. project application).
    """

    def get_serializer_name(self, serializer: Any, direction: Any) -> str:
        cls = serializer.__class__
        if cls.__name__ in NESTED_NAMES and "." in cls.__qualname__:
            owner = cls.__qualname__.split(".")[-2]
            name = owner.removesuffix("Api") + cls.__name__.removesuffix("Serializer")
        else:
            name = str(super().get_serializer_name(serializer, direction))
        parts = cls.__module__.split(".")
        if len(parts) > 2 and parts[0] == "talentbridge":
            prefix = parts[1].capitalize()
            if not name.startswith(prefix):
                name = prefix + name
        return name
