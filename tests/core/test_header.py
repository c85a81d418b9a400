"""The header's unread count and coordinator check (core.context_processors.header_facts) in one statement."""

from django.utils import timezone

from nastavnik.accounts.models import Role
from nastavnik.core.context_processors import header_facts
from nastavnik.core.models import Notification
from tests.builders import make_coordinator, make_organization, make_user


def _notify(user, organization, *, read: bool = False) -> None:
    Notification.objects.create(
        user=user, organization=organization, text="Срок", read_at=timezone.now() if read else None
    )


def test_counts_only_unread_notifications_in_the_users_organizations(
    organization, other_organization, django_assert_num_queries
):
    user = make_user(Role.CURATOR, organization=organization)
    make_user(Role.CURATOR, organization=other_organization)
    third = make_organization()
    make_user(Role.DEPUTY, organization=third)
    _notify(user, organization)
    _notify(user, organization)
    _notify(user, organization, read=True)
    _notify(user, other_organization)  # a membership ended: its notifications are not counted
    other = make_user(Role.MENTOR, organization=organization)
    _notify(other, organization)
    user = type(user).objects.get(pk=user.pk)  # a fresh user object, as in a request
    with django_assert_num_queries(2):  # the memberships (the request's scope), then the one statement
        assert header_facts(user) == (2, False)
    Membership = user.memberships.model
    Membership.objects.create(user=user, organization=third, role=Role.MENTOR)
    _notify(user, third)
    user = type(user).objects.get(pk=user.pk)
    assert header_facts(user) == (3, False)


def test_a_coordinator_without_organizations(organization):
    coordinator = make_coordinator(organization.municipality.region)
    _notify(coordinator, organization)  # not a member: not counted
    assert header_facts(coordinator) == (0, True)
    assert header_facts(make_user()) == (0, False)


def test_the_header_shows_them(login, organization):
    user = make_user(Role.CURATOR, organization=organization)
    _notify(user, organization)
    _notify(user, organization)
    page = login(user).get(f"/o/{organization.slug}/").content.decode()
    assert 'title="Непрочитанные">2</span>' in page
    assert "#region" not in page


def test_the_parts_mask_the_csrf_token_once_and_anew_after_a_rotation(rf):
    from django.middleware.csrf import _unmask_cipher_token, rotate_token

    from nastavnik.core.rows import request_csrf_token

    request = rf.get("/")
    first = request_csrf_token(request)
    assert request_csrf_token(request) == first  # one masked token for every part of the page
    secret = request.META["CSRF_COOKIE"]
    assert _unmask_cipher_token(first) == secret
    rotate_token(request)
    rotated = request_csrf_token(request)
    assert request.META["CSRF_COOKIE"] != secret
    assert _unmask_cipher_token(rotated) == request.META["CSRF_COOKIE"]
