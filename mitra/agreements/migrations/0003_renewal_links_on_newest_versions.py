"""The renewal chain runs through the versions that count (agreements/status.py): when a new version
(an addendum) was signed before this release, its renewal link stayed on the version it replaced.
Move each such link onto the newest signed version of both ends, as signing now does
(agreements/services.py: _carry_renewal_links). Plain reads and updates: SQLite and PostgreSQL alike."""

from django.db import migrations

SIGNED_STAGES = ("signed", "terminated")


def _newest_signed(Agreement, agreement):
    current = agreement
    while True:
        newer = Agreement.all_schools.filter(previous_version=current).first()
        if newer is None or newer.stage not in SIGNED_STAGES:
            return current
        current = newer


def carry(apps, schema_editor):
    Agreement = apps.get_model("agreements", "Agreement")
    for old in Agreement.all_schools.filter(renewed_by__isnull=False).order_by("pk"):
        old.refresh_from_db()
        if old.renewed_by_id is None:
            continue
        holder = _newest_signed(Agreement, old)
        renewal = _newest_signed(Agreement, old.renewed_by)
        if holder.pk == old.pk and renewal.pk == old.renewed_by_id:
            continue
        if holder.pk != old.pk and holder.renewed_by_id is not None:
            continue  # the newest version was renewed on its own: leave both as they are
        old.renewed_by = None
        old.save(update_fields=["renewed_by"])
        holder.refresh_from_db()
        holder.renewed_by = renewal
        holder.save(update_fields=["renewed_by"])


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0002_reminders"),
    ]

    operations = [
        migrations.RunPython(carry, migrations.RunPython.noop),
    ]
