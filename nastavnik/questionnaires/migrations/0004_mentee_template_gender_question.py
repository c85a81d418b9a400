"""Ship the question about the preferred gender of the mentor in the mentee template of installations that
already have the templates (new installations get it from 0002, which reads defaults.TEMPLATES)."""

from django.db import migrations

TEXT = "Важен ли для вас пол наставника?"


def add_question(apps, schema_editor):
    Questionnaire = apps.get_model("questionnaires", "Questionnaire")
    Question = apps.get_model("questionnaires", "Question")
    template = Questionnaire.objects.filter(organization=None, code="mentee").first()
    if template is None or Question.objects.filter(questionnaire=template, text=TEXT).exists():
        return
    anchor = (
        Question.objects.filter(questionnaire=template, text="Когда вам удобно встречаться с наставником?")
        .select_related("section")
        .first()
    )
    if anchor is None:
        return
    last = Question.objects.filter(section=anchor.section).order_by("-position").first()
    Question.objects.create(
        section=anchor.section,
        questionnaire=template,
        organization=None,
        position=last.position + 1,
        text=TEXT,
        kind="single_choice",
        required=False,
        help_text="",
        options=[
            {"value": "any", "label": "Не имеет значения"},
            {"value": "female", "label": "Женщина"},
            {"value": "male", "label": "Мужчина"},
        ],
        options_source="",
        maps_to="mentee.preferred_gender",
    )


class Migration(migrations.Migration):
    dependencies = [("questionnaires", "0003_alter_question_maps_to")]
    operations = [migrations.RunPython(add_question, migrations.RunPython.noop)]
