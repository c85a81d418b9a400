"""The demo: every role has a login, and a second load changes nothing."""

from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from nastavnik.accounts.models import Coordination, Membership, Role, User
from nastavnik.core.demo import DEMO_PASSWORD, load_demo
from nastavnik.organizations.models import Municipality, Organization, Region

MODELS = [Region, Municipality, Organization, User, Membership, Coordination]


def _counts():
    return {m.__name__: m.objects.count() for m in MODELS}


def test_demo_has_a_region_two_municipalities_three_kinds_and_every_role(db):
    load_demo()
    assert Region.objects.count() == 1
    assert Municipality.objects.count() == 2
    assert set(Organization.objects.values_list("kind", flat=True)) == {"school", "kindergarten", "college"}
    assert set(Membership.objects.values_list("role", flat=True)) == {r.value for r in Role}
    assert Coordination.objects.exists()


def test_second_load_changes_nothing(db, capsys):
    call_command("load_demo")
    before = _counts()
    history_before = User.history.count()
    call_command("load_demo")
    assert _counts() == before
    assert User.history.count() == history_before
    assert "curator@demo.nastavnik.ru" in capsys.readouterr().out


def test_demo_logins_work(db):
    load_demo()
    request = RequestFactory().post("/accounts/login/")
    assert authenticate(request, username="curator@demo.nastavnik.ru", password=DEMO_PASSWORD) is not None
