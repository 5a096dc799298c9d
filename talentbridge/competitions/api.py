"""REST API of competitions (``/api/v1/competitions/…``). Thin: gatekeeper → input serializer →
service/selector → output serializer. Judges' endpoints carry entry codes only."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Model
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from talentbridge.accounts.models import User
from talentbridge.community.models import Community, Organization
from talentbridge.competitions import selectors
from talentbridge.competitions.models import (
    Competition,
    Entry,
    Judge,
    Level,
    Proposition,
    RankingRun,
)
from talentbridge.competitions.permissions import (
    Action,
    access_competition,
    access_entry,
    access_judging,
    can_create_competition,
    can_register,
)
from talentbridge.competitions.services import competitions, entries, judging
from talentbridge.core.api import paginated
from talentbridge.core.errors import NotFoundError, invalid


def _get(model: type[Model], pk: Any) -> Any:
    try:
        return model.objects.get(pk=pk)  # type: ignore[attr-defined]
    except model.DoesNotExist:  # type: ignore[attr-defined]
        raise NotFoundError() from None


class CompetitionOutput(serializers.Serializer):
    id = serializers.UUIDField()
    title_zh = serializers.CharField()
    title_en = serializers.CharField()
    level = serializers.CharField()
    edition = serializers.IntegerField()
    organizer_id = serializers.UUIDField()
    community_id = serializers.UUIDField(allow_null=True)
    blind = serializers.BooleanField()
    results_frozen_at = serializers.DateTimeField(allow_null=True)


class CompetitionInput(serializers.Serializer):
    organizer = serializers.UUIDField()
    community = serializers.UUIDField(required=False, allow_null=True)
    title_zh = serializers.CharField(max_length=200)
    title_en = serializers.CharField(max_length=200, required=False, allow_blank=True)
    level = serializers.ChoiceField(choices=Level.choices)
    edition = serializers.IntegerField(min_value=2000, max_value=2100)
    blind = serializers.BooleanField(required=False, default=True)
    max_team_size = serializers.IntegerField(min_value=1, max_value=20, required=False, default=5)


class CompetitionListApi(APIView):
    @extend_schema(responses=CompetitionOutput(many=True))
    def get(self, request: Request) -> Response:
        return paginated(request, self, selectors.competition_list(), CompetitionOutput)

    @extend_schema(request=CompetitionInput, responses={201: CompetitionOutput})
    def post(self, request: Request) -> Response:
        can_create_competition(request.user)
        data = CompetitionInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        community = _get(Community, v["community"]) if v.get("community") else None
        competition = competitions.competition_create(
            actor=request.user, organizer=_get(Organization, v["organizer"]),
            community=community, title_zh=v["title_zh"], title_en=v.get("title_en", ""),
            level=v["level"], edition=v["edition"], blind=v["blind"],
            max_team_size=v["max_team_size"],
        )  # fmt: skip
        return Response(CompetitionOutput(competition).data, status=status.HTTP_201_CREATED)


class CompetitionDetailApi(APIView):
    @extend_schema(responses=CompetitionOutput)
    def get(self, request: Request, pk: uuid.UUID) -> Response:
        competition = access_competition(request.user, _get(Competition, pk), Action.VIEW)
        return Response(CompetitionOutput(competition).data)


class EntryOutput(serializers.Serializer):
    id = serializers.UUIDField()
    code = serializers.CharField()
    title = serializers.CharField()
    kind = serializers.CharField()
    status = serializers.CharField()


class EntryInput(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    college = serializers.UUIDField()
    members = serializers.ListField(child=serializers.UUIDField(), required=False, default=list)
    advisors = serializers.ListField(child=serializers.UUIDField(), required=False, default=list)


class PropositionEntriesApi(APIView):
    """Register an entry (the caller leads it) for a proposition."""

    @extend_schema(request=EntryInput, responses={201: EntryOutput})
    def post(self, request: Request, pk: uuid.UUID) -> Response:
        can_register(request.user)
        proposition = _get(Proposition, pk)
        data = EntryInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data

        def users(ids: list[uuid.UUID], field: str) -> list[Any]:
            found = list(User.objects.filter(pk__in=ids))
            if len(found) != len(set(ids)):
                raise invalid(field, _("Unknown user."))
            return found

        entry = entries.entry_register(
            actor=request.user, proposition=proposition, title=v["title"],
            college=_get(Organization, v["college"]), members=users(v["members"], "members"),
            advisors=users(v["advisors"], "advisors"),
        )  # fmt: skip
        return Response(EntryOutput(entry).data, status=status.HTTP_201_CREATED)


class EntryDecideInput(serializers.Serializer):
    approve = serializers.BooleanField()


class EntryDecideApi(APIView):
    @extend_schema(request=EntryDecideInput, responses=EntryOutput)
    def post(self, request: Request, pk: uuid.UUID) -> Response:
        entry = access_entry(request.user, _get(Entry, pk), Action.MANAGE)
        data = EntryDecideInput(data=request.data)
        data.is_valid(raise_exception=True)
        entry = entries.entry_decide(
            actor=request.user, entry=entry, approve=data.validated_data["approve"]
        )
        return Response(EntryOutput(entry).data)


class ReceiptOutput(serializers.Serializer):
    entry_code = serializers.CharField()
    version = serializers.IntegerField()
    sha256 = serializers.CharField()
    size = serializers.IntegerField()
    received_at = serializers.CharField()
    file_name = serializers.CharField()


class SubmissionInput(serializers.Serializer):
    file = serializers.FileField()


class EntrySubmissionsApi(APIView):
    """An entrant's sealed versions (receipts) and a new version."""

    parser_classes = [MultiPartParser]

    @extend_schema(responses=ReceiptOutput(many=True))
    def get(self, request: Request, pk: uuid.UUID) -> Response:
        entry = access_entry(request.user, _get(Entry, pk), Action.SUBMIT)
        return Response(
            [ReceiptOutput(entries.receipt_of(s)).data for s in entry.submissions.all()]
        )

    @extend_schema(request=SubmissionInput, responses={201: ReceiptOutput})
    def post(self, request: Request, pk: uuid.UUID) -> Response:
        entry = access_entry(request.user, _get(Entry, pk), Action.SUBMIT)
        data = SubmissionInput(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        submission = entries.submission_create(
            actor=request.user, entry=entry, upload=upload, file_name=upload.name
        )
        return Response(
            ReceiptOutput(entries.receipt_of(submission)).data, status=status.HTTP_201_CREATED
        )


class JudgeEntryOutput(serializers.Serializer):
    code = serializers.CharField()
    proposition = serializers.CharField()
    rubric = serializers.JSONField()
    sha256 = serializers.CharField(allow_null=True)


class JudgeEntriesApi(APIView):
    """The entries assigned to this judge: codes, proposition, rubric, file hash — no names."""

    @extend_schema(responses=JudgeEntryOutput(many=True))
    def get(self, request: Request, pk: uuid.UUID) -> Response:
        judge = access_judging(request.user, _get(Judge, pk), Action.SCORE)
        return Response(
            JudgeEntryOutput(
                selectors.judge_entries(actor=request.user, judge=judge), many=True
            ).data
        )


class JudgeFileApi(APIView):
    """The judge's copy of an entry's latest file: hash-checked, metadata stripped, named by
    code. ``X-Metadata-Flags`` lists identifying fields that could not be removed."""

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request: Request, pk: uuid.UUID, code: str) -> HttpResponse:
        judge = access_judging(request.user, _get(Judge, pk), Action.SCORE)
        found = selectors.judge_file(actor=request.user, judge=judge, code=code[:12])
        response = HttpResponse(found.content, content_type="application/octet-stream")
        response["Content-Disposition"] = f'attachment; filename="{found.name}"'
        response["X-Metadata-Flags"] = ",".join(found.flags)
        return response


class ScoreInput(serializers.Serializer):
    entry = serializers.CharField(max_length=12, help_text="entry code")
    scores = serializers.DictField(child=serializers.CharField(max_length=20))
    comment = serializers.CharField(max_length=3000, required=False, allow_blank=True)


class ScoreOutput(serializers.Serializer):
    events = serializers.IntegerField()
    head = serializers.CharField()


class JudgeScoresApi(APIView):
    @extend_schema(request=ScoreInput, responses={201: ScoreOutput})
    def post(self, request: Request, pk: uuid.UUID) -> Response:
        judge = access_judging(request.user, _get(Judge, pk), Action.SCORE)
        data = ScoreInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        entry = Entry.objects.filter(competition_id=judge.competition_id, code=v["entry"]).first()
        if entry is None:
            raise invalid("entry", _("No entry with this code is assigned to you."))
        events = judging.score_record(
            actor=request.user, judge=judge, entry=entry, scores=v["scores"],
            comment=v.get("comment", ""),
        )  # fmt: skip
        return Response(
            {"events": len(events), "head": events[-1].hash}, status=status.HTTP_201_CREATED
        )


class AssignmentOutput(serializers.Serializer):
    pairs = serializers.IntegerField()
    components = serializers.IntegerField()
    bridges = serializers.IntegerField()
    conflicts = serializers.IntegerField()


class CompetitionAssignmentApi(APIView):
    @extend_schema(request=None, responses=AssignmentOutput)
    def post(self, request: Request, pk: uuid.UUID) -> Response:
        competition = access_competition(request.user, _get(Competition, pk), Action.MANAGE)
        return Response(judging.assignment_run(actor=request.user, competition=competition))


class RankingOutput(serializers.Serializer):
    id = serializers.UUIDField()
    log_head = serializers.CharField()
    events = serializers.IntegerField()
    results = serializers.JSONField()
    judge_report = serializers.JSONField()
    published_at = serializers.DateTimeField(allow_null=True)


class CompetitionRankingsApi(APIView):
    """Compute a ranking from the scoring log (reproducible from its head)."""

    @extend_schema(request=None, responses={201: RankingOutput})
    def post(self, request: Request, pk: uuid.UUID) -> Response:
        competition = access_competition(request.user, _get(Competition, pk), Action.MANAGE)
        run = judging.ranking_compute(actor=request.user, competition=competition)
        return Response(RankingOutput(run).data, status=status.HTTP_201_CREATED)


class PublishInput(serializers.Serializer):
    awards = serializers.DictField(child=serializers.IntegerField(min_value=0, max_value=1000))


class RankingPublishApi(APIView):
    @extend_schema(request=PublishInput, responses=RankingOutput)
    def post(self, request: Request, pk: uuid.UUID) -> Response:
        run = _get(RankingRun, pk)
        access_competition(request.user, run.competition, Action.MANAGE)
        data = PublishInput(data=request.data)
        data.is_valid(raise_exception=True)
        judging.ranking_publish(actor=request.user, run=run, awards=data.validated_data["awards"])
        run.refresh_from_db()
        return Response(RankingOutput(run).data)
