"""Every plan item has its identity now (0003): new ones get a fresh one."""

import uuid

from django.db import migrations, models

ITEMS = ("goal", "need", "analysisitem", "programme", "indicator", "candidate", "plannedactivity")


class Migration(migrations.Migration):
    dependencies = [("planning", "0003_identities_given")]

    operations = [
        migrations.AlterField(
            model_name=name,
            name="identity",
            field=models.UUIDField(default=uuid.uuid4, editable=False, db_index=True),
        )
        for name in ITEMS
    ]
