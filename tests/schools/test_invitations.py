"""Who may give whom which role, and nobody attached to a school unasked (issue 21).

A principal used to "invite" an existing account by e-mail and attach it at once with any role —
the foundation's own administrator included, who then lost the foundation's view of that school.
"""

from django.core import mail
from django.test import Client
from django.urls import reverse

from mitra.history.models import Change
from mitra.notifications.models import Event, Notification
from mitra.schools.models import Invitation, Membership
from mitra.schools.roles import GRANTS, SCHOOL_ROLES, Role, grantable_by


def _invite(client, world, **data):
    return client.post(
        reverse("schools:member_invite", kwargs={"school_id": world.a.pk}),
        {"first_name": "Tamu", **data},
    )


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _answer(person, invitation, answer="accept"):
    return _as(person).post(reverse("invitation_answer", kwargs={"invitation_id": invitation.pk, "answer": answer}))


def test_grants_are_decided_in_roles_only_school_roles_from_a_school():
    assert set(GRANTS) == {Role.PRINCIPAL, Role.FOUNDATION_ADMIN}
    for granter in Role:
        given = grantable_by(granter)
        assert Role.FOUNDATION_ADMIN not in given and Role.FOUNDATION_VIEWER not in given
        assert set(given) <= set(SCHOOL_ROLES)
    assert grantable_by(Role.COORDINATOR) == ()


def test_inviting_the_foundations_admin_attaches_nothing_until_they_accept(principal_client, world):
    admin = world.users["foundation_admin"]
    response = _invite(principal_client, world, email=admin.email, role="team_member")
    assert response.status_code == 302
    assert not Membership.objects.filter(user=admin).exists()
    # the foundation keeps its view and its hand on the school's people
    foundation = _as(admin)
    for name in ("schools:members", "schools:profile", "schools:member_invite"):
        assert foundation.get(reverse(name, kwargs={"school_id": world.a.pk})).status_code == 200
    # the person is told, in the app and by e-mail
    notice = Notification.all_schools.get(user=admin, event=Event.ACCESS)
    assert "SMP A" in notice.text and notice.url == reverse("invitations")


def test_a_foundation_officer_who_accepts_a_school_role_keeps_the_foundations_powers(world):
    admin = world.users["foundation_admin"]
    _invite(_as(world.users["principal"]), world, email=admin.email, role="team_member")
    _answer(admin, Invitation.objects.get(user=admin))
    membership = Membership.objects.get(user=admin, school=world.a)
    assert membership.role == Role.TEAM_MEMBER
    foundation = _as(admin)
    for name in ("schools:members", "schools:profile", "schools:edit", "schools:member_invite"):
        url = reverse(name, kwargs={"school_id": world.a.pk})
        assert foundation.get(url).status_code == 200, name
    # and can undo what was done to them: end that school place without losing the foundation's view
    foundation.post(reverse("schools:member_deactivate", kwargs={"school_id": world.a.pk, "member_id": membership.pk}))
    membership.refresh_from_db()
    admin.refresh_from_db()
    assert not membership.is_active and admin.is_active
    assert foundation.get(reverse("schools:members", kwargs={"school_id": world.a.pk})).status_code == 200


def test_a_team_member_who_is_also_foundation_admin_does_not_approve_as_the_principal(world):
    from mitra.planning import services as planning

    admin = world.users["foundation_admin"]
    Membership.objects.create(user=admin, school=world.a, role=Role.TEAM_MEMBER)
    planning.plan_submit(plan=world.plan, user=world.users["coordinator"])
    response = _as(admin).post(
        reverse("planning:plan_approve", kwargs={"school_id": world.a.pk, "plan_id": world.plan.pk})
    )
    world.plan.refresh_from_db()
    assert world.plan.status == world.plan.Status.SUBMITTED, response


def test_the_invite_form_reveals_no_account_of_another_school(principal_client, world):
    outsider = world.users["outsider"]  # a principal in another foundation's school
    outsider.first_name, outsider.last_name = "Rahasia", "Sekali"
    outsider.save()
    response = _invite(principal_client, world, email=outsider.email, role="coordinator")
    new = _invite(principal_client, world, email="belum.ada@example.org", role="coordinator")
    assert response.status_code == new.status_code == 302
    page = principal_client.get(reverse("schools:members", kwargs={"school_id": world.a.pk}), follow=True)
    text = page.content.decode()
    assert "Rahasia" not in text and "Sekali" not in text
    assert outsider.email in text and "belum.ada@example.org" in text  # both shown alike, as typed
    messages = [str(m) for m in page.context["messages"]] if page.context.get("messages") else []
    assert not any("Rahasia" in m for m in messages)


def test_a_principal_cannot_give_a_foundation_role(principal_client, world):
    response = _invite(principal_client, world, email="x@example.org", role="foundation_admin")
    assert response.status_code == 200 and "role" in response.context["form"].errors
    assert not Invitation.objects.exists()
    spare = world.spare_member
    response = principal_client.post(
        reverse("schools:member_edit", kwargs={"school_id": world.a.pk, "member_id": spare.pk}),
        {"role": "foundation_viewer"},
    )
    assert response.status_code == 200 and "role" in response.context["form"].errors
    spare.refresh_from_db()
    assert spare.role == Role.TEAM_MEMBER


def test_a_role_change_is_in_the_history_and_tells_the_person(
    principal_client, world, django_capture_on_commit_callbacks
):
    spare = world.spare_member
    with django_capture_on_commit_callbacks(execute=True):
        principal_client.post(
            reverse("schools:member_edit", kwargs={"school_id": world.a.pk, "member_id": spare.pk}),
            {"role": "coordinator"},
        )
    spare.refresh_from_db()
    assert spare.role == Role.COORDINATOR
    change = Change.all_schools.filter(school=world.a, target_id=spare.pk, action=Change.Action.UPDATE).latest("at")
    assert change.actor == world.users["principal"] and "role" in change.fields
    notice = Notification.all_schools.get(user=spare.user, event=Event.ACCESS)
    assert "SMP A" in notice.text
    assert [m.to for m in mail.outbox] == [[spare.user.email]]


def test_deactivation_tells_the_person(principal_client, world):
    spare = world.spare_member
    principal_client.post(reverse("schools:member_deactivate", kwargs={"school_id": world.a.pk, "member_id": spare.pk}))
    assert Notification.all_schools.filter(user=spare.user, event=Event.ACCESS).count() == 1


def test_an_invitation_is_answered_once_by_its_person_only(principal_client, world):
    sibling = world.users["sibling"]
    _invite(principal_client, world, email=sibling.email, role="admin_staff")
    invitation = Invitation.objects.get(user=sibling)
    assert _answer(world.users["outsider"], invitation).status_code == 404
    assert _answer(sibling, invitation, "decline").status_code == 302
    assert not Membership.objects.filter(user=sibling, school=world.a).exists()
    _answer(sibling, invitation)  # too late: declined stays declined
    assert not Membership.objects.filter(user=sibling, school=world.a).exists()


def test_a_withdrawn_invitation_cannot_be_accepted(principal_client, world):
    sibling = world.users["sibling"]
    _invite(principal_client, world, email=sibling.email, role="admin_staff")
    invitation = Invitation.objects.get(user=sibling)
    principal_client.post(
        reverse("schools:invitation_withdraw", kwargs={"school_id": world.a.pk, "invitation_id": invitation.pk})
    )
    _answer(sibling, invitation)
    assert not Membership.objects.filter(user=sibling, school=world.a).exists()


def test_inviting_twice_says_so(principal_client, world):
    _invite(principal_client, world, email="dua@example.org", role="team_member")
    response = _invite(principal_client, world, email="DUA@example.org", role="team_member")
    assert response.status_code == 200 and "email" in response.context["form"].errors
    assert Invitation.objects.count() == 1


def test_an_invitation_gives_only_what_its_inviter_may_still_give(principal_client, world):
    """Found in review: a principal who left could still make someone principal through an old invitation."""
    sibling = world.users["sibling"]
    _invite(principal_client, world, email=sibling.email, role="principal")
    invitation = Invitation.objects.get(user=sibling)
    Membership.objects.filter(user=world.users["principal"], school=world.a).update(is_active=False)
    _answer(sibling, invitation)
    assert not Membership.objects.filter(user=sibling, school=world.a).exists()
    invitation.refresh_from_db()
    assert invitation.is_open  # the school still sees it, and may withdraw it


def test_an_old_invitation_expires_and_may_be_sent_again(principal_client, world):
    import datetime

    from django.utils import timezone

    sibling = world.users["sibling"]
    _invite(principal_client, world, email=sibling.email, role="team_member")
    Invitation.objects.filter(user=sibling).update(created_at=timezone.now() - datetime.timedelta(days=31))
    assert _as(sibling).get(reverse("invitations")).context["invitations"].count() == 0
    assert _invite(principal_client, world, email=sibling.email, role="team_member").status_code == 302
    assert Invitation.objects.filter(user=sibling, answered_at__isnull=True).count() == 1


def test_nobody_changes_their_own_role(principal_client, world):
    own = Membership.objects.get(user=world.users["principal"], school=world.a)
    response = principal_client.post(
        reverse("schools:member_edit", kwargs={"school_id": world.a.pk, "member_id": own.pk}), {"role": "team_member"}
    )
    assert response.status_code == 200 and "role" in response.context["form"].errors
    own.refresh_from_db()
    assert own.role == Role.PRINCIPAL


def test_an_invitation_does_not_reopen_a_closed_account(principal_client, world):
    outsider = world.users["outsider"]
    outsider.is_active = False
    outsider.save()
    _invite(principal_client, world, email=outsider.email, role="team_member")
    outsider.refresh_from_db()
    assert outsider.is_active is False


def test_an_account_that_never_chose_a_password_gets_the_link_again(
    principal_client, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(principal_client, world, email="baru@example.org", role="team_member")
    other = _as(world.users["sibling"])  # the principal of school B invites the same new person
    with django_capture_on_commit_callbacks(execute=True):
        other.post(
            reverse("schools:member_invite", kwargs={"school_id": world.b.pk}),
            {"email": "baru@example.org", "first_name": "Baru", "role": "team_member"},
        )
    links = [m for m in mail.outbox if m.to == ["baru@example.org"] and "/password/reset/" in m.body]
    assert len(links) == 2 and "MI B" in links[1].subject
