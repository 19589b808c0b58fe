"""An answering link is handed over as people do: copied into a message, sent on WhatsApp with a
greeting, or scanned as a QR code from the screen or a printed slip (issue 24)."""

import re
from urllib.parse import parse_qs, urlsplit

import segno
from django.urls import reverse
from django.utils import timezone


def test_the_round_page_offers_copy_whatsapp_and_a_qr_code_for_a_working_link(client, evaluation_world):
    world = evaluation_world
    client.force_login(world.users["coordinator"])
    page = client.get(reverse("evaluation:round", args=[world.a.pk, world.round.pk])).content.decode()
    link = "http://testserver" + reverse("answer_by_link", args=[world.link.token])

    assert f'readonly value="{link}"' in page
    assert f'data-copy="#link-{world.link.pk}"' in page
    whatsapp = re.search(r'href="(https://wa\.me/\?text=[^"]+)"', page).group(1)
    text = parse_qs(urlsplit(whatsapp.replace("&amp;", "&")).query)["text"][0]
    assert text.startswith("Assalamu'alaikum.") and text.endswith(link) and world.round.title in text

    # The QR code is the link itself: drawn here the same way, its path is on the page.
    drawn = segno.make(link, error="m").svg_inline(scale=4, omitsize=True)
    path = re.search(r'class="qrline"[^>]* d="([^"]+)"', drawn).group(1)
    assert path in page
    assert 'aria-label="QR code of the link"' in page  # this coordinator reads English


def test_a_stopped_link_is_shown_but_not_offered_for_sharing(client, evaluation_world):
    world = evaluation_world
    world.link.revoked_at = timezone.now()
    world.link.save(update_fields=["revoked_at"])
    client.force_login(world.users["coordinator"])
    page = client.get(reverse("evaluation:round", args=[world.a.pk, world.round.pk])).content.decode()
    assert reverse("answer_by_link", args=[world.link.token]) in page
    assert f'data-copy="#link-{world.link.pk}"' not in page and "wa.me/?text=" not in page


def test_each_printed_slip_carries_its_qr_code(client, evaluation_world):
    world = evaluation_world
    client.force_login(world.users["coordinator"])
    page = client.get(reverse("evaluation:links_print", args=[world.a.pk, world.round.pk])).content.decode()
    slips = page.count('<div class="slip">')
    assert slips == page.count('class="qr"') and slips >= 1


def test_the_whatsapp_message_carries_the_title_as_typed(client, evaluation_world):
    """Apostrophes and ampersands arrive in the chat as written, not as HTML escapes."""
    world = evaluation_world
    world.round.title = "Evaluasi Jum'at & orang tua <kelas 7>"
    world.round.save(update_fields=["title"])
    client.force_login(world.users["coordinator"])
    page = client.get(reverse("evaluation:round", args=[world.a.pk, world.round.pk])).content.decode()
    whatsapp = re.search(r'href="(https://wa\.me/\?text=[^"]+)"', page).group(1)
    text = parse_qs(urlsplit(whatsapp.replace("&amp;", "&")).query)["text"][0]
    assert "“Evaluasi Jum'at & orang tua <kelas 7>”" in text
