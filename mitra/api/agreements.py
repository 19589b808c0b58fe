"""API resources of agreements and letters. Writes go through the same services as the pages, so
the API refuses what the pages refuse (end before start, no partner, an issued letter's text …);
documents are downloaded in both formats, refused with the same list of what is missing."""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.reverse import reverse

from mitra.agreements import document as agreement_document
from mitra.agreements import selectors as agreement_selectors
from mitra.agreements import services as agreement_services
from mitra.agreements.models import Agreement, AgreementTemplate, Article, Party
from mitra.agreements.status import is_in_force, status_of
from mitra.api import fields
from mitra.api.planning import ScopedRelated
from mitra.api.views import SchoolScopedView
from mitra.documents import DOCUMENT_TYPES
from mitra.files.downloads import content_disposition
from mitra.letters import document as letter_document
from mitra.letters import selectors as letter_selectors
from mitra.letters import services as letter_services
from mitra.letters.models import Letter, LetterType
from mitra.partners.models import Partner
from mitra.planning.models import Goal, Need, Programme


def _document_response(render, obj, file_name):
    try:
        data = render(obj)
    except ValidationError as error:
        return Response({"non_field_errors": error.messages}, status=status.HTTP_400_BAD_REQUEST)
    return HttpResponse(
        data,
        content_type=DOCUMENT_TYPES[file_name.rsplit(".", 1)[1]],
        headers={"Content-Disposition": content_disposition(file_name)},
    )


# --- Agreements ---------------------------------------------------------------------------------


class PartySerializer(fields.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = Party
        fields = [
            "id",
            "partner",
            "name",
            "is_first_party",
            "document_number",
            "signatory_name",
            "signatory_position",
            "signatory_id",
            "rights",
            "obligations",
        ]
        read_only_fields = fields


class ArticleSerializer(fields.ModelSerializer):
    class Meta:
        model = Article
        fields = ["number", "title", "body"]
        read_only_fields = fields


@extend_schema_field(OpenApiTypes.INT)
class PartnerIds(ScopedRelated):
    """Partners' ids, for drafting: an agreement holds them as parties, not as a field of its own."""


class AgreementSerializer(fields.ModelSerializer):
    status = serializers.SerializerMethodField()
    in_force = serializers.SerializerMethodField()
    parties = PartySerializer(many=True, read_only=True)
    articles = ArticleSerializer(many=True, read_only=True)
    goals = ScopedRelated(Goal, many=True, required=False)
    needs = ScopedRelated(Need, many=True, required=False)
    programmes = ScopedRelated(Programme, many=True, required=False)
    parent = ScopedRelated(Agreement, required=False, allow_null=True)
    documents = serializers.SerializerMethodField()
    # For drafting only.
    partners = PartnerIds(Partner, many=True, write_only=True, required=False)
    template = ScopedRelated(AgreementTemplate, write_only=True, required=False, allow_null=True)
    school_is_first_party = serializers.BooleanField(write_only=True, default=True)

    class Meta:
        model = Agreement
        fields = [
            "id",
            "kind",
            "title",
            "status",
            "in_force",
            "stage",
            "version",
            "parent",
            "language",
            "start_date",
            "end_date",
            "purpose",
            "scope",
            "benefits",
            "financing",
            "dispute_settlement",
            "closing",
            "signing_place",
            "signed_on",
            "meterai_required",
            "with_hijri_date",
            "terminated_on",
            "termination_reason",
            "parties",
            "articles",
            "goals",
            "needs",
            "programmes",
            "documents",
            "partners",
            "template",
            "school_is_first_party",
        ]
        read_only_fields = ["stage", "version", "terminated_on", "termination_reason"]

    # The school's own working, which the page does not show a partner's representative either.
    INTERNAL = ("goals", "needs", "programmes", "parent")

    def to_representation(self, agreement):
        data = super().to_representation(agreement)
        access = self.context.get("access")
        if access is not None and access.is_partner_rep:
            for name in self.INTERNAL:
                data.pop(name, None)
        return data

    def get_status(self, agreement) -> str:
        return status_of(agreement, timezone.localdate())

    def get_in_force(self, agreement) -> bool:
        """In force today, as every count in Mitra means it (agreements/status.py)."""
        return is_in_force(agreement, timezone.localdate())

    def get_documents(self, agreement) -> dict:
        request = self.context["request"]
        kwargs = {"school_id": agreement.school_id, "agreement_id": agreement.pk}
        return {
            fmt: reverse("api:agreement_document", kwargs={**kwargs, "fmt": fmt}, request=request)
            for fmt in DOCUMENT_TYPES
        }


class _AgreementView(SchoolScopedView):
    serializer_class = AgreementSerializer
    read_permission = "agreements.view"
    write_permission = "agreements.edit"

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "access": self.access}

    def get_queryset(self):
        return agreement_selectors.agreements_of(access=self.access).prefetch_related(
            "articles", "goals", "needs", "programmes"
        )


class AgreementList(_AgreementView, generics.ListCreateAPIView):
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        links = {name: data.pop(name) for name in ("goals", "needs", "programmes") if name in data}
        fields = {k: v for k, v in data.items() if k in agreement_services.AGREEMENT_FIELDS}
        agreement = agreement_services.agreement_create(
            school=self.access.school,
            user=request.user,
            kind=data.get("kind", ""),
            partners=data.get("partners", []),
            template=data.get("template"),
            school_is_first_party=data.get("school_is_first_party", True),
            parent=data.get("parent"),
            **fields,
        )
        if links:
            agreement_services.agreement_update(agreement=agreement, user=request.user, data={}, links=links)
        return Response(self.get_serializer(self.get_queryset().get(pk=agreement.pk)).data, status=201)


class AgreementDetail(_AgreementView, generics.RetrieveUpdateAPIView):
    lookup_url_kwarg = "agreement_id"

    def update(self, request, *args, **kwargs):
        agreement = self.get_object()
        serializer = self.get_serializer(agreement, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        links = {name: data.pop(name) for name in ("goals", "needs", "programmes") if name in data}
        fields = {k: v for k, v in data.items() if k in agreement_services.AGREEMENT_FIELDS or k == "parent"}
        agreement_services.agreement_update(agreement=agreement, user=request.user, data=fields, links=links)
        return Response(self.get_serializer(self.get_queryset().get(pk=agreement.pk)).data)


class AgreementDocument(_AgreementView):
    def get(self, request, school_id, agreement_id, fmt):
        render = {"docx": agreement_document.as_docx, "pdf": agreement_document.as_pdf}.get(fmt)
        if render is None:
            raise Http404
        agreement = agreement_selectors.agreement_get(access=self.access, agreement_id=agreement_id)
        return _document_response(render, agreement, agreement_document.file_name(agreement, fmt))


# --- Letters ------------------------------------------------------------------------------------


class LetterSerializer(fields.ModelSerializer):
    letter_type = ScopedRelated(LetterType, required=False, allow_null=True)
    partner = ScopedRelated(Partner, required=False, allow_null=True)
    agreement = ScopedRelated(Agreement, required=False, allow_null=True)
    programme = ScopedRelated(Programme, required=False, allow_null=True)
    documents = serializers.SerializerMethodField()

    class Meta:
        model = Letter
        fields = ["id", "direction", "stage", "letter_type", *letter_services.LETTER_FIELDS, "documents"]
        read_only_fields = ["stage"]
        extra_kwargs = {"correspondent": {"required": False}, "subject": {"required": False}}

    def get_documents(self, letter) -> dict:
        if not letter.is_outgoing:
            return {}
        kwargs = {"school_id": letter.school_id, "letter_id": letter.pk}
        return {
            fmt: reverse("api:letter_document", kwargs={**kwargs, "fmt": fmt}, request=self.context["request"])
            for fmt in DOCUMENT_TYPES
        }


class _LetterView(SchoolScopedView):
    serializer_class = LetterSerializer
    read_permission = "letters.view"
    write_permission = "letters.edit"

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "access": self.access}

    def get_queryset(self):
        return letter_selectors.letters_of(access=self.access)


class LetterList(_LetterView, generics.ListCreateAPIView):
    """POST with direction "out" drafts a letter of a type (letter_type, dated and correspondent or
    partner): the subject, body and other fields sent are kept as sent, and the type's template fills
    only those left out; with direction "in" it registers a received letter as given."""

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if data.pop("direction", None) == Letter.Direction.IN:
            letter = letter_services.letter_register(school=self.access.school, user=request.user, data=data)
        else:
            if data.get("letter_type") is None:
                raise serializers.ValidationError({"letter_type": [_("Choose the type of letter to draft.")]})
            letter = letter_services.letter_draft(
                school=self.access.school,
                user=request.user,
                letter_type=data["letter_type"],
                correspondent=data.get("correspondent", ""),
                dated=data["dated"],
                partner=data.get("partner"),
                agreement=data.get("agreement"),
                programme=data.get("programme"),
                language=data.get("language", "id"),
                written=data,  # what the client sent is kept; the type fills only what it left out
            )
        return Response(self.get_serializer(letter).data, status=status.HTTP_201_CREATED)


class LetterDetail(_LetterView, generics.RetrieveUpdateDestroyAPIView):
    lookup_url_kwarg = "letter_id"

    def update(self, request, *args, **kwargs):
        letter = self.get_object()
        serializer = self.get_serializer(letter, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = {k: v for k, v in serializer.validated_data.items() if k in letter_services.LETTER_FIELDS}
        letter = letter_services.letter_update(letter=letter, user=request.user, data=data)
        return Response(self.get_serializer(letter).data)

    def destroy(self, request, *args, **kwargs):
        letter_services.letter_delete(letter=self.get_object(), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class LetterIssue(_LetterView):
    def post(self, request, school_id, letter_id):
        letter = letter_selectors.letter_get(access=self.access, letter_id=letter_id)
        letter = letter_services.letter_issue(letter=letter, user=request.user)
        return Response(self.get_serializer(letter).data)


class LetterDocument(_LetterView):
    def get(self, request, school_id, letter_id, fmt):
        render = {"docx": letter_document.as_docx, "pdf": letter_document.as_pdf}.get(fmt)
        letter = letter_selectors.letter_get(access=self.access, letter_id=letter_id)
        if render is None or not letter.is_outgoing:
            raise Http404
        return _document_response(render, letter, letter_document.file_name(letter, fmt))
