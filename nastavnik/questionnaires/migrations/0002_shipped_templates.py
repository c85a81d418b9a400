from django.db import migrations


def load(apps, schema_editor):
    from nastavnik.questionnaires.defaults import TEMPLATES

    Questionnaire = apps.get_model("questionnaires", "Questionnaire")
    Section = apps.get_model("questionnaires", "Section")
    Question = apps.get_model("questionnaires", "Question")
    for data in TEMPLATES:
        if Questionnaire.objects.filter(organization=None, code=data["code"]).exists():
            continue
        questionnaire = Questionnaire.objects.create(
            organization=None,
            code=data["code"],
            title=data["title"],
            audience=data["audience"],
            purpose=data["purpose"],
            description=data["description"],
            is_template=True,
        )
        for section_position, section_data in enumerate(data["sections"]):
            section = Section.objects.create(
                questionnaire=questionnaire, organization=None, position=section_position, title=section_data["title"]
            )
            for position, question in enumerate(section_data["questions"]):
                Question.objects.create(
                    section=section, questionnaire=questionnaire, organization=None, position=position, **question
                )


def unload(apps, schema_editor):
    apps.get_model("questionnaires", "Questionnaire").objects.filter(organization=None).exclude(code="").delete()


class Migration(migrations.Migration):
    dependencies = [("questionnaires", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
