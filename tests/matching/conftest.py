"""Fixtures of the matching tests: the small base of tests/builders.py and an optimal run over it."""

import pytest

from nastavnik.matching import services
from tests.builders import small_base


@pytest.fixture
def base(organization):
    return small_base(organization)


@pytest.fixture
def run(organization, curator, base):
    return services.run_matching(organization, "optimal", acting_user=curator)
