"""The table of the "fragments" cache used to be made here; it is made by schools/0007 now (the
cache serves every app's pages, not reports). Kept, empty, so that databases that ran it stay in step."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("reports", "0004_schoolsummary")]

    operations = []
