from django.db import migrations


def load(apps, schema_editor):
    from nastavnik.participants.defaults import TOPICS

    RequestTopic = apps.get_model("participants", "RequestTopic")
    for audience, kinds in TOPICS.items():
        for kind, titles in kinds.items():
            for position, title in enumerate(titles):
                RequestTopic.objects.get_or_create(
                    organization=None,
                    audience=audience,
                    kind=kind,
                    title=title,
                    defaults={"position": position},
                )


class Migration(migrations.Migration):
    dependencies = [("participants", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
