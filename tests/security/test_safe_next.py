"""Defect 3 of issue 13: `next` is followed only when it is a plain local path (a bare word was a 500)."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from nastavnik.core.http import is_local_path, safe_next
from nastavnik.matching import services as matching_services
from nastavnik.matching.models import MatchingRule
from nastavnik.roadmaps.models import Activity
from tests.builders import small_base
from tests.roadmaps.roadmap_builders import make_roadmap

HOSTILE = [
    "abc",
    "roadmaps:index",
    "//evil.example/x",
    "/\\evil.example",
    "\\\\evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "/\tevil",
    " /x",
    "http:/evil.example",
    "",
]


@pytest.mark.parametrize("target", HOSTILE)
def test_only_local_paths_pass(target):
    assert not is_local_path(target)
    request = RequestFactory().post("/", {"next": target})
    assert safe_next(request, "/fallback/") == "/fallback/"


@pytest.mark.parametrize("target", ["/", "/o/school/mentees/?page=2", "/o/school/roadmap/#stage-1"])
def test_local_paths_pass(target):
    request = RequestFactory().post("/", {"next": target})
    assert safe_next(request, "/fallback/") == target


@pytest.mark.django_db
def test_activity_status_with_bare_word_next_redirects_to_the_activity(organization, curator, login):
    make_roadmap(organization, activities=1, stages=1)
    activity = Activity.objects.get(organization=organization)
    url = reverse("roadmaps:activity_status", args=[organization.slug, activity.pk])
    response = login(curator).post(url, {"status": "in_progress", "next": "abc"})
    assert response.status_code == 302
    assert response.url == reverse("roadmaps:activity", args=[organization.slug, activity.pk])


@pytest.mark.django_db
def test_rule_delete_with_bare_word_next_redirects_to_matching(organization, curator, login):
    base = small_base(organization)
    matching_services.set_rule(
        organization, base["mentees"][0], base["mentors"][0], MatchingRule.Kind.FORBID, acting_user=curator
    )
    rule = MatchingRule.objects.get(organization=organization)
    url = reverse("matching:rule_delete", args=[organization.slug, rule.pk])
    response = login(curator).post(url, {"next": "abc"})
    assert response.status_code == 302
    assert response.url == reverse("matching:index", args=[organization.slug])
    assert not MatchingRule.objects.filter(pk=rule.pk).exists()
