"""OpenAPI schema generation tweaks."""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema as BaseAutoSchema

NESTED_NAMES = {"InputSerializer", "OutputSerializer"}


class AutoSchema(BaseAutoSchema):
    """Names nested ``InputSerializer``/``OutputSerializer`` classes after their view.

    The house style nests one input and one output serializer in each API view; without this
    every one of them would be called "Input"/"Output" in the schema and collide.
    """

    def get_serializer_name(self, serializer: Any, direction: str) -> str:
        cls = serializer.__class__
        if cls.__name__ in NESTED_NAMES and "." in cls.__qualname__:
            owner = cls.__qualname__.split(".")[-2]
            return owner.removesuffix("Api") + cls.__name__.removesuffix("Serializer")
        return str(super().get_serializer_name(serializer, direction))
