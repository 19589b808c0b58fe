from django.urls import reverse

from mitra.files.models import StoredFile
from tests.conftest import png_upload


def edit(client, world, **extra):
    data = {"name": "SMP A", "level": "smp", "npsn": "11111111", "hijri_offset": "0", **extra}
    return client.post(reverse("schools:edit", kwargs={"school_id": world.a.pk}), data)


def test_a_principal_replaces_the_logo(principal_client, world, django_capture_on_commit_callbacks):
    old = world.a.logo
    with django_capture_on_commit_callbacks(execute=True):
        response = edit(principal_client, world, logo_upload=png_upload("baru.png"))
    assert response.status_code == 302
    world.a.refresh_from_db()
    assert world.a.logo.original_name == "baru.png"
    assert not StoredFile.all_schools.filter(pk=old.pk).exists()
    logo = principal_client.get(reverse("schools:logo", kwargs={"school_id": world.a.pk}))
    assert logo["Content-Type"] == "image/png"
    assert logo["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in logo["Content-Security-Policy"]
    assert logo["Content-Disposition"].startswith("inline")


def test_an_svg_logo_is_refused_in_indonesian_and_nothing_is_saved(principal_client, world):
    svg = png_upload("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    response = edit(principal_client, world, name="Nama Baru", logo_upload=svg)
    assert response.status_code == 200
    assert "bukan gambar PNG atau JPEG" in str(response.context["form"].errors["logo_upload"])
    world.a.refresh_from_db()
    assert world.a.name == "SMP A"
    assert StoredFile.all_schools.count() == 1


def test_the_logo_of_another_school_is_not_served(client, world):
    client.force_login(world.users["outsider"])
    assert client.get(reverse("schools:logo", kwargs={"school_id": world.a.pk})).status_code == 404


def test_there_is_no_direct_url_to_uploaded_files(principal_client, world):
    assert principal_client.get(f"/media/{world.a.logo.path}").status_code == 404
    assert principal_client.get(f"/static/../var/files/{world.a.logo.path}").status_code == 404


def test_removing_the_logo(principal_client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        edit(principal_client, world, remove_logo="on")
    world.a.refresh_from_db()
    assert world.a.logo is None
    assert not StoredFile.all_schools.exists()
