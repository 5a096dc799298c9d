"""Shared API helpers: pagination of selector results, the regions endpoint."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from talentbridge.core.pagination import StandardPagination
from talentbridge.core.regions import table as regions


def paginated(
    request: Request, view: APIView, items: Iterable[Any], serializer: type[serializers.Serializer]
) -> Response:
    paginator = StandardPagination()
    page = paginator.paginate_queryset(items, request, view=view)  # type: ignore[arg-type,var-annotated]
    return paginator.get_paginated_response(serializer(page, many=True).data)


class RegionsApi(APIView):
    """GB/T 2260 administrative divisions (provinces, cities)."""

    class OutputSerializer(serializers.Serializer):
        code = serializers.CharField()
        name_zh = serializers.CharField()
        name_en = serializers.CharField()
        level = serializers.CharField()
        parent_code = serializers.CharField(allow_null=True)

    @extend_schema(
        parameters=[
            OpenApiParameter("level", str, enum=["province", "city", "district"]),
            OpenApiParameter("parent", str),
        ],
        responses=OutputSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        level = request.query_params.get("level", "")
        parent = request.query_params.get("parent", "")
        rows = [
            r
            for r in regions.all_regions()
            if (not level or r.level == level) and (not parent or r.parent_code == parent)
        ]
        return paginated(request, self, rows, self.OutputSerializer)
