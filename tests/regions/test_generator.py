"""generate_region: the asked number of organizations and people, plausible data, ready for the region."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from nastavnik.mentoring.models import Pairing
from nastavnik.monitoring.models import Contingent
from nastavnik.organizations.models import Organization, Region
from nastavnik.participants.models import Participant
from nastavnik.roadmaps.models import Activity

pytestmark = pytest.mark.django_db


def test_the_command_makes_the_region_it_was_asked_for(capsys):
    call_command("generate_region", region="gen-a", organizations=7, participants_per_organization=50)
    region = Region.objects.get(slug="gen-a")
    organizations = Organization.objects.filter(municipality__region=region)
    assert organizations.count() == 7
    assert region.municipalities.count() == 2
    people = Participant.objects.filter(organization__in=organizations)
    assert people.count() == 7 * 50
    assert Contingent.objects.filter(organization__in=organizations).count() == 7
    assert Pairing.objects.filter(organization__in=organizations).exists()
    assert Activity.objects.filter(organization__in=organizations).count() == 7 * 12
    women = people.filter(gender="female")
    assert women.exists() and all(p.last_name.endswith("а") and p.patronymic.endswith("на") for p in women)
    assert "7 организаций" in capsys.readouterr().out
    # a second run adds organizations after the first ones, with new slugs
    call_command("generate_region", region="gen-a", organizations=2, participants_per_organization=5)
    assert Organization.objects.filter(municipality__region=region).count() == 9


def test_the_same_seed_gives_the_same_people():
    call_command("generate_region", region="gen-b", organizations=2, participants_per_organization=20, seed=5)
    call_command("generate_region", region="gen-c", organizations=2, participants_per_organization=20, seed=5)
    names = [
        list(
            Participant.objects.filter(organization__municipality__region__slug=slug)
            .order_by("pk")
            .values_list("last_name", "first_name", "birth_date")
        )
        for slug in ("gen-b", "gen-c")
    ]
    assert names[0] == names[1]


@pytest.mark.parametrize("organizations,participants", [(0, 10), (3, -1), (200_000, 1)])
def test_impossible_sizes_are_refused_in_russian(organizations, participants):
    with pytest.raises(CommandError, match="организаций|Слишком"):
        call_command(
            "generate_region",
            region="gen-d",
            organizations=organizations,
            participants_per_organization=participants,
        )
