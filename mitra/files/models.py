"""Every uploaded file the product keeps: where it lies, what it is, and its checksum."""

from django.conf import settings
from django.db import models

from mitra.schools.scoping import SchoolOwned

# The pictures the pipeline keeps (it re-encodes every image as one of these): shown as pictures in
# pages and reports. Every other stored file (PDF, Word) is a document, listed by its name.
PICTURE_TYPES = ("image/jpeg", "image/png")


class StoredFile(SchoolOwned):
    # Generated path under MEDIA_ROOT; the uploader's file name never becomes a path.
    path = models.CharField(max_length=200, unique=True, editable=False)
    thumbnail_path = models.CharField(max_length=200, blank=True, editable=False)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self):
        return self.original_name

    @property
    def is_image(self) -> bool:
        """Decided from the content type the pipeline read from the bytes, never from a name or a kind."""
        return self.content_type in PICTURE_TYPES


class PartialUpload(SchoolOwned):
    """A photo on its way up in pieces, sent in the background as soon as it is chosen (files/resumable.py):
    the bytes received so far, in a file of a generated name. It becomes evidence only through the one
    pipeline, when the form that names it is sent; one left behind is removed after a day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.UUIDField()  # chosen by the phone: the same key resumes the same upload
    name = models.CharField(max_length=200)
    total = models.PositiveBigIntegerField()
    received = models.PositiveBigIntegerField(default=0)
    path = models.CharField(max_length=200, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["school", "user", "key"], name="partial_upload_key_unique")]

    def __str__(self):
        return self.name

    @property
    def complete(self) -> bool:
        return self.received == self.total
