from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.test import Client
from django.urls import reverse

from mitra.accounts.models import User
from mitra.schools.models import Membership
from mitra.schools.roles import Role


def test_a_principal_invites_a_teacher_who_then_chooses_a_password_and_accepts(
    principal_client, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = principal_client.post(
            reverse("schools:member_invite", kwargs={"school_id": world.a.pk}),
            {"email": "guru.baru@example.org", "first_name": "Guru", "role": "team_member"},
        )
    assert response.status_code == 302
    person = User.objects.get(email="guru.baru@example.org")
    assert not person.has_usable_password()
    assert not Membership.objects.filter(user=person, school=world.a).exists()
    assert len(mail.outbox) == 1 and "SMP A" in mail.outbox[0].subject
    assert "Anggota tim" in mail.outbox[0].body or "Team member" in mail.outbox[0].body
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password/reset/" in line)
    assert default_token_generator.check_token(person, link.rstrip("/").split("/")[-1])
    client = Client()
    client.force_login(person)
    home = client.get(reverse("home"))
    assert home.status_code == 200 and [i.school for i in home.context["invitations"]] == [world.a]
    invitation = home.context["invitations"][0]
    response = client.post(reverse("invitation_answer", kwargs={"invitation_id": invitation.pk, "answer": "accept"}))
    assert response.status_code == 302
    assert Membership.objects.get(user=person, school=world.a).role == Role.TEAM_MEMBER


def test_an_existing_account_joins_a_second_school_when_it_accepts(principal_client, world):
    sibling = world.users["sibling"]
    principal_client.post(
        reverse("schools:member_invite", kwargs={"school_id": world.a.pk}),
        {"email": "SIBLING@example.org", "first_name": "S", "role": "team_member"},
    )
    assert set(sibling.memberships.values_list("school", flat=True)) == {world.b.pk}
    client = Client()
    client.force_login(sibling)
    invitation = client.get(reverse("invitations")).context["invitations"][0]
    client.post(reverse("invitation_answer", kwargs={"invitation_id": invitation.pk, "answer": "accept"}))
    assert set(sibling.memberships.values_list("school", flat=True)) == {world.a.pk, world.b.pk}


def test_a_partner_representative_needs_a_partner(principal_client, world):
    response = principal_client.post(
        reverse("schools:member_invite", kwargs={"school_id": world.a.pk}),
        {"email": "rep@example.org", "first_name": "Rep", "role": "partner_rep"},
    )
    assert response.status_code == 200 and "partner" in response.context["form"].errors
    assert not User.objects.filter(email="rep@example.org").exists()


def test_deactivating_ends_the_persons_sessions_at_once(principal_client, world):
    spare = world.spare_member.user
    client = Client()
    client.force_login(spare)
    dashboard = reverse("reports:dashboard", kwargs={"school_id": world.a.pk})
    assert client.get(dashboard).status_code == 200
    principal_client.post(
        reverse("schools:member_deactivate", kwargs={"school_id": world.a.pk, "member_id": world.spare_member.pk})
    )
    response = client.get(dashboard)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    spare.refresh_from_db()
    assert spare.is_active is False


def test_deactivating_in_one_school_leaves_the_other(client, world):
    guru = world.users["sibling"]
    Membership.objects.create(user=guru, school=world.a, role=Role.TEAM_MEMBER)
    membership = Membership.objects.get(user=guru, school=world.a)
    client.force_login(world.users["principal"])
    client.post(reverse("schools:member_deactivate", kwargs={"school_id": world.a.pk, "member_id": membership.pk}))
    client.force_login(guru)
    assert client.get(reverse("reports:dashboard", kwargs={"school_id": world.a.pk})).status_code == 404
    assert client.get(reverse("reports:dashboard", kwargs={"school_id": world.b.pk})).status_code == 200


def test_a_principal_cannot_deactivate_themself(principal_client, world):
    own = Membership.objects.get(user=world.users["principal"], school=world.a)
    principal_client.post(reverse("schools:member_deactivate", kwargs={"school_id": world.a.pk, "member_id": own.pk}))
    own.refresh_from_db()
    assert own.is_active


def test_a_user_in_two_schools_chooses_where_to_work(client, world):
    guru = world.users["sibling"]
    Membership.objects.create(user=guru, school=world.a, role=Role.TEAM_MEMBER)
    client.force_login(guru)
    page = client.get(reverse("home"))
    assert page.status_code == 200
    assert [s.pk for s in page.context["places"]["schools"]] == [world.b.pk, world.a.pk]


def test_a_school_year_must_have_its_dates_in_order(principal_client, world):
    response = principal_client.post(
        reverse("schools:year_create", kwargs={"school_id": world.a.pk}),
        {
            "name": "2026/2027",
            "start_date": "2026-07-01",
            "second_semester_start": "2026-06-01",
            "end_date": "2027-06-30",
        },
    )
    assert response.status_code == 200
    assert "harus berurutan" in response.content.decode()


def test_one_current_school_year(principal_client, world):
    principal_client.post(
        reverse("schools:year_set_current", kwargs={"school_id": world.a.pk, "year_id": world.old_year.pk})
    )
    world.year.refresh_from_db()
    world.old_year.refresh_from_db()
    assert world.old_year.is_current and not world.year.is_current


def test_invalid_npsn_and_nsm_are_refused_with_a_clear_message(principal_client, world):
    response = principal_client.post(
        reverse("schools:edit", kwargs={"school_id": world.a.pk}),
        {"name": "SMP A", "level": "smp", "npsn": "123", "nsm": "999999999999", "email": "x@", "hijri_offset": "0"},
    )
    errors = response.context["form"].errors
    assert set(errors) == {"npsn", "nsm", "email"}
    assert "8 huruf atau angka" in str(errors["npsn"])
    world.a.refresh_from_db()
    assert world.a.npsn == "11111111"


def test_the_people_list_searches_and_pages(principal_client, world):
    from tests.conftest import make_user

    for i in range(30):
        Membership.objects.create(user=make_user(f"guru{i:02}"), school=world.a, role=Role.TEAM_MEMBER)
    url = reverse("schools:members", kwargs={"school_id": world.a.pk})
    assert len(principal_client.get(url).context["page"].object_list) == 25
    found = principal_client.get(url, {"q": "guru07@example"}).context["page"].object_list
    assert [m.user.username for m in found] == ["guru07"]


def test_the_foundation_lists_only_its_schools_searchably(client, world):
    client.force_login(world.users["foundation_viewer"])
    url = reverse("foundations:overview", kwargs={"foundation_id": world.f1.pk})
    rows = client.get(url).context["rows"]
    assert [r["school"].pk for r in rows] == [world.b.pk, world.a.pk]  # by name: "MI B", "SMP A"
    assert [r["partners"] for r in rows] == [0, 2]
    assert [r["school"].pk for r in client.get(url, {"q": "11111111"}).context["rows"]] == [world.a.pk]


def test_a_representative_is_offered_only_the_schools_partners_in_use(principal_client, world):
    """The partner choices come from the partners app (schools/hooks.py): this school's, not archived."""
    from mitra.partners.services import partner_archive

    partner_archive(partner=world.other_partner, user=world.users["principal"])
    form = principal_client.get(reverse("schools:member_invite", kwargs={"school_id": world.a.pk})).context["form"]
    assert [p.pk for p in form.fields["partner"].queryset] == [world.partner.pk]
