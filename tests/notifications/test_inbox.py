from django.urls import reverse

from mitra.notifications.models import Event, Notification
from mitra.notifications.services import notify


def test_a_person_sees_only_their_own_notices_and_can_mark_them_read(client, world):
    principal, coordinator = world.users["principal"], world.users["coordinator"]
    notify(school=world.a, users=[principal], event=Event.NEWS, message=lambda lang: "Kesepakatan UKS berakhir")
    notify(school=world.a, users=[coordinator], event=Event.NEWS, message=lambda lang: "Untuk koordinator")
    client.force_login(principal)
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "Kesepakatan UKS berakhir" in page and "Untuk koordinator" not in page
    assert '<span class="count">1<span class="visually-hidden">' in page  # the bell's count, read out as "1 unread"
    client.post(reverse("notifications:read_all"))
    assert not Notification.all_schools.filter(user=principal, read_at__isnull=True).exists()
    assert Notification.all_schools.filter(user=coordinator, read_at__isnull=True).exists()
    assert '<span class="count">' not in client.get(reverse("notifications:inbox")).content.decode()
