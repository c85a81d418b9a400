"""The database cache table that holds the login and password-reset rate-limit counters.

A migration (not only a deployment step) so that no installation can forget it: `createcachetable`
creates the table of every database cache in CACHES and does nothing for other cache backends.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_pairs_at_work")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
