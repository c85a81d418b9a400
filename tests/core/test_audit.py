"""Audit: changes to personal data are recorded with who made them."""

from nastavnik.accounts.models import Membership, Role
from tests.builders import make_user


def test_changing_a_user_is_recorded(organization):
    user = make_user()
    user.last_name = "Петрова"
    user.save()
    records = list(user.history.order_by("history_date"))
    assert [r.history_type for r in records] == ["+", "~"]
    assert records[-1].last_name == "Петрова"
    assert not hasattr(records[-1], "password")


def test_role_changes_are_recorded(organization, curator):
    membership = Membership.objects.create(user=make_user(), organization=organization, role=Role.MENTOR)
    membership_id = membership.id
    membership.delete()
    assert [r.history_type for r in Membership.history.filter(id=membership_id).order_by("history_date")] == [
        "+",
        "-",
    ]
