from django.db import migrations


def load(apps, schema_editor):
    from nastavnik.methodology.defaults import FORMS

    MentoringForm = apps.get_model("mentoring", "MentoringForm")
    RoleModel = apps.get_model("mentoring", "RoleModel")
    for position, data in enumerate(FORMS):
        form, _ = MentoringForm.objects.get_or_create(
            organization=None,
            code=data["code"],
            defaults={"title": data["title"], "audience": data["audience"], "position": position},
        )
        for role_position, title in enumerate(data["roles"]):
            RoleModel.objects.get_or_create(form=form, title=title, defaults={"position": role_position})


class Migration(migrations.Migration):
    dependencies = [("mentoring", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
