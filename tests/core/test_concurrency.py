"""Two requests from one page at once (an htmx autosave and a click) must both succeed (STYLE.md rule 18).

These tests go through the live server, whose every request runs in a thread of its own with its own
database connection, as under runserver or gunicorn's threads: on SQLite that is WAL with IMMEDIATE
transactions and a busy timeout (nastavnik/settings.py), on PostgreSQL row locks. They are not browser
tests: plain HTTP from two threads, so they run in the ordinary suite on both databases.
"""

import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest
from django.db import connection, transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from nastavnik.participants.models import Participant
from nastavnik.questionnaires.models import Answer, Invitation, QuestionKind, Response
from tests.builders import invite, make_organization, make_participant, questions, simple_questionnaire

pytestmark = pytest.mark.usefixtures("reference_data")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Respondent:
    """One browser tab on the personal link: its cookies, its CSRF token, plain HTTP to the live server."""

    def __init__(self, url: str):
        self.url = url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), _NoRedirect()
        )
        page = self.opener.open(url, timeout=30).read().decode()
        self.csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    def post(self, path: str, fields: dict[str, str]) -> tuple[int, str]:
        request = urllib.request.Request(
            self.url + path,
            data=urllib.parse.urlencode({"csrfmiddlewaretoken": self.csrf, **fields}).encode(),
            headers={"X-CSRFToken": self.csrf},
        )
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as answer:  # 3xx (redirects are not followed), 4xx, 5xx
            return answer.code, answer.read().decode(errors="replace")


def _at_once(*calls):
    """Run the calls in threads released by one barrier; their results in order."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(i, call):
        barrier.wait()
        results[i] = call()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    return results


@pytest.fixture
def respondent(live_server):
    with scopes_disabled():
        organization = make_organization()
        person = make_participant(organization, mentee=True, category=Participant.Category.YOUNG_SPECIALIST)
        questionnaire = simple_questionnaire(
            organization,
            (QuestionKind.SHORT_TEXT, {"text": "Ваш предмет"}),
            (QuestionKind.LONG_TEXT, {"text": "В чём вам нужна помощь?"}),
        )
        first, second = questions(questionnaire)
        invitation = invite(questionnaire, person)
    return Respondent(f"{live_server.url}/q/{invitation.token}/"), invitation, first, second


def _answers(invitation) -> dict[int, object]:
    with scopes_disabled():
        return {a.question_id: a.value for a in Answer.objects.filter(response__invitation=invitation)}


def test_an_autosave_and_a_save_click_at_the_same_moment_both_succeed(respondent):
    tab, invitation, first, second = respondent
    for round_ in range(8):
        subject, help_text = f"Математика {round_}", f"Не успеваю проверять тетради ({round_})"
        autosave, click = _at_once(
            lambda s=subject: tab.post(f"save/{first.pk}/", {first.field_name: s}),
            lambda s=subject, h=help_text: tab.post(
                "", {first.field_name: s, second.field_name: h, "action": "save"}
            ),
        )
        assert autosave[0] == 200, autosave[1][:2000]
        assert "Сохранено в" in autosave[1]
        assert click[0] == 302, click[1][:2000]
        assert _answers(invitation) == {first.pk: subject, second.pk: help_text}
    with scopes_disabled():
        assert Response.objects.filter(invitation=invitation).count() == 1


def test_a_request_waits_for_another_writer_and_then_succeeds(respondent):
    """Another request holds the write lock (on SQLite the whole database, on PostgreSQL the invitation's
    row) and changes what this one has read: this one waits and saves, it neither fails nor answers 500.
    On SQLite this fails with DEFERRED transactions ("database is locked"): the setting is what keeps it."""
    tab, invitation, first, _second = respondent
    holding, hold_seconds = threading.Event(), 1.0

    def other_writer():
        try:
            with scopes_disabled(), transaction.atomic():
                Invitation.objects.select_for_update().get(pk=invitation.pk)
                Invitation.objects.filter(pk=invitation.pk).update(opened_at=timezone.now())
                holding.set()
                time.sleep(hold_seconds)
        finally:
            connection.close()

    writer = threading.Thread(target=other_writer)
    writer.start()
    assert holding.wait(timeout=30)
    started = time.monotonic()
    status, body = tab.post(f"save/{first.pk}/", {first.field_name: "Физика"})
    waited = time.monotonic() - started
    writer.join(timeout=30)

    assert status == 200, body[:2000]
    assert "Сохранено в" in body
    assert waited >= hold_seconds / 2, "the lock was not held while the request ran: nothing was tested"
    assert _answers(invitation) == {first.pk: "Физика"}
