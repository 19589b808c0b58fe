import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from mitra.history.models import Change
from mitra.history.selectors import history_for
from mitra.partners import services
from mitra.partners.models import Partner


def test_it_detects_a_duplicate_whatever_the_case_and_spacing(world):
    with pytest.raises(ValidationError) as caught:
        services.partner_create(
            school=world.a,
            user=world.users["principal"],
            fields={"name": "  puskesmas   KERGON ", "kind": "health_centre"},
        )
    assert "name" in caught.value.message_dict
    assert Partner.objects.for_school(world.a).count() == 2


def test_the_same_name_is_fine_in_another_school(world):
    partner = services.partner_create(
        school=world.b, user=world.users["sibling"], fields={"name": "Puskesmas Kergon", "kind": "health_centre"}
    )
    assert partner.school == world.b


def test_renaming_onto_another_partner_is_refused(world):
    with pytest.raises(ValidationError):
        services.partner_update(
            partner=world.other_partner, user=world.users["principal"], fields={"name": "PUSKESMAS kergon"}
        )
    world.other_partner.refresh_from_db()
    assert world.other_partner.name == "Polsek Barat"


def test_it_records_who_changed_which_field(world):
    services.partner_update(
        partner=world.partner,
        user=world.users["coordinator"],
        fields={"status": "inactive", "region": "Pekalongan"},
        potentials={"health": "Penyuluhan", "literacy": ""},
    )
    change = Change.objects.for_school(world.a).get(target_id=world.partner.pk, action="update")
    assert change.actor == world.users["coordinator"]
    assert change.fields["status"] == ["active", "inactive"]
    assert change.fields["region"] == ["", "Pekalongan"]
    assert change.fields["potential"] == ["health: Penyuluhan", "health: Penyuluhan; literacy"]
    assert "name" not in change.fields
    shown = {f["label"]: f for f in history_for(school=world.a, anchor=world.partner)[0]["fields"]}
    assert shown["yang dapat ditawarkan mitra"]["new"] == "Kesehatan: Penyuluhan; Literasi"
    assert shown["status"]["new"] == "Tidak aktif"


def test_an_update_that_changes_nothing_records_nothing(world):
    services.partner_update(partner=world.partner, user=world.users["principal"], fields={"name": world.partner.name})
    assert not Change.objects.for_school(world.a).filter(action="update").exists()


def test_deleting_a_contact_keeps_what_it_was(world):
    services.contact_delete(contact=world.contact, user=world.users["principal"])
    change = Change.objects.for_school(world.a).get(action="delete")
    assert change.anchor_id == world.partner.pk
    assert change.fields["name"] == ["dr. Ratna", ""]


def test_only_one_main_contact_per_partner(world):
    services.contact_create(
        partner=world.partner, user=world.users["principal"], fields={"name": "Baru", "is_primary": True}
    )
    world.contact.refresh_from_db()
    assert world.contact.is_primary is False
    assert world.partner.contacts.filter(is_primary=True).count() == 1


def test_archiving_and_restoring(world):
    services.partner_archive(partner=world.partner, user=world.users["principal"])
    assert world.partner.is_archived
    services.partner_restore(partner=world.partner, user=world.users["principal"])
    world.partner.refresh_from_db()
    assert not world.partner.is_archived
    assert Change.objects.for_school(world.a).filter(target_id=world.partner.pk, action="update").count() == 2


def test_a_link_is_recorded_by_name_not_by_id(world):
    contact = services.contact_create(partner=world.partner, user=world.users["principal"], fields={"name": "Baru"})
    change = Change.objects.for_school(world.a).get(
        target_type=ContentType.objects.get_for_model(contact), target_id=contact.pk, action="create"
    )
    assert change.fields["partner"] == ["", "Puskesmas Kergon"]
