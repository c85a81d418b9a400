"""The project's form renderer writes exactly the HTML of Django's Jinja2 renderer (core.renderers)."""

import datetime as dt

import pytest
from django import forms
from django.forms.renderers import Jinja2
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from nastavnik.core.renderers import FormRenderer
from nastavnik.methodology.models import MentoringForm

CHOICES = [
    ("", gettext_lazy("все")),
    ("a", "Первый <b>"),
    ("b", 'Второй "в кавычках"'),
    (3, "Три"),
    ("c", mark_safe("<i>уже безопасно</i>")),
]
GROUPED = [("", "—"), ("Группа & одна", [("x", "Икс"), ("y", "Игрек")]), ("z", "Зет")]


class Everything(forms.Form):
    text = forms.CharField(
        max_length=20, required=False, widget=forms.TextInput(attrs={"placeholder": "Ф & И"})
    )
    search = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"type": "search", "autofocus": True})
    )
    number = forms.IntegerField(min_value=0, max_value=10)
    decimal = forms.DecimalField(
        required=False, widget=forms.NumberInput(attrs={"step": "0.1", "hidden": False})
    )
    email = forms.EmailField(required=False)
    date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    hidden = forms.CharField(required=False, widget=forms.HiddenInput)
    password = forms.CharField(required=False, widget=forms.PasswordInput)
    select = forms.ChoiceField(choices=CHOICES, required=False)
    grouped = forms.ChoiceField(choices=GROUPED, required=False)
    many = forms.MultipleChoiceField(choices=CHOICES[1:], required=False)
    radio = forms.ChoiceField(choices=CHOICES[1:], widget=forms.RadioSelect, required=False)
    boxes = forms.MultipleChoiceField(
        choices=CHOICES[1:], widget=forms.CheckboxSelectMultiple, required=False
    )
    flag = forms.BooleanField(required=False)
    yes_no = forms.NullBooleanField(required=False)
    notes = forms.CharField(required=False, widget=forms.Textarea)
    when = forms.SplitDateTimeField(required=False)
    upload = forms.FileField(required=False)
    color = forms.CharField(required=False, widget=forms.TextInput(attrs={"type": "color", "data-x": 5}))
    checkbox_input = forms.BooleanField(required=False, widget=forms.CheckboxInput(attrs={"class": "a'b"}))


DATA = [
    None,
    {},
    {
        "text": "<script>",
        "search": 'а"б',
        "number": "7",
        "decimal": "1.5",
        "select": "b",
        "grouped": "y",
        "many": ["a", "3"],
        "radio": "3",
        "boxes": ["b"],
        "flag": "on",
        "yes_no": "true",
        "notes": "строка\nещё",
        "when_0": "2026-12-01",
        "when_1": "10:00",
    },
    {"number": "x", "select": "нет такого", "email": "не почта"},
]


@pytest.mark.parametrize("data", DATA)
def test_every_widget_is_written_as_django_writes_it(data):
    ours = Everything(data, renderer=FormRenderer(), initial={"date": dt.date(2026, 9, 1)})
    djangos = Everything(data, renderer=Jinja2(), initial={"date": dt.date(2026, 9, 1)})
    for name in Everything.base_fields:
        assert str(ours[name]) == str(djangos[name]), name
    assert str(ours) == str(djangos)


def test_the_setting_uses_it(settings):
    from django.forms.renderers import get_default_renderer

    assert settings.FORM_RENDERER == "nastavnik.core.renderers.FormRenderer"
    assert isinstance(get_default_renderer(), FormRenderer)
    assert (
        FormRenderer()
        .get_template("django/forms/widgets/select.html")
        .template.filename.startswith(str(FormRenderer().engine.dirs[0]))
    )


class Models(forms.Form):
    one = forms.ModelChoiceField(MentoringForm.objects.all(), required=False, empty_label=gettext_lazy("все"))
    required = forms.ModelChoiceField(MentoringForm.objects.all())
    many = forms.ModelMultipleChoiceField(MentoringForm.objects.all(), required=False)
    boxes = forms.ModelMultipleChoiceField(
        MentoringForm.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )


@pytest.mark.parametrize("bound", [False, True])
def test_model_choices_are_written_as_django_writes_them(db, bound):
    pks = [str(pk) for pk in MentoringForm.objects.values_list("pk", flat=True)[:2]]
    assert pks
    data = {"one": pks[0], "many": pks, "boxes": pks[1:]} if bound else None
    ours, djangos = Models(data, renderer=FormRenderer()), Models(data, renderer=Jinja2())
    for name in Models.base_fields:
        assert str(ours[name]) == str(djangos[name]), name
