"""A full disk under the files path, for real: a small tmpfs mounted as MEDIA_ROOT (needs root, as CI
has; skipped elsewhere). An upload that does not fit is refused with a message, and leaves no row and
no byte behind — not even the files of the same upload that did fit."""

import io
import os
import random
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from mitra.activities.models import Evidence
from mitra.files.models import StoredFile


@pytest.fixture
def tiny_disk(tmp_path, settings):
    mount = tmp_path / "tiny-disk"
    mount.mkdir()
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a small file system needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    settings.MEDIA_ROOT = str(mount)
    yield mount
    subprocess.run(["umount", str(mount)], check=True)


def _noise_photo(name: str, size: tuple[int, int]) -> SimpleUploadedFile:
    """A photo that stays large once re-encoded: noise does not compress."""
    pixels = random.Random(size[0]).randbytes(size[0] * size[1] * 3)
    out = io.BytesIO()
    Image.frombytes("RGB", size, pixels).save(out, format="JPEG", quality=95)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def _fill(mount: Path, leave: int) -> Path:
    """Fill the disk but for `leave` bytes."""
    filler = mount / "filler"
    free = shutil.disk_usage(mount).free
    filler.write_bytes(b"\0" * (free - leave))
    return filler


def _files(mount: Path) -> set[Path]:
    return {p for p in mount.rglob("*") if p.is_file()}


def test_an_upload_that_does_not_fit_is_refused_and_leaves_nothing(client, run_world, tiny_disk, caplog):
    person = run_world.users["team_member"]
    person.language = "en"
    person.save(update_fields=["language"])
    client.force_login(person)
    url = reverse("activities:evidence_add", args=[run_world.a.pk, run_world.done_activity.pk])
    filler = _fill(tiny_disk, leave=200 * 1024)
    rows, evidence = StoredFile.all_schools.count(), Evidence.all_schools.count()

    small, large = _noise_photo("kecil.jpg", (120, 90)), _noise_photo("besar.jpg", (900, 700))
    assert len(large.read()) > 250 * 1024  # larger than the room left, as the server keeps it too
    large.seek(0)
    response = client.post(url, {"files": [small, large], "kind": "photo"}, follow=True)

    shown = " ".join(str(m) for m in response.context["messages"])
    assert "no room left for files" in shown, shown
    assert response.status_code == 200
    assert StoredFile.all_schools.count() == rows and Evidence.all_schools.count() == evidence
    assert _files(tiny_disk) == {filler}  # the small photo that fit, and every partial write, are gone
    assert any("cannot take more files" in r.getMessage() for r in caplog.records)  # the administrator is told

    # Once there is room again, the same upload is saved whole.
    filler.unlink()
    small.seek(0), large.seek(0)
    client.post(url, {"files": [small, large], "kind": "photo"})
    assert Evidence.all_schools.count() == evidence + 2
    for stored in StoredFile.all_schools.order_by("-pk")[:2]:
        assert (tiny_disk / stored.path).stat().st_size > 0
