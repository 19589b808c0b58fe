"""A photo sent in the background in pieces (files/resumable.py and activities:upload): a piece sent
twice is taken once, a drop is resumed from what arrived, the whole becomes evidence only through the
one pipeline when the form names it, and nobody else's upload can be named. A stateful test sends
pieces in any order, with repeats and drops, and checks that what arrives is the file, byte for byte."""

import io
import uuid
from pathlib import Path

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from PIL import Image

from mitra.activities.models import Activity
from mitra.files import resumable
from mitra.files.models import PartialUpload


def _jpeg(size=(900, 600)) -> bytes:
    out = io.BytesIO()
    Image.effect_noise(size, 40).convert("RGB").save(out, format="JPEG", quality=80)
    return out.getvalue()


def _put(client, world, key, data: bytes, start: int, total: int):
    return client.put(
        reverse("activities:upload", args=[world.a.pk, key]),
        data=data,
        content_type="application/octet-stream",
        headers={"Content-Range": f"bytes {start}-{start + len(data) - 1}/{total}", "X-File-Name": "IMG%201.jpg"},
    )


@pytest.fixture
def uploading(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.users["team_member"])
    return client


def test_a_photo_goes_up_in_pieces_and_the_form_names_it(
    uploading, world, tmp_path, django_capture_on_commit_callbacks
):
    photo, key = _jpeg(), uuid.uuid4()
    half = len(photo) // 2
    assert _put(uploading, world, key, photo[:half], 0, len(photo)).json() == {"received": half, "total": len(photo)}
    # The same piece again (its answer was lost): taken once.
    assert _put(uploading, world, key, photo[:half], 0, len(photo)).json()["received"] == half
    # A piece beyond what arrived: the answer says where to go on from.
    ahead = _put(uploading, world, key, photo[-10:], len(photo) - 10, len(photo))
    assert ahead.status_code == 409 and ahead.json()["received"] == half
    status = uploading.get(reverse("activities:upload", args=[world.a.pk, key])).json()
    assert status == {"received": half, "total": len(photo)}
    assert _put(uploading, world, key, photo[half:], half, len(photo)).json()["received"] == len(photo)

    with django_capture_on_commit_callbacks(execute=True):  # the bytes go once the activity is committed
        response = uploading.post(
            reverse("activities:capture", args=[world.a.pk]),
            {"partner": world.partner.pk, "sentence": "Senam pagi bersama", "upload": str(key)},
        )
    assert response.status_code == 302
    activity = Activity.objects.for_school(world.a).get(notes="Senam pagi bersama")
    stored = activity.evidence.get().file
    assert stored.original_name == "IMG 1.jpg" and stored.is_image and stored.thumbnail_path  # through the pipeline
    assert not PartialUpload.all_schools.exists()
    assert not [path for path in (tmp_path / "partial").rglob("*") if path.is_file()]  # its bytes gone too


def test_an_upload_not_yet_whole_is_refused_and_kept_for_another_try(uploading, world):
    photo, key = _jpeg(), uuid.uuid4()
    _put(uploading, world, key, photo[:1000], 0, len(photo))
    response = uploading.post(
        reverse("activities:capture", args=[world.a.pk]),
        {"partner": world.partner.pk, "sentence": "Senam pagi", "upload": str(key)},
    )
    assert response.status_code == 400
    assert "Foto belum sampai utuh" in response.content.decode()
    assert not Activity.objects.for_school(world.a).filter(notes="Senam pagi").exists()
    assert PartialUpload.objects.for_school(world.a).get(key=key).received == 1000


def test_nobody_can_name_another_persons_upload(uploading, client, world):
    photo, key = _jpeg(), uuid.uuid4()
    _put(uploading, world, key, photo, 0, len(photo))
    other = world.users["coordinator"]
    assert resumable.opened(school=world.a, user=other, key=key) is None
    assert resumable.opened(school=world.b, user=world.users["team_member"], key=key) is None
    assert resumable.opened(school=world.a, user=world.users["team_member"], key="not-a-key") is None


def test_what_is_not_a_picture_is_refused_by_the_pipeline_when_the_form_names_it(uploading, world):
    key, page = uuid.uuid4(), b"<html><script>alert(1)</script></html>"
    _put(uploading, world, key, page, 0, len(page))
    response = uploading.post(
        reverse("activities:capture", args=[world.a.pk]),
        {"partner": world.partner.pk, "sentence": "Senam", "upload": str(key)},
    )
    assert response.status_code == 400 and not Activity.objects.for_school(world.a).filter(notes="Senam").exists()


def test_too_large_or_too_many_at_once_are_refused(uploading, world, settings):
    settings.MAX_UPLOAD_BYTES = 1000
    too_large = _put(uploading, world, uuid.uuid4(), b"x" * 10, 0, 1001)
    assert too_large.status_code == 400 and "1001" not in too_large.json()["error"]
    for _ in range(resumable.MAX_OPEN):
        assert _put(uploading, world, uuid.uuid4(), b"x", 0, 10).status_code == 200
    assert _put(uploading, world, uuid.uuid4(), b"x", 0, 10).status_code == 400
    # A wrong range is refused, not half-taken.
    bad = uploading.put(
        reverse("activities:upload", args=[world.a.pk, uuid.uuid4()]),
        data=b"abc",
        content_type="application/octet-stream",
        headers={"Content-Range": "bytes 0-9/3"},
    )
    assert bad.status_code == 400


def test_an_upload_left_for_a_day_is_removed(uploading, world, tmp_path, django_capture_on_commit_callbacks):
    key = uuid.uuid4()
    _put(uploading, world, key, b"abc", 0, 10)
    upload = PartialUpload.objects.for_school(world.a).get(key=key)
    PartialUpload.objects.for_school(world.a).filter(pk=upload.pk).update(
        created_at=upload.created_at - resumable.KEEP_FOR * 2
    )
    with django_capture_on_commit_callbacks(execute=True):
        _put(uploading, world, uuid.uuid4(), b"abc", 0, 10)  # the person's next photo clears the old one
    assert not PartialUpload.objects.for_school(world.a).filter(key=key).exists()
    assert not Path(tmp_path / upload.path).exists()


@hypothesis_settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.binary(min_size=1, max_size=3000),
    sends=st.lists(st.tuples(st.integers(0, 3000), st.integers(1, 700)), max_size=25),
)
def test_pieces_in_any_order_with_repeats_arrive_as_the_file(world, settings, tmp_path_factory, data, sends):
    """Whatever pieces a flaky phone sends (repeats, gaps, overlaps), the upload holds exactly the file's
    first `received` bytes; a phone that then goes on from `received` completes it."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("pieces")
    user, key = world.users["team_member"], uuid.uuid4()
    for start, length in sends:
        start = min(start, len(data) - 1)
        try:
            resumable.receive(
                school=world.a, user=user, key=key, start=start, total=len(data), chunk=data[start : start + length]
            )
        except resumable.OutOfStep as step:
            assert step.received < start
        found = resumable.status(school=world.a, user=user, key=key)
        if found is not None:
            assert (Path(settings.MEDIA_ROOT) / found.path).read_bytes() == data[: found.received]
    found = resumable.status(school=world.a, user=user, key=key)
    received = found.received if found else 0
    while received < len(data):
        received = resumable.receive(
            school=world.a, user=user, key=key, start=received, total=len(data), chunk=data[received : received + 500]
        ).received
    assert resumable.opened(school=world.a, user=user, key=key).read() == data
    resumable.discard(school=world.a, user=user, key=key)


def test_the_nightly_tidying_removes_uploads_left_in_any_school(uploading, world, tmp_path):
    from django.utils import timezone

    from mitra.files.tasks import prune_partial_uploads

    kept, left = uuid.uuid4(), uuid.uuid4()
    _put(uploading, world, kept, b"abc", 0, 10)
    _put(uploading, world, left, b"abc", 0, 10)
    old = PartialUpload.objects.for_school(world.a).get(key=left)
    PartialUpload.all_schools.filter(pk=old.pk).update(created_at=timezone.now() - resumable.KEEP_FOR * 2)
    assert prune_partial_uploads.call() == 1
    assert list(PartialUpload.all_schools.values_list("key", flat=True)) == [kept]
    assert not (tmp_path / old.path).exists()


def test_a_first_piece_that_does_not_start_at_zero_makes_nothing(uploading, world, tmp_path):
    """Nothing arrived yet: the answer is "from 0", and no row or file is made (else any recorder could
    fill the disk with fresh keys, past the limit of uploads a person may have open)."""
    for _ in range(resumable.MAX_OPEN + 5):
        response = _put(uploading, world, uuid.uuid4(), b"x", 5, 10)
        assert response.status_code == 409 and response.json()["received"] == 0
    assert not PartialUpload.all_schools.exists()
    assert not [path for path in (tmp_path / "partial").rglob("*") if path.is_file()]


def test_another_person_cannot_add_to_or_read_an_upload(uploading, client, world):
    photo, key = _jpeg(), uuid.uuid4()
    _put(uploading, world, key, photo[:100], 0, len(photo))
    client.force_login(world.users["coordinator"])
    url = reverse("activities:upload", args=[world.a.pk, key])
    assert client.get(url).json() == {"received": 0, "total": None}  # theirs is not found
    # Their piece starts a key of their own, not the other person's upload.
    assert _put(client, world, key, photo[100:200], 100, len(photo)).json()["received"] == 0
    assert PartialUpload.objects.for_school(world.a).get(user=world.users["team_member"], key=key).received == 100


def test_an_upload_whose_bytes_are_gone_is_refused_not_a_server_error(uploading, world, tmp_path):
    photo, key = _jpeg(), uuid.uuid4()
    _put(uploading, world, key, photo, 0, len(photo))
    (tmp_path / PartialUpload.objects.for_school(world.a).get(key=key).path).unlink()
    response = uploading.post(
        reverse("activities:capture", args=[world.a.pk]),
        {"partner": world.partner.pk, "sentence": "Senam", "upload": str(key)},
    )
    assert response.status_code == 400 and "Foto belum sampai utuh" in response.content.decode()


def test_the_nightly_tidying_removes_files_no_upload_names(uploading, world, tmp_path):
    import os
    import time

    stray = tmp_path / "partial" / str(world.a.pk) / "left-by-a-crash"
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_bytes(b"abc")
    fresh = stray.with_name("still-being-written")
    fresh.write_bytes(b"abc")
    day_ago = time.time() - resumable.KEEP_FOR.total_seconds() - 60
    os.utime(stray, (day_ago, day_ago))
    key = uuid.uuid4()
    _put(uploading, world, key, b"abc", 0, 10)  # a live upload's file is kept, however old its file
    named = tmp_path / PartialUpload.objects.for_school(world.a).get(key=key).path
    os.utime(named, (day_ago, day_ago))
    assert resumable.prune_everywhere() == 1
    assert not stray.exists() and fresh.exists() and named.exists()
