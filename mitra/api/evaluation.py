"""API resources of the evaluation stage: instruments (with their questions), rounds and their
results, responses (a signed-in respondent submits through the same form as the page), obstacles
and recommendations. Every write goes through mitra.evaluation's services."""

from django.contrib.auth import get_user_model
from django.http import QueryDict
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import exceptions, generics, serializers
from rest_framework.response import Response

from mitra.activities.models import Activity
from mitra.api import fields
from mitra.api.errors import body_object
from mitra.api.planning import ScopedRelated
from mitra.api.views import SchoolScopedView
from mitra.evaluation import instruments, kinds, responses, results, selectors, services
from mitra.evaluation.models import (
    ActionItem,
    Group,
    Instrument,
    Obstacle,
    Recommendation,
)
from mitra.evaluation.models import Response as EvaluationResponse
from mitra.evaluation.models import Round as EvaluationRound
from mitra.evaluation.responses import field_name
from mitra.evaluation.selectors import people_of
from mitra.partners.models import Partner
from mitra.schools.models import AcademicYear


class _Scoped(SchoolScopedView):
    read_permission = "evaluation.view"
    write_permission = "evaluation.manage"

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "access": self.access}


# --- Instruments ----------------------------------------------------------------------------------


class ItemSerializer(serializers.Serializer):
    key = serializers.CharField(read_only=True)
    kind = serializers.ChoiceField(kinds.choices())
    text = fields.Text(max_length=300)
    help = fields.Text(max_length=300, required=False, allow_blank=True)
    required = fields.Flag(default=True)
    options = serializers.ListField(child=fields.Text(max_length=120), required=False)


class SectionSerializer(serializers.Serializer):
    title = fields.Text(max_length=200)
    items = ItemSerializer(many=True)


class InstrumentSerializer(fields.ModelSerializer):
    # Written only when creating (then edited on the page); read back from the instrument as it is now.
    sections = SectionSerializer(many=True, required=False, write_only=True)

    class Meta:
        model = Instrument
        fields = ["id", "title", "purpose", "description", "sections", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def to_representation(self, instrument):
        data = super().to_representation(instrument)
        data["sections"] = instruments.definition_of(instrument)["sections"]
        return data


class InstrumentList(_Scoped, generics.ListCreateAPIView):
    serializer_class = InstrumentSerializer

    def get_queryset(self):
        # Each instrument is shown with its questions: read them in two queries for the whole page.
        return selectors.instruments_of(access=self.access).prefetch_related("sections", "items")

    def perform_create(self, serializer):
        data = serializer.validated_data
        data.setdefault("purpose", Instrument.Purpose.ACTIVITY)  # the model's default; the service asks for it
        sections = [(s["title"], s["items"]) for s in data.pop("sections", [])] or [(_("Questions"), [])]
        serializer.instance = instruments.instrument_create(
            school=self.access.school, user=self.request.user, sections=sections, **data
        )


class InstrumentDetail(_Scoped, generics.RetrieveUpdateAPIView):
    serializer_class = InstrumentSerializer
    lookup_url_kwarg = "instrument_id"

    def get_queryset(self):
        # Each instrument is shown with its questions: read them in two queries for the whole page.
        return selectors.instruments_of(access=self.access).prefetch_related("sections", "items")

    def perform_update(self, serializer):
        data = {k: v for k, v in serializer.validated_data.items() if k != "sections"}
        serializer.instance = instruments.instrument_update(
            instrument=serializer.instance, user=self.request.user, data=data
        )


# --- Rounds ---------------------------------------------------------------------------------------


class RoundSerializer(fields.ModelSerializer):
    instrument = ScopedRelated(Instrument)
    activity = ScopedRelated(Activity, required=False, allow_null=True)
    partner = ScopedRelated(Partner, required=False, allow_null=True)
    audiences = serializers.ListField(child=serializers.ChoiceField(Group.choices))
    respondents = fields.PrimaryKeys(many=True, required=False, queryset=get_user_model()._default_manager.none())
    expected = serializers.DictField(child=serializers.IntegerField(min_value=0), required=False)
    version = serializers.IntegerField(source="version.number", read_only=True)
    questions = serializers.JSONField(source="version.definition", read_only=True)
    links = serializers.SerializerMethodField()

    class Meta:
        model = EvaluationRound
        fields = [
            "id",
            "title",
            "instrument",
            "version",
            "activity",
            "partner",
            "opens_on",
            "closes_on",
            "audiences",
            "respondents",
            "expected",
            "anonymous",
            "closed_at",
            "questions",
            "links",
        ]
        read_only_fields = ["closed_at"]

    def get_fields(self):
        fields = super().get_fields()
        access = self.context.get("access")
        if access is not None:
            fields["respondents"].child_relation.queryset = people_of(access.school)
        return fields

    def get_links(self, round_) -> list[dict]:
        access = self.context["access"]
        if not access.can("evaluation.manage"):
            return []  # the links are keys; only those who manage the round hand them out
        request = self.context["request"]
        return [
            {
                "group": link.group,
                "label": link.label,
                "single_use": link.single_use,
                "expires_at": link.expires_at,
                "revoked": link.revoked_at is not None,
                "url": request.build_absolute_uri(f"/e/{link.token}/"),
            }
            for link in round_.links.all()
        ]


class RoundList(_Scoped, generics.ListCreateAPIView):
    serializer_class = RoundSerializer

    def get_queryset(self):
        return selectors.rounds_of(access=self.access).prefetch_related("links", "respondents")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        instrument = data.pop("instrument")
        serializer.instance = responses.round_open(
            school=self.access.school,
            user=self.request.user,
            instrument=instrument,
            data={
                **data,
                "academic_year": AcademicYear.objects.for_school(self.access.school).filter(is_current=True).first(),
            },
            respondents=data.get("respondents", []),
            expected=data.get("expected", {}),
        )


class RoundDetail(_Scoped, generics.RetrieveAPIView):
    serializer_class = RoundSerializer
    lookup_url_kwarg = "round_id"

    def get_queryset(self):
        return selectors.rounds_of(access=self.access).prefetch_related("links", "respondents")


class RoundResults(_Scoped):
    """Item by item: answered, "don't know", blank, mean and distribution; response rates by group."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request, school_id, round_id):
        return Response(results.round_results(selectors.round_get(access=self.access, round_id=round_id)))


class AnswerOut(serializers.Serializer):
    item_key = fields.Text()
    number = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    text = fields.Text()
    choices = serializers.ListField(child=fields.Text())
    dont_know = serializers.BooleanField()


class ResponseSerializer(fields.ModelSerializer):
    answers = AnswerOut(many=True, read_only=True)
    name = serializers.SerializerMethodField()

    class Meta:
        model = EvaluationResponse
        fields = ["id", "group", "name", "submitted_at", "answers"]

    def get_name(self, response) -> str:
        return "" if response.round.anonymous else response.name


SUBMISSION = inline_serializer(
    "ResponseSubmission",
    {
        "answers": serializers.DictField(help_text=f"By question key: {kinds.api_answers()}."),
        "submission": fields.Text(required=False, help_text="A token of your own; a resend keeps one."),
    },
)


class ResponseList(_Scoped, generics.ListAPIView):
    """The round's responses; POST answers it as the signed-in respondent (validated like the page)."""

    serializer_class = ResponseSerializer
    write_permission = "evaluation.answer"

    def _round(self):
        return selectors.round_get(access=self.access, round_id=self.kwargs["round_id"])

    def get_queryset(self):
        return (
            EvaluationResponse.objects.for_school(self.access.school)
            .filter(round=self._round())
            .select_related("round")
            .prefetch_related("answers")
        )

    @extend_schema(request=SUBMISSION, responses={201: ResponseSerializer})
    def post(self, request, *args, **kwargs):
        round_ = self._round()
        refusal = responses.respondent_refusal(round_, request.user)
        if refusal:
            reason, words = refusal
            if reason == responses.NOT_ASKED:
                raise exceptions.PermissionDenied(words)
            raise exceptions.ValidationError({"non_field_errors": [words]})
        body = body_object(request)
        given = body.get("answers") or {}
        if not isinstance(given, dict):
            raise exceptions.ValidationError({"answers": [_("Send the answers by question key.")]})
        data = QueryDict(mutable=True)
        for key, value in given.items():
            data.setlist(field_name(str(key)), [str(v) for v in value] if isinstance(value, list) else [str(value)])
        form = responses.answer_form(round_, data, ask_name=False)
        if not form.is_valid():
            raise exceptions.ValidationError({name.removeprefix("i_"): errors for name, errors in form.errors.items()})
        saved = responses.response_save(
            round_=round_,
            form=form,
            group=Group.TEAM,
            submission=str(body.get("submission", ""))[:32],
            user=request.user,
        )
        return Response(ResponseSerializer(saved, context=self.get_serializer_context()).data, status=201)


# --- Obstacles and recommendations ----------------------------------------------------------------


class ObstacleSerializer(fields.ModelSerializer):
    partner = ScopedRelated(Partner, required=False, allow_null=True)
    activity = ScopedRelated(Activity, required=False, allow_null=True)
    owner = fields.PrimaryKeys(required=False, allow_null=True, queryset=get_user_model()._default_manager.none())

    class Meta:
        model = Obstacle
        fields = [
            "id",
            "title",
            "category",
            "severity",
            "description",
            "cause",
            "response_taken",
            "owner",
            "due_on",
            "status",
            "resolved_at",
            "partner",
            "activity",
            "created_at",
        ]
        read_only_fields = ["resolved_at", "created_at"]

    def get_fields(self):
        fields = super().get_fields()
        access = self.context.get("access")
        if access is not None:
            fields["owner"].queryset = people_of(access.school)
        return fields


class _ObstacleView(_Scoped):
    serializer_class = ObstacleSerializer
    write_permission = "obstacles.edit"

    def get_queryset(self):
        params = self.request.query_params
        return selectors.obstacle_list(
            access=self.access,
            q=params.get("q", "")[:100],
            status=params.get("status", ""),
            category=params.get("category", ""),
        )


@extend_schema_view(
    get=extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="Search in the obstacle, its cause and the response"),
            OpenApiParameter("status", str, description="open, handling or resolved"),
            OpenApiParameter("category", str),
        ]
    )
)
class ObstacleList(_ObstacleView, generics.ListCreateAPIView):
    def perform_create(self, serializer):
        serializer.instance = services.obstacle_save(
            school=self.access.school, user=self.request.user, data=serializer.validated_data
        )


class ObstacleDetail(_ObstacleView, generics.RetrieveUpdateAPIView):
    lookup_url_kwarg = "obstacle_id"

    def perform_update(self, serializer):
        serializer.instance = services.obstacle_save(
            school=self.access.school,
            user=self.request.user,
            data=serializer.validated_data,
            obstacle=serializer.instance,
        )


class ActionSerializer(fields.ModelSerializer):
    class Meta:
        model = ActionItem
        fields = ["id", "text", "owner", "due_on", "status"]
        read_only_fields = fields


class RecommendationSerializer(fields.ModelSerializer):
    partner = ScopedRelated(Partner)
    round = ScopedRelated(EvaluationRound, required=False, allow_null=True)
    academic_year = ScopedRelated(AcademicYear, required=False, allow_null=True)
    actions = ActionSerializer(many=True, read_only=True)

    class Meta:
        model = Recommendation
        fields = ["id", "partner", "academic_year", "round", "decision", "reasons", "actions", "created_at"]
        read_only_fields = ["created_at"]


class _RecommendationView(_Scoped):
    serializer_class = RecommendationSerializer
    write_permission = "recommendations.edit"

    def get_queryset(self):
        return selectors.recommendation_list(access=self.access).prefetch_related("actions")


class RecommendationList(_RecommendationView, generics.ListCreateAPIView):
    def perform_create(self, serializer):
        serializer.instance = services.recommendation_save(
            school=self.access.school, user=self.request.user, data=serializer.validated_data
        )


class RecommendationDetail(_RecommendationView, generics.RetrieveUpdateAPIView):
    lookup_url_kwarg = "recommendation_id"

    def perform_update(self, serializer):
        serializer.instance = services.recommendation_save(
            school=self.access.school,
            user=self.request.user,
            data=serializer.validated_data,
            recommendation=serializer.instance,
        )
