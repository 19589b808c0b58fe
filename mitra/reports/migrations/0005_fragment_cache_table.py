"""The database table of the "fragments" cache (settings.CACHES), made by Django's createcachetable
so that every installation has it after `migrate`, as the test databases do."""

from django.conf import settings
from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def drop_cache_table(apps, schema_editor):
    table = schema_editor.quote_name(settings.CACHES["fragments"]["LOCATION"])
    schema_editor.execute(f"DROP TABLE IF EXISTS {table}")


class Migration(migrations.Migration):
    dependencies = [("reports", "0004_schoolsummary")]

    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
