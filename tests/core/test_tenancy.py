"""Tenancy by construction: every model that belongs to an organization refuses unscoped queries."""

import pytest
from django.apps import apps
from django_scopes import ScopeError, scope, scopes_disabled

from nastavnik.organizations.models import Organization

#: Models with an organization link that are deliberately not scoped, and why.
UNSCOPED = {
    # Memberships are read per user to *build* the scope; the admin manages them.
    "accounts.Membership": "defines the scope itself",
    "accounts.HistoricalMembership": "audit table, read in the admin only",
    # Reference data shared by the whole installation when organization is empty.
    "methodology.MentoringForm": "shared reference data (organization empty = everyone)",
    "participants.RequestTopic": "shared reference data (organization empty = everyone)",
    "questionnaires.Questionnaire": "shipped templates have no organization",
    "monitoring.Measure": "shared reference data (organization empty = everyone)",
}


def _organization_models():
    for model in apps.get_models():
        label = model._meta.label
        if label.startswith(("nastavnik", "django", "axes", "simple_history")) or model.__module__.startswith(
            "nastavnik"
        ):
            field = next(
                (
                    f
                    for f in model._meta.get_fields()
                    if f.name == "organization" and getattr(f, "related_model", None) is Organization
                ),
                None,
            )
            if field is not None and not label.split(".")[1].startswith("Historical"):
                yield model


ALL_ORGANIZATION_MODELS = sorted(_organization_models(), key=lambda m: m._meta.label)
ORGANIZATION_MODELS = [m for m in ALL_ORGANIZATION_MODELS if m._meta.label not in UNSCOPED]


def test_the_walk_finds_models_and_the_exceptions_are_real():
    labels = {m._meta.label for m in ALL_ORGANIZATION_MODELS}
    assert len(ORGANIZATION_MODELS) >= 1
    assert {label for label in UNSCOPED if not label.split(".")[1].startswith("Historical")} <= labels


@pytest.mark.parametrize("model", ORGANIZATION_MODELS, ids=lambda m: m._meta.label)
def test_organization_models_refuse_queries_without_a_scope(model, db):
    with _no_scope(), pytest.raises(ScopeError):
        list(model.objects.all())


@pytest.mark.parametrize("model", ORGANIZATION_MODELS, ids=lambda m: m._meta.label)
def test_organization_models_are_filtered_to_the_scope(model, db):
    with scope(organization=[1, 2]):
        assert model.objects.all().query.where, f"{model._meta.label} is not filtered by organization"
    with scopes_disabled():
        assert not model.objects.all().query.where


class _no_scope:
    """Leave the tests' autouse `scopes_disabled()` for an empty, enabled state."""

    def __enter__(self):
        from django_scopes.state import state

        self._token = state.set({})
        return self

    def __exit__(self, *exc):
        from django_scopes.state import state

        state.reset(self._token)


def test_scopes_disabled_is_needed_for_cross_organization_work(organization, other_organization):
    with scopes_disabled():
        assert Organization.objects.count() == 2
