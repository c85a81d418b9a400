"""The shipped catalogue of stage-2 outcome measures (monitoring.defaults)."""

from django.db import migrations


def load(apps, schema_editor):
    from nastavnik.monitoring.defaults import MEASURES

    Measure = apps.get_model("monitoring", "Measure")
    for position, row in enumerate(MEASURES):
        Measure.objects.update_or_create(
            organization=None, code=row["code"], defaults={**row, "position": position}
        )


def unload(apps, schema_editor):
    apps.get_model("monitoring", "Measure").objects.filter(organization=None).delete()


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
