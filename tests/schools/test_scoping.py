"""School data cannot be read without naming the school."""

import pytest
from django.apps import apps
from django.db import connection

from mitra.history.models import Change
from mitra.partners.models import Contact, Partner, Potential
from mitra.schools.models import AcademicYear
from mitra.schools.scoping import SchoolOwned, SchoolScopeMissing

SCHOOL_OWNED = [m for m in apps.get_models() if issubclass(m, SchoolOwned)]


def test_the_school_owned_models_are_the_ones_we_expect():
    assert {Partner, Contact, Potential, AcademicYear, Change} <= set(SCHOOL_OWNED)


@pytest.mark.parametrize("model", SCHOOL_OWNED, ids=lambda m: m._meta.label)
def test_it_refuses_a_query_without_a_school(db, model):
    with pytest.raises(SchoolScopeMissing):
        list(model.objects.all())
    with pytest.raises(SchoolScopeMissing):
        model.objects.filter(pk=1).exists()
    with pytest.raises(SchoolScopeMissing):
        model.objects.for_school(None)


@pytest.mark.parametrize("model", SCHOOL_OWNED, ids=lambda m: m._meta.label)
def test_every_school_owned_table_has_a_non_null_school_column(db, model):
    columns = {
        c.name: c for c in connection.introspection.get_table_description(connection.cursor(), model._meta.db_table)
    }
    assert "school_id" in columns
    assert not columns["school_id"].null_ok


def test_it_returns_only_the_named_schools_rows(world):
    assert set(Partner.objects.for_school(world.a).values_list("pk", flat=True)) == {
        world.partner.pk,
        world.other_partner.pk,
    }
    assert list(Partner.objects.for_school(world.c).values_list("pk", flat=True)) == [world.c_partner.pk]


def test_a_contact_carries_the_school_of_its_partner(world):
    from mitra.partners import services

    contact = services.contact_create(partner=world.partner, user=world.users["principal"], fields={"name": "X"})
    assert contact.school_id == world.partner.school_id == world.a.pk


def test_a_choice_label_is_said_in_the_language_asked_and_an_unknown_value_as_it_is(world):
    from django.utils import translation

    from tests.conftest import make_partner

    partner = make_partner(world.a, "Puskesmas Bahasa", kind=Partner.Kind.HEALTH)
    with translation.override("en"):
        in_english = partner.get_kind_display()
        assert in_english == str(Partner.Kind.HEALTH.label)
    with translation.override("id"):
        in_indonesian = partner.get_kind_display()
        assert in_indonesian == str(Partner.Kind.HEALTH.label)
    assert in_english != in_indonesian
    partner.kind = "not-a-kind"  # an old value no longer among the choices
    assert partner.get_kind_display() == "not-a-kind"
