"""What the apps' forms offer of the methodology: the forms of mentoring and role models of an organization."""

from __future__ import annotations

from django import forms

from nastavnik.core.forms import choice_field
from nastavnik.organizations.models import Organization

from .models import MentoringForm, RoleModel


def offer_forms_and_role_models(form: forms.BaseForm, organization: Organization) -> None:
    """Fill the choice fields `form` and `role_model` with the forms of mentoring available to the
    organization and their role models, each role model shown as «form: role model»."""
    forms_qs = MentoringForm.available_to(organization)
    choice_field(form, "form").queryset = forms_qs
    role_model = choice_field(form, "role_model")
    role_model.queryset = RoleModel.objects.filter(form__in=forms_qs).select_related("form")
    role_model.label_from_instance = lambda obj: f"{obj.form.title}: {obj.title}"  # type: ignore[method-assign]
