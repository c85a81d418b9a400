"""Evidence records who added it in `created_by`, as every authored row does (core.ownership.Authored)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("roadmaps", "0001_initial"),
    ]

    operations = [
        migrations.RenameField("evidence", "uploaded_by", "created_by"),
        migrations.RenameField("historicalevidence", "uploaded_by", "created_by"),
    ]
