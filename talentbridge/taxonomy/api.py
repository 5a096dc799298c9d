"""Read API of the taxonomy and the extraction endpoint (``/api/v1/taxonomy/…``)."""

from __future__ import annotations

import uuid

from django.core.exceptions import RequestDataTooBig
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from talentbridge.core.api import paginated
from talentbridge.core.errors import ApplicationError
from talentbridge.extraction.engine import LANGUAGES, MAX_TEXT_CHARS
from talentbridge.taxonomy import selectors, services
from talentbridge.taxonomy.models import MajorLevel, Scheme, Skill, SkillKind
from talentbridge.taxonomy.permissions import Action, access_taxonomy


class SkillRefOutput(serializers.Serializer):
    id = serializers.UUIDField()
    concept_id = serializers.CharField()
    uri = serializers.CharField()
    label_zh = serializers.CharField()
    label_en = serializers.CharField()


class SkillOutput(serializers.Serializer):
    id = serializers.UUIDField()
    concept_id = serializers.CharField()
    uri = serializers.CharField()
    scheme = serializers.CharField()
    kind = serializers.CharField()
    status = serializers.CharField()
    label_zh = serializers.CharField()
    label_en = serializers.CharField()
    alt_labels_zh = serializers.ListField(child=serializers.CharField())
    alt_labels_en = serializers.ListField(child=serializers.CharField())
    description_zh = serializers.CharField()
    description_en = serializers.CharField()
    parent_id = serializers.UUIDField(allow_null=True)
    esco_uri = serializers.CharField()
    esco_match = serializers.CharField()
    merged_into_id = serializers.UUIDField(allow_null=True)


class OccupationLinkOutput(serializers.Serializer):
    uri = serializers.CharField(source="occupation.uri")
    label_en = serializers.CharField(source="occupation.label_en")
    isco_group = serializers.CharField(source="occupation.isco_group")
    relation = serializers.CharField()


class EscoMappingOutput(SkillRefOutput):
    match = serializers.CharField()


class SkillDetailOutput(SkillOutput):
    parent = SkillRefOutput(allow_null=True)
    children = serializers.SerializerMethodField()
    esco_mapping = serializers.SerializerMethodField()
    occupations = serializers.SerializerMethodField()

    @extend_schema_field(SkillRefOutput(many=True))
    def get_children(self, skill: Skill) -> list[dict[str, object]]:
        return list(SkillRefOutput(selectors.skill_children(skill)[:200], many=True).data)

    @extend_schema_field(EscoMappingOutput(allow_null=True))
    def get_esco_mapping(self, skill: Skill) -> dict[str, object] | None:
        target = selectors.skill_esco_mapping(skill)
        if target is None:
            return None
        return {**SkillRefOutput(target).data, "match": skill.esco_match}

    @extend_schema_field(OccupationLinkOutput(many=True))
    def get_occupations(self, skill: Skill) -> list[dict[str, object]]:
        links = selectors.skill_occupations(skill)[:200]
        return list(OccupationLinkOutput(links, many=True).data)


class SkillListApi(APIView):
    """Skill concepts (ESCO and the digital-creative extension), searchable in both languages."""

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="label or alias, Chinese or English"),
            OpenApiParameter("kind", str, enum=SkillKind.values),
            OpenApiParameter("scheme", str, enum=Scheme.values),
            OpenApiParameter("include_deprecated", bool),
        ],
        responses=SkillOutput(many=True),
    )
    def get(self, request: Request) -> Response:
        access_taxonomy(request.user, Action.VIEW)
        params = request.query_params
        qs = selectors.skill_list(
            q=params.get("q", ""),
            kind=params.get("kind", ""),
            scheme=params.get("scheme", ""),
            include_deprecated=params.get("include_deprecated", "") in ("1", "true"),
        )
        return paginated(request, self, qs, SkillOutput)


class SkillDetailApi(APIView):
    @extend_schema(responses=SkillDetailOutput)
    def get(self, request: Request, pk: uuid.UUID) -> Response:
        access_taxonomy(request.user, Action.VIEW)
        return Response(SkillDetailOutput(selectors.skill_get(pk=pk)).data)


class EscoOccupationOutput(serializers.Serializer):
    id = serializers.UUIDField()
    uri = serializers.CharField()
    code = serializers.CharField()
    label_en = serializers.CharField()
    label_zh = serializers.CharField()
    alt_labels_en = serializers.ListField(child=serializers.CharField())
    isco_group = serializers.CharField()
    description_en = serializers.CharField()


class EscoOccupationListApi(APIView):
    """ESCO occupations with their ISCO-08 group."""

    @extend_schema(
        parameters=[OpenApiParameter("q", str), OpenApiParameter("isco_group", str)],
        responses=EscoOccupationOutput(many=True),
    )
    def get(self, request: Request) -> Response:
        access_taxonomy(request.user, Action.VIEW)
        qs = selectors.esco_occupation_list(
            q=request.query_params.get("q", ""),
            isco_group=request.query_params.get("isco_group", ""),
        )
        return paginated(request, self, qs, EscoOccupationOutput)


class OccupationOutput(serializers.Serializer):
    id = serializers.UUIDField()
    code = serializers.CharField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField()
    parent_code = serializers.SerializerMethodField()
    level = serializers.CharField()
    is_digital = serializers.BooleanField()
    classification = serializers.CharField()
    source = serializers.CharField()  # type: ignore[assignment]  # the DRF metaclass pops it
    verified = serializers.BooleanField()

    def get_parent_code(self, occupation: object) -> str:
        parent = getattr(occupation, "parent", None)
        return parent.code if parent else ""


class OccupationListApi(APIView):
    """The occupational classification (职业分类大典), digital-creative subset."""

    @extend_schema(
        parameters=[OpenApiParameter("q", str), OpenApiParameter("digital", bool)],
        responses=OccupationOutput(many=True),
    )
    def get(self, request: Request) -> Response:
        access_taxonomy(request.user, Action.VIEW)
        digital = request.query_params.get("digital", "")
        qs = selectors.occupation_list(
            q=request.query_params.get("q", ""),
            digital={"true": True, "1": True, "false": False, "0": False}.get(digital),
        )
        return paginated(request, self, qs, OccupationOutput)


class MajorOutput(serializers.Serializer):
    id = serializers.UUIDField()
    code = serializers.CharField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField()
    level = serializers.CharField()
    category_code = serializers.CharField()
    category_zh = serializers.CharField()
    catalogue = serializers.CharField()
    source = serializers.CharField()  # type: ignore[assignment]  # the DRF metaclass pops it
    verified = serializers.BooleanField()


class MajorListApi(APIView):
    """Major catalogues (职业教育专业目录 2021, 本科专业目录)."""

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str),
            OpenApiParameter("level", str, description=", ".join(MajorLevel.values)),
        ],
        responses=MajorOutput(many=True),
    )
    def get(self, request: Request) -> Response:
        access_taxonomy(request.user, Action.VIEW)
        qs = selectors.major_list(
            q=request.query_params.get("q", ""), level=request.query_params.get("level", "")
        )
        return paginated(request, self, qs, MajorOutput)


class CertificateOutput(serializers.Serializer):
    id = serializers.UUIDField()
    key = serializers.CharField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField()
    levels = serializers.ListField(child=serializers.CharField())
    issuer_zh = serializers.CharField()
    skills = SkillRefOutput(many=True)
    source = serializers.CharField()  # type: ignore[assignment]  # the DRF metaclass pops it
    verified = serializers.BooleanField()


class CertificateListApi(APIView):
    """1+X vocational skill level certificates and the skills they require."""

    @extend_schema(parameters=[OpenApiParameter("q", str)], responses=CertificateOutput(many=True))
    def get(self, request: Request) -> Response:
        access_taxonomy(request.user, Action.VIEW)
        qs = selectors.certificate_list(q=request.query_params.get("q", ""))
        return paginated(request, self, qs, CertificateOutput)


class ExtractedSkillOutput(serializers.Serializer):
    uri = serializers.CharField()
    label_en = serializers.CharField()
    label_zh = serializers.CharField()
    score = serializers.FloatField()
    kind = serializers.ChoiceField(choices=["explicit", "inferred"])
    spans = serializers.ListField(child=serializers.ListField(child=serializers.IntegerField()))


class ExtractApi(APIView):
    """Skills in a text (Chinese, English or mixed), best first — the ``extract_skills``
    contract: each skill has ``uri, label_en, label_zh, score, kind, spans`` (character
    offsets into the text sent); ``taxonomy=esco`` ranks ESCO concepts only."""

    class InputSerializer(serializers.Serializer):
        id = serializers.CharField(required=False, allow_blank=True, max_length=200)
        text = serializers.CharField(
            max_length=MAX_TEXT_CHARS, allow_blank=True, trim_whitespace=False
        )
        top_k = serializers.IntegerField(required=False, default=20, min_value=1, max_value=100)
        lang = serializers.ChoiceField(choices=LANGUAGES, required=False, default="auto")
        taxonomy = serializers.ChoiceField(
            choices=services.TAXONOMY_VIEWS,
            required=False,
            default=services.TAXONOMY_ALL,
            help_text="all: every concept; esco: ESCO concepts only, with evidence found "
            "through extension concepts carried to the ESCO concepts they map to",
        )

    class OutputSerializer(serializers.Serializer):
        id = serializers.CharField(allow_null=True)
        skills = ExtractedSkillOutput(many=True)
        lang = serializers.CharField()
        warnings = serializers.ListField(child=serializers.CharField())
        semantic = serializers.BooleanField()

    @extend_schema(request=InputSerializer, responses=OutputSerializer)
    def post(self, request: Request) -> Response:
        access_taxonomy(request.user, Action.VIEW)
        try:
            body = request.data
        except RequestDataTooBig as exc:
            message = services.extraction_error_message("text_too_long")
            raise ApplicationError(
                "invalid", message, fields={"text": [message]}, extra={"error": "text_too_long"}
            ) from exc
        data = self.InputSerializer(data=body)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        outcome = services.extract_skills(
            text=values["text"],
            top_k=values["top_k"],
            lang=values["lang"],
            taxonomy=values["taxonomy"],
        )
        return Response({"id": values.get("id"), **outcome.as_dict()})


class ReleaseOutput(serializers.Serializer):
    id = serializers.UUIDField()
    kind = serializers.CharField()
    version_label = serializers.CharField()
    source_release_id = serializers.CharField()
    manifest = serializers.DictField()
    status = serializers.CharField()
    added_count = serializers.IntegerField()
    changed_count = serializers.IntegerField()
    deprecated_count = serializers.IntegerField()
    published_at = serializers.DateTimeField(allow_null=True)


class ReleaseListApi(APIView):
    """Taxonomy releases: data imports (with their diff counts) and curation releases."""

    @extend_schema(responses=ReleaseOutput(many=True))
    def get(self, request: Request) -> Response:
        access_taxonomy(request.user, Action.VIEW)
        return paginated(request, self, selectors.release_list(), ReleaseOutput)
