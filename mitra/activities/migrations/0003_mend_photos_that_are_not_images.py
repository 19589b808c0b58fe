"""Evidence stored as a photo whose file is not a picture (a PDF or Word file sent through quick
capture or a partner's confirmation, before the kind was taken from the bytes) becomes a document,
so the reports list it instead of trying to show it. Which files are pictures is what the upload
pipeline read from their bytes when they came in (StoredFile.content_type). Nothing else changes."""

from django.db import migrations

PICTURE_TYPES = ("image/jpeg", "image/png")


def mend_photos_that_are_not_images(apps, schema_editor):
    Evidence = apps.get_model("activities", "Evidence")
    Evidence._base_manager.filter(kind="photo").exclude(file__content_type__in=PICTURE_TYPES).update(
        kind="document"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0002_evidence_document_kind"),
        ("files", "0003_thumbnail"),
    ]

    operations = [
        migrations.RunPython(mend_photos_that_are_not_images, migrations.RunPython.noop, elidable=True),
    ]
