from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from mitra.api import fields
from mitra.partners.models import Area, Contact, Partner
from mitra.schools.models import AcademicYear, School
from mitra.schools.phones import normalize_phone
from mitra.schools.services import SCHOOL_FIELDS


class PhoneSerializerField(fields.Text):
    def __init__(self, **kwargs):
        super().__init__(allow_blank=True, required=False, max_length=25, **kwargs)

    def to_internal_value(self, data):
        try:
            return normalize_phone(super().to_internal_value(data))
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None


class SchoolSerializer(fields.ModelSerializer):
    class Meta:
        model = School
        fields = ["id", "foundation", *SCHOOL_FIELDS]


class AcademicYearSerializer(fields.ModelSerializer):
    class Meta:
        model = AcademicYear
        fields = ["id", "name", "start_date", "second_semester_start", "end_date", "is_current"]


class PotentialSerializer(serializers.Serializer):
    area = serializers.ChoiceField(choices=Area.choices)
    description = fields.Text(max_length=300, allow_blank=True, required=False, default="")


class PartnerSerializer(fields.ModelSerializer):
    phone = PhoneSerializerField()
    potential = PotentialSerializer(many=True, required=False)
    archived = serializers.SerializerMethodField()

    class Meta:
        model = Partner
        fields = [
            "id",
            "name",
            "kind",
            "location",
            "status",
            "address",
            "region",
            "phone",
            "email",
            "website",
            "notes",
            "potential",
            "archived",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def get_archived(self, partner) -> bool:
        return partner.is_archived

    def to_representation(self, partner):
        data = super().to_representation(partner)
        potentials = getattr(partner, "potential_list", None)
        if potentials is None:
            potentials = partner.potentials.all()
        data["potential"] = [{"area": p.area, "description": p.description} for p in potentials]
        return data

    def validate_potential(self, value):
        areas = [item["area"] for item in value]
        if len(areas) != len(set(areas)):
            raise serializers.ValidationError(_("Each area may appear once."))
        return value

    def potentials(self) -> dict[str, str] | None:
        items = self.validated_data.get("potential")
        return None if items is None else {item["area"]: item.get("description", "") for item in items}


class ContactSerializer(fields.ModelSerializer):
    phone = PhoneSerializerField()
    whatsapp = PhoneSerializerField()

    class Meta:
        model = Contact
        fields = ["id", "name", "position", "phone", "whatsapp", "email", "is_primary"]
