"""A photo sent in the background, in pieces, as soon as it is chosen on a phone: when the person
taps "Kirim", only the small form is left to send (issue 24). On a connection that drops, the phone
asks how much arrived and sends the rest; a piece sent twice is taken once.

These are bytes on their way, nothing more: they become a stored file only through the one pipeline
(`pipeline.accept_*`), when the form that names the upload is sent (`opened`), and are removed then
(`discard`) or after a day. Each upload belongs to one person in one school, under a key the phone
chose; a person has at most MAX_OPEN of them at a time, each at most settings.MAX_UPLOAD_BYTES."""

import datetime
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mitra.files.models import PartialUpload
from mitra.files.pipeline import safe_name

FOLDER = "partial"
KEEP_FOR = datetime.timedelta(days=1)
MAX_OPEN = 10


class OutOfStep(Exception):
    """A piece that does not start where the received bytes end: the phone should go on from there."""

    def __init__(self, received: int):
        super().__init__(received)
        self.received = received


def _absolute(relative: str) -> Path:
    return Path(settings.MEDIA_ROOT) / relative


def _remove_after_commit(relative: str) -> None:
    """Remove an upload's bytes once its row is gone for good: a transaction rolled back keeps both."""
    transaction.on_commit(lambda: _absolute(relative).unlink(missing_ok=True))


def _prune(school, user) -> None:
    """Remove this person's uploads older than a day (a photo chosen and never sent)."""
    old = PartialUpload.objects.for_school(school).filter(user=user, created_at__lt=timezone.now() - KEEP_FOR)
    for upload in old:
        _remove_after_commit(upload.path)
    old.delete()


def status(*, school, user, key: uuid.UUID) -> PartialUpload | None:
    return PartialUpload.objects.for_school(school).filter(user=user, key=key).first()


def receive(*, school, user, key: uuid.UUID, start: int, total: int, chunk: bytes, name: str = "") -> PartialUpload:
    """Append `chunk`, which starts at byte `start` of a file of `total` bytes. A piece already
    received (a resend after a drop) changes nothing; a piece past the end of what arrived raises
    OutOfStep with where to go on from."""
    limit = settings.MAX_UPLOAD_BYTES
    if total <= 0 or total > limit:
        raise ValidationError(
            _("The file is larger than %(limit)s MB. Send a smaller one.") % {"limit": f"{limit / 1024 / 1024:g}"}
        )
    if start < 0 or start + len(chunk) > total:
        raise ValidationError(_("This piece does not belong to the file."))
    with transaction.atomic():
        upload = PartialUpload.objects.for_school(school).select_for_update().filter(user=user, key=key).first()
        if upload is None:
            if start > 0:
                raise OutOfStep(0)  # nothing of it arrived: start from the beginning, and nothing is made
            upload = _begin(school=school, user=user, key=key, total=total, name=name)
        if total != upload.total:
            raise ValidationError(_("This piece does not belong to the file."))
        if start > upload.received:
            raise OutOfStep(upload.received)
        fresh = chunk[upload.received - start :]  # what of the piece has not arrived before
        if fresh:
            # The bytes go to disk before the row says they arrived: a crash between the two leaves the
            # row behind the file, and the next piece overwrites from where the row says.
            with open(_absolute(upload.path), "r+b" if upload.received else "wb") as handle:
                handle.seek(upload.received)
                handle.write(fresh)
                handle.truncate()
            upload.received += len(fresh)
            upload.save(update_fields=["received"])
    return upload


def _begin(*, school, user, key, total: int, name: str) -> PartialUpload:
    """A new upload's row (its file is written with its first bytes). Two first pieces of one key at
    the same moment make one row: the second finds the first's."""
    _prune(school, user)
    if PartialUpload.objects.for_school(school).filter(user=user).count() >= MAX_OPEN:
        raise ValidationError(_("Too many photos are on their way. Send the forms waiting, then try again."))
    relative = f"{FOLDER}/{school.pk}/{uuid.uuid4().hex}"
    _absolute(relative).parent.mkdir(parents=True, exist_ok=True)
    try:
        with transaction.atomic():
            return PartialUpload.objects.for_school(school).create(
                school=school, user=user, key=key, name=safe_name(name) or "foto.jpg", total=total, path=relative
            )
    except IntegrityError:
        return PartialUpload.objects.for_school(school).select_for_update().get(user=user, key=key)


def opened(*, school, user, key) -> SimpleUploadedFile | None:
    """The whole upload as a file for the pipeline, or None when it is unknown or not complete."""
    try:
        key = uuid.UUID(str(key))
    except ValueError:
        return None
    upload = status(school=school, user=user, key=key)
    if upload is None or not upload.complete:
        return None
    try:
        data = _absolute(upload.path).read_bytes()
    except FileNotFoundError:
        return None
    if len(data) != upload.total:
        return None
    return SimpleUploadedFile(upload.name, data)


def discard(*, school, user, key) -> None:
    """Forget an upload once the form that named it is saved."""
    upload = status(school=school, user=user, key=uuid.UUID(str(key)))
    if upload is not None:
        _remove_after_commit(upload.path)
        upload.delete()


def prune_everywhere(now=None) -> int:
    """Remove every upload older than a day, in every school (a person who chose a photo and never sent
    the form, nor another photo since), and any file of the uploads' folder older than a day that no
    upload names (left by a crash between a file and its row): the nightly tidying. The count removed."""
    cutoff = (now or timezone.now()) - KEEP_FOR
    old = PartialUpload.all_schools.filter(created_at__lt=cutoff)
    removed = 0
    for upload in old.iterator():
        _absolute(upload.path).unlink(missing_ok=True)
        upload.delete()
        removed += 1
    folder = _absolute(FOLDER)
    if folder.is_dir():
        named = set(PartialUpload.all_schools.values_list("path", flat=True))
        for path in folder.rglob("*"):
            relative = path.relative_to(settings.MEDIA_ROOT).as_posix()
            if path.is_file() and relative not in named and path.stat().st_mtime < cutoff.timestamp():
                path.unlink(missing_ok=True)
                removed += 1
    return removed
