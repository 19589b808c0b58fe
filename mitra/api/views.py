"""REST API v1: the same services, the same school scoping and the same roles as the web pages."""

from django.shortcuts import render
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.response import Response

from mitra.api import fields
from mitra.api.schema import refuse_unknown_query
from mitra.api.serializers import AcademicYearSerializer, ContactSerializer, PartnerSerializer, SchoolSerializer
from mitra.partners import selectors as partner_selectors
from mitra.partners import services as partner_services
from mitra.schools.access import access_for, places_for
from mitra.schools.models import AcademicYear


class SchoolScopedView(generics.GenericAPIView):
    """Resolves `school_id` to the caller's access; reading and writing need named capabilities."""

    read_permission = "school.view_cycle"
    write_permission = None
    # Query parameters the schema does not document are refused (api/schema.py); a view whose filters
    # are another page's (an export) says so here.
    strict_query = True

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.access = access_for(request.user, kwargs["school_id"])
        if self.strict_query:
            refuse_unknown_query(request)
        write = request.method not in ("GET", "HEAD", "OPTIONS")
        if write and self.write_permission is None:
            # A read-only resource: any other method (TRACE included) is refused before any check.
            raise exceptions.MethodNotAllowed(request.method)
        self.access.require(self.write_permission if write else self.read_permission, request)


class SchoolList(generics.ListAPIView):
    """The schools the caller belongs to, or oversees as a foundation officer."""

    serializer_class = SchoolSerializer

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        refuse_unknown_query(request)

    def get_queryset(self):
        return places_for(self.request.user)["schools"]


class SchoolDetail(SchoolScopedView, generics.RetrieveAPIView):
    serializer_class = SchoolSerializer
    read_permission = "school.view"

    def get_object(self):
        return self.access.school


class AcademicYearList(SchoolScopedView, generics.ListAPIView):
    serializer_class = AcademicYearSerializer

    def get_queryset(self):
        return AcademicYear.objects.for_school(self.access.school).order_by("-start_date")


PARTNER_FILTERS = [
    OpenApiParameter("q", str, description="Search in name, region, contacts and notes"),
    OpenApiParameter("kind", str),
    OpenApiParameter("location", str, description="local, national or abroad"),
    OpenApiParameter("status", str),
    OpenApiParameter("area", str, description="Partners that can offer in this area"),
    OpenApiParameter("archived", bool, description="Archived partners instead of current ones"),
]


class PartnerList(SchoolScopedView, generics.ListCreateAPIView):
    serializer_class = PartnerSerializer
    read_permission = "partners.view"
    write_permission = "partners.edit"

    def get_queryset(self):
        params = self.request.query_params
        return partner_selectors.partner_list(
            access=self.access,
            q=params.get("q", "")[:100],
            kind=params.get("kind", ""),
            location=params.get("location", ""),
            status=params.get("status", ""),
            area=params.get("area", ""),
            archived=fields.query_flag(params, "archived"),
        )

    @extend_schema(parameters=PARTNER_FILTERS)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = {k: v for k, v in serializer.validated_data.items() if k != "potential"}
        partner = partner_services.partner_create(
            school=self.access.school, user=request.user, fields=fields, potentials=serializer.potentials()
        )
        return Response(self.get_serializer(partner).data, status=status.HTTP_201_CREATED)


class PartnerDetail(SchoolScopedView, generics.RetrieveUpdateDestroyAPIView):
    """DELETE archives the partner: its history and links stay."""

    serializer_class = PartnerSerializer
    read_permission = "partners.view"

    @property
    def write_permission(self):
        return "partners.archive" if self.request.method == "DELETE" else "partners.edit"

    def get_object(self):
        return partner_selectors.partner_get(access=self.access, partner_id=self.kwargs["partner_id"])

    def update(self, request, *args, **kwargs):
        partner = self.get_object()
        serializer = self.get_serializer(partner, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        fields = {k: v for k, v in serializer.validated_data.items() if k != "potential"}
        partner_services.partner_update(
            partner=partner, user=request.user, fields=fields, potentials=serializer.potentials()
        )
        return Response(self.get_serializer(partner).data)

    def destroy(self, request, *args, **kwargs):
        partner_services.partner_archive(partner=self.get_object(), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ContactList(SchoolScopedView, generics.ListCreateAPIView):
    serializer_class = ContactSerializer
    read_permission = "partners.view"
    write_permission = "partners.edit"

    def partner(self):
        return partner_selectors.partner_get(access=self.access, partner_id=self.kwargs["partner_id"])

    def get_queryset(self):
        return partner_selectors.contacts_of(access=self.access, partner=self.partner())

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        contact = partner_services.contact_create(
            partner=self.partner(), user=request.user, fields=serializer.validated_data
        )
        return Response(self.get_serializer(contact).data, status=status.HTTP_201_CREATED)


class ContactDetail(SchoolScopedView, generics.RetrieveUpdateDestroyAPIView):
    serializer_class = ContactSerializer
    read_permission = "partners.view"
    write_permission = "partners.edit"

    def get_object(self):
        partner = partner_selectors.partner_get(access=self.access, partner_id=self.kwargs["partner_id"])
        return partner_selectors.contact_get(access=self.access, partner=partner, contact_id=self.kwargs["contact_id"])

    def update(self, request, *args, **kwargs):
        contact = self.get_object()
        serializer = self.get_serializer(contact, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        partner_services.contact_update(contact=contact, user=request.user, fields=serializer.validated_data)
        return Response(self.get_serializer(contact).data)

    def destroy(self, request, *args, **kwargs):
        partner_services.contact_delete(contact=self.get_object(), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


def docs(request):
    """A light, server-rendered reading of the OpenAPI schema (no outside scripts)."""
    schema = SchemaGenerator(patterns=None, urlconf="config.urls").get_schema(request=None, public=True)
    operations = []
    for path, methods in schema.get("paths", {}).items():
        for method, operation in methods.items():
            operations.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary") or operation.get("description", "").split("\n")[0],
                    "parameters": [p["name"] for p in operation.get("parameters", [])],
                }
            )
    return render(request, "api/docs.html", {"schema": schema, "operations": operations})
