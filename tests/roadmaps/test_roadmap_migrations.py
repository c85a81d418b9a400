"""The ownership migrations keep every row: who added a proof survives the rename to `created_by`."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@pytest.fixture(autouse=True)
def _back_to_the_latest_migrations():
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def _migrate(roadmaps_migration):
    """Roadmaps at `roadmaps_migration`, every other app at its latest (as the database stands)."""
    executor = MigrationExecutor(connection)
    others = [node for node in executor.loader.graph.leaf_nodes() if node[0] != "roadmaps"]
    targets = [*others, ("roadmaps", roadmaps_migration)]
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_evidence_keeps_who_added_it_and_programmes_get_an_empty_author():
    old = _migrate("0001_initial")
    Organization = old.get_model("organizations", "Organization")
    Municipality = old.get_model("organizations", "Municipality")
    Region = old.get_model("organizations", "Region")
    User = old.get_model("accounts", "User")
    region = Region.objects.create(name="Регион миграции", slug="migr-region")
    municipality = Municipality.objects.create(region=region, name="Район", slug="migr-area")
    organization = Organization.objects.create(
        municipality=municipality, full_name="Школа", short_name="Школа", slug="migr-school"
    )
    user = User.objects.create(email="migr@example.org", last_name="Иванова", first_name="Мария")
    Programme = old.get_model("roadmaps", "Programme")
    programme = Programme.objects.create(
        organization=organization, title="П", academic_year_from=2026, academic_year_to=2026
    )
    roadmap = old.get_model("roadmaps", "Roadmap").objects.create(
        organization=organization, programme=programme, title="Карта", academic_year=2026
    )
    stage = old.get_model("roadmaps", "Stage").objects.create(
        organization=organization, roadmap=roadmap, title="Этап"
    )
    activity = old.get_model("roadmaps", "Activity").objects.create(
        organization=organization, roadmap=roadmap, stage=stage, title="Мероприятие"
    )
    old.get_model("roadmaps", "Evidence").objects.create(
        organization=organization, activity=activity, url="https://example.org", uploaded_by=user
    )

    new = _migrate("0003_ownership_bases")
    evidence = new.get_model("roadmaps", "Evidence").objects.get()
    assert (evidence.created_by_id, evidence.url) == (user.pk, "https://example.org")
    assert new.get_model("roadmaps", "Programme").objects.get().created_by_id is None
    assert new.get_model("roadmaps", "Activity").objects.count() == 1
