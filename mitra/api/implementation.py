"""API resources of the implementation stage: activities with their head counts and evidence (upload
included, through the same pipeline as the pages), team terms, and the communication log."""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import generics, serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.reverse import reverse

from mitra.activities import communications, contributions, selectors, services, team
from mitra.activities.models import (
    Activity,
    Communication,
    Contribution,
    Evidence,
    MeasureValue,
    ParticipantCount,
    TeamTerm,
)
from mitra.agreements.models import Agreement
from mitra.api import fields
from mitra.api.errors import body_object
from mitra.api.planning import ScopedRelated
from mitra.api.views import SchoolScopedView
from mitra.files import pipeline
from mitra.letters.models import Letter
from mitra.partners.models import Partner
from mitra.planning.models import PlannedActivity, Programme


class CountSerializer(fields.ModelSerializer):
    class Meta:
        model = ParticipantCount
        fields = ["group", "grade", "sex", "count"]


class EvidenceSerializer(fields.ModelSerializer):
    name = serializers.CharField(source="file.original_name", read_only=True)
    content_type = serializers.CharField(source="file.content_type", read_only=True)
    size = serializers.IntegerField(source="file.size", read_only=True)
    shown_as = serializers.ChoiceField(
        choices=["photo", "document"],
        read_only=True,
        help_text="From the file's content: a photo is shown as a picture, a document is listed by name.",
    )
    url = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = [
            "id",
            "kind",
            "shown_as",
            "caption",
            "name",
            "content_type",
            "size",
            "from_partner",
            "added_at",
            "url",
        ]
        read_only_fields = fields

    def get_url(self, evidence) -> str:
        kwargs = {"school_id": evidence.school_id, "activity_id": evidence.activity_id, "evidence_id": evidence.pk}
        return reverse("api:evidence_file", kwargs=kwargs, request=self.context["request"])


class MeasureValueSerializer(fields.ModelSerializer):
    """What the school counted with the activity (recorded on its page; read here, not written)."""

    name = serializers.CharField(source="measure.name", read_only=True)
    unit = serializers.CharField(source="measure.unit", read_only=True)

    class Meta:
        model = MeasureValue
        fields = ["measure", "name", "unit", "value"]
        read_only_fields = fields


class RecordedActivitySerializer(fields.ModelSerializer):
    partners = ScopedRelated(Partner, many=True, required=False)
    agreements = ScopedRelated(Agreement, many=True, required=False)
    programme = ScopedRelated(Programme, required=False, allow_null=True)
    planned = ScopedRelated(PlannedActivity, required=False, allow_null=True)
    counts = CountSerializer(many=True, required=False)
    evidence = EvidenceSerializer(many=True, read_only=True)
    undocumented = serializers.SerializerMethodField()
    measures = MeasureValueSerializer(many=True, read_only=True)

    class Meta:
        model = Activity
        fields = [
            "id",
            "title",
            "status",
            "status_reason",
            "area",
            "place",
            "start_date",
            "start_time",
            "end_date",
            "end_time",
            "notes",
            "outputs",
            "programme",
            "planned",
            "partners",
            "agreements",
            "counts",
            "review",
            "review_comment",
            "partner_confirmed_at",
            "partner_note",
            "undocumented",
            "measures",
            "evidence",
        ]
        read_only_fields = ["review", "review_comment", "partner_confirmed_at", "partner_note"]

    def get_undocumented(self, activity) -> bool:
        return selectors.is_undocumented(activity)


def _activity_save(view, serializer, activity=None):
    data = dict(serializer.validated_data)
    partners, agreements = data.pop("partners", None), data.pop("agreements", None)
    counts = data.pop("counts", None)
    if activity is not None:
        # A partial update keeps what it does not name.
        data = {field: data.get(field, getattr(activity, field)) for field in services.ACTIVITY_FIELDS}
    return services.activity_save(
        school=view.access.school,
        user=view.request.user,
        activity=activity,
        data=data,
        partners=partners,
        agreements=agreements,
        counts=None
        if counts is None
        else {(c["group"], c.get("grade", 0), c.get("sex", "")): c["count"] for c in counts},
    )


class _ActivityView(SchoolScopedView):
    serializer_class = RecordedActivitySerializer
    read_permission = "activities.view"
    write_permission = "activities.record"

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "access": self.access}

    def get_queryset(self):
        return selectors.activities_of(access=self.access).prefetch_related(
            "partners", "agreements", "counts", "evidence__file", "measures__measure"
        )


class ActivityList(_ActivityView, generics.ListCreateAPIView):
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        activity = _activity_save(self, serializer)
        return Response(self.get_serializer(self.get_queryset().get(pk=activity.pk)).data, status=201)


class ActivityDetail(_ActivityView, generics.RetrieveUpdateDestroyAPIView):
    lookup_url_kwarg = "activity_id"

    def update(self, request, *args, **kwargs):
        activity = self.get_object()
        if activity.review == Activity.Review.VERIFIED and not self.access.can("activities.verify"):
            self.access.require("activities.verify", request)
        serializer = self.get_serializer(activity, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        _activity_save(self, serializer, activity)
        return Response(self.get_serializer(self.get_queryset().get(pk=activity.pk)).data)

    def perform_destroy(self, activity):
        services.activity_delete(activity=activity, user=self.request.user)


class EvidenceList(_ActivityView, generics.ListAPIView):
    """An activity's evidence; POST multipart `files` (several allowed), `kind` and `caption`.
    Without `kind` each file's content decides it (a picture is a photo, a PDF or Word file a
    document); `kind=photo` for a file that is not a picture is refused (400, under `kind`)."""

    serializer_class = EvidenceSerializer
    parser_classes = [MultiPartParser]

    def _activity(self):
        return selectors.activity_get(access=self.access, activity_id=self.kwargs["activity_id"])

    def get_queryset(self):
        return self._activity().evidence.all()

    @extend_schema(
        request={
            "multipart/form-data": inline_serializer(
                "EvidenceUpload",
                {
                    "files": serializers.ListField(child=serializers.FileField()),
                    "kind": serializers.ChoiceField(Evidence.Kind.choices, required=False),
                    "caption": fields.Text(required=False),
                },
            )
        },
        responses={201: EvidenceSerializer(many=True)},
    )
    def post(self, request, *args, **kwargs):
        activity = self._activity()
        before = set(activity.evidence.values_list("pk", flat=True))
        body = body_object(request)
        services.evidence_add(
            activity=activity,
            user=request.user,
            uploads=request.FILES.getlist("files"),
            kind=body.get("kind") or None,
            caption=str(body.get("caption", ""))[:200],
        )
        added = activity.evidence.exclude(pk__in=before).select_related("file")
        return Response(EvidenceSerializer(added, many=True, context=self.get_serializer_context()).data, status=201)


class EvidenceFile(_ActivityView):
    def get(self, request, school_id, activity_id, evidence_id):
        activity = selectors.activity_get(access=self.access, activity_id=activity_id)
        found = activity.evidence.select_related("file").filter(pk=evidence_id).first()
        if found is None:
            raise Http404
        return pipeline.serve(found.file, inline=False)


# --- Team ----------------------------------------------------------------------------------------------


class TeamTermSerializer(fields.ModelSerializer):
    name = serializers.SerializerMethodField()

    class Meta:
        model = TeamTerm
        fields = ["id", "user", "name", "role", "starts_on", "ends_on", "label", "rotation", "handed_over_at"]
        read_only_fields = ["rotation", "handed_over_at"]

    def get_name(self, term) -> str:
        return term.user.get_full_name() or term.user.username

    def get_fields(self):
        fields = super().get_fields()
        if "access" in self.context:
            fields["user"].queryset = team.staff_of(self.context["access"].school)
        return fields


class _TermView(SchoolScopedView):
    serializer_class = TeamTermSerializer
    read_permission = "team.view"
    write_permission = "team.manage"

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "access": self.access}

    def get_queryset(self):
        return team.terms_of(self.access.school)


class TeamTermList(_TermView, generics.ListCreateAPIView):
    def perform_create(self, serializer):
        serializer.instance = team.term_save(
            school=self.access.school, user=self.request.user, data=serializer.validated_data
        )


class TeamTermDetail(_TermView, generics.RetrieveUpdateDestroyAPIView):
    lookup_url_kwarg = "term_id"

    def perform_update(self, serializer):
        term = serializer.instance
        data = {
            f: serializer.validated_data.get(f, getattr(term, f))
            for f in ("user", "role", "starts_on", "ends_on", "label")
        }
        serializer.instance = team.term_save(school=self.access.school, user=self.request.user, data=data, term=term)

    def perform_destroy(self, term):
        team.term_delete(term=term, user=self.request.user)


# --- Communication -----------------------------------------------------------------------------------


class CommunicationSerializer(fields.ModelSerializer):
    partner = ScopedRelated(Partner)
    letter = ScopedRelated(Letter, required=False, allow_null=True)
    activity = ScopedRelated(Activity, required=False, allow_null=True)
    messages = serializers.SerializerMethodField()

    class Meta:
        model = Communication
        fields = [
            "id",
            "partner",
            "channel",
            "direction",
            "occurred_on",
            "occurred_time",
            "people",
            "summary",
            "letter",
            "activity",
            "is_chat_day",
            "messages",
        ]
        read_only_fields = ["is_chat_day"]

    def get_messages(self, entry) -> list[dict]:
        if not entry.is_chat_day:
            return []
        return [
            {"time": m.sent_time.strftime("%H:%M:%S"), "sender": m.sender, "text": m.text, "media": m.media}
            for m in entry.messages.all()
        ]


class _CommunicationView(SchoolScopedView):
    serializer_class = CommunicationSerializer
    read_permission = "communications.view"
    write_permission = "communications.edit"

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "access": self.access}

    def get_queryset(self):
        params = self.request.query_params
        partner_id = fields.query_id(params, "partner")
        partner = Partner.objects.for_school(self.access.school).filter(pk=partner_id).first() if partner_id else None
        log = communications.log_of(
            access=self.access, partner=partner, channel=params.get("channel", "")[:10], q=params.get("q", "")[:100]
        ).prefetch_related("messages")
        # A partner that is not the school's (or no longer exists) has no log here, not the whole log.
        return log.none() if partner_id is not None and partner is None else log


@extend_schema_view(
    get=extend_schema(
        parameters=[
            OpenApiParameter("partner", int, description="Only what was said with this partner"),
            OpenApiParameter("channel", str, description="letter, meeting, phone, whatsapp, email or visit"),
            OpenApiParameter("q", str, description="Search in the summaries and messages"),
        ]
    )
)
class CommunicationList(_CommunicationView, generics.ListCreateAPIView):
    def perform_create(self, serializer):
        serializer.instance = communications.communication_save(
            school=self.access.school, user=self.request.user, data=serializer.validated_data
        )


class CommunicationDetail(_CommunicationView, generics.RetrieveUpdateDestroyAPIView):
    lookup_url_kwarg = "communication_id"

    def perform_update(self, serializer):
        entry = serializer.instance
        if entry.is_chat_day:
            raise serializers.ValidationError(
                {"non_field_errors": [_("Imported WhatsApp messages are kept as they were written.")]}
            )
        data = {f: serializer.validated_data.get(f, getattr(entry, f)) for f in communications.FIELDS}
        serializer.instance = communications.communication_save(
            school=self.access.school, user=self.request.user, data=data, communication=entry
        )

    def perform_destroy(self, entry):
        communications.communication_delete(communication=entry, user=self.request.user)


# --- What partners gave (read only) -------------------------------------------------------------------


class ContributionSerializer(fields.ModelSerializer):
    person_hours = serializers.DecimalField(max_digits=14, decimal_places=1, read_only=True)

    class Meta:
        model = Contribution
        fields = [
            "id",
            "partner",
            "activity",
            "agreement",
            "kind",
            "day",
            "description",
            "value",
            "valued_how",
            "people",
            "hours",
            "person_hours",
        ]
        read_only_fields = fields


class ContributionList(SchoolScopedView, generics.ListAPIView):
    """What partners gave the school, newest first (a partner's representative: their own partner's)."""

    serializer_class = ContributionSerializer
    read_permission = "activities.view"

    def get_queryset(self):
        return contributions.contributions_for(access=self.access)
