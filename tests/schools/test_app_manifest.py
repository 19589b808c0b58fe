"""Mitra can be put on a phone's home screen (issue 25, part 1): every page links the manifest; the
manifest names the app in the reader's language, opens at "/" (the person's last school), and its
icons are real PNG files of the sizes it says."""

import json

from django.contrib.staticfiles import finders
from django.urls import reverse
from PIL import Image


def test_every_page_links_the_manifest_and_the_manifest_describes_the_app(client, world):
    login = client.get(reverse("accounts:login")).content.decode()
    assert f'<link rel="manifest" href="{reverse("manifest")}">' in login
    response = client.get(reverse("manifest"))
    assert response.status_code == 200 and response["Content-Type"] == "application/manifest+json"
    found = json.loads(response.content)
    assert found["name"] == "Mitra" and found["display"] == "standalone"
    assert found["start_url"].startswith("/") and found["scope"] == "/" and found["lang"] == "id"
    assert "Kemitraan sekolah" in found["description"]
    purposes = set()
    for icon in found["icons"]:
        path = finders.find(icon["src"].removeprefix("/static/"))
        with Image.open(path) as image:
            assert f"{image.width}x{image.height}" == icon["sizes"] and image.format == "PNG"
        purposes.add(icon["purpose"])
    assert purposes == {"any", "maskable"}


def test_the_manifest_speaks_the_readers_language(client, world):
    person = world.users["team_member"]
    person.language = "en"
    person.save(update_fields=["language"])
    client.force_login(person)
    found = json.loads(client.get(reverse("manifest")).content)
    assert found["lang"] == "en" and found["description"].startswith("School partnerships")
