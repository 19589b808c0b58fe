"""The activity list shows each activity's first photo, small (issue 24): the evidence a report will
show is visible at a glance, and an activity without one stands out."""

import io
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from mitra.activities import services


def _photo(name="foto.jpg") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (800, 600), (30, 120, 80)).save(out, format="JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def test_an_activity_with_a_photo_shows_its_thumbnail_and_one_without_shows_none(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    user = world.users["coordinator"]
    with_photo = services.quick_record(
        school=world.a, user=user, partner=world.partner, sentence="Kerja bakti", photo=_photo()
    )
    without = services.quick_record(school=world.a, user=user, partner=world.partner, sentence="Rapat tanpa foto")
    client.force_login(user)
    page = client.get(reverse("activities:home", args=[world.a.pk])).content.decode()
    evidence = with_photo.evidence.get()
    thumb = reverse("activities:evidence_thumbnail", args=[world.a.pk, with_photo.pk, evidence.pk])
    assert f'class="thumb" src="{thumb}"' in page
    row = re.search(r"<li[^>]*>(?:(?!</li>).)*Rapat tanpa foto(?:(?!</li>).)*</li>", page, re.S).group(0)
    assert 'class="thumb"' not in row and without.title in row
    picture = client.get(thumb)
    assert picture.status_code == 200 and picture["Content-Type"] == "image/jpeg"
