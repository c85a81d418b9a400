"""Issue 13: hostile values posted to every form of the system answer without a 500 and write nothing on refusal.

The forms are found, not listed: the demo is loaded, its curator's pages are crawled from the start page
(links, htmx targets), and every <form method="post"> found is posted once per payload — NUL, a huge integer,
formula prefixes, a 10 kB string, a negative number — in every field at once (the formset's management fields
and the hidden ones included), each time with a bare-word `next`. The parents' consent link and a
questionnaire link are posted anonymously the same way. A refusal (the form again, 4xx) must leave the row
counts of every model of the system unchanged; audit history makes an edit count too. Every POST view of the
URLconf must have been reached, except the few listed with the reason.
"""

from __future__ import annotations

from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import Resolver404, resolve, reverse

from nastavnik.accounts.models import User
from nastavnik.core.demo import load_demo
from nastavnik.core.models import Notification
from nastavnik.matching import services as matching_services
from nastavnik.matching.models import MatchingRule, Mode
from nastavnik.matching.services import thesaurus as thesaurus_services
from nastavnik.organizations.models import Organization
from nastavnik.participants import services as participants_services
from nastavnik.participants.models import ConsentRequest, MenteeProfile, MentorProfile, Participant
from nastavnik.questionnaires.models import Invitation
from tests.roadmaps.roadmap_builders import SCHOOL_5

PAYLOADS = {
    "nul": "ab\x00cd",
    "huge": "99999999999999999999999",
    "formula": '=HYPERLINK("http://evil.example/","x")',
    "long": "Я" * 10_240,
    "negative": "-1",
}
MAX_PAGES_PER_VIEW = 2
MAX_FORMS_PER_VIEW = 2
HTMX_MARK = "htmx:"  # a link htmx follows: crawled with the HX-Request header
SKIP_PATHS = ("/static/", "/media/", "/admin/", "/accounts/logout")
#: Answer 200 after a write by design (no redirect): htmx autosave, a respondent's «save the draft», the page
#: of a background import job, a new API key (shown once, on the answer to the POST that made it).
WRITES_WITH_200 = {
    "questionnaires:autosave",
    "questionnaires:respond",
    "participants:import_mapping",
    "api_keys:tokens",
}
#: POST views the crawl cannot reach, and why.
NOT_REACHED = {
    "participants:import_mapping": "needs an uploaded file: tests/participants/test_import_*.py post to it",
    "accounts:password_reset_confirm": "needs a token from an e-mail: tests/accounts/test_password_reset.py",
    "accounts:login": "posted by tests/accounts/test_login.py and test_throttling.py",
    "accounts:logout": "ends the crawl's session",
    "accounts:password_reset": "sends e-mail: tests/accounts/test_password_reset.py",
    "mentoring:complete": "opens after a pair's final meeting, which no demo pair has held yet: "
    "tests/mentoring/test_work_pages.py::test_complete_and_end",
    "accounts:two_factor_verify": "the second step of a login with a device: tests/accounts/test_two_factor.py",
    "accounts:two_factor_disable": "needs an enrolled device: tests/accounts/test_two_factor.py",
    "accounts:two_factor_recovery_codes": "needs an enrolled device: tests/accounts/test_two_factor.py",
    "participants:consent_link_cancel": "needs an open parent's link, which the demo's crawl uses up first: "
    "tests/participants/test_person.py",
    "documents:publish": "shown on a built report or order only: "
    "tests/documents/test_pages.py::test_publish_puts_the_report_on_the_public_page",
    "documents:template_revert": "shown once an organization has its own template: "
    "tests/documents/test_pages.py::test_who_sees_what and test_template_page_lists_every_placeholder_and_uploads",
}


class Page(HTMLParser):
    """Links and post forms of a page: action, enctype and fields with their current values."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("href"):
            self.links.append(a["href"])
        if a.get("hx-get"):
            self.links.append(HTMX_MARK + a["hx-get"])
        if tag != "form" and a.get("hx-post") and a.get("name"):  # htmx autosave of one field
            self.forms.append(
                {
                    "action": a["hx-post"],
                    "post": True,
                    "multipart": False,
                    "fields": {a["name"]: [""]},
                    "files": [],
                }
            )
        if tag == "form":
            method = (a.get("method") or "get").lower()
            self._form = {
                "action": a.get("action") or a.get("hx-post") or "",
                "post": method == "post" or bool(a.get("hx-post")),
                "multipart": "multipart" in (a.get("enctype") or ""),
                "fields": defaultdict(list),
                "files": [],
            }
            self.forms.append(self._form)
        if self._form is None or not a.get("name"):
            return
        name, fields = a["name"], self._form["fields"]
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind == "file":
                self._form["files"].append(name)
            elif kind in ("checkbox", "radio"):
                fields[name].append(a.get("value", "on"))
            elif kind not in ("submit", "button", "image", "reset"):
                fields[name].append(a.get("value", ""))
        elif tag == "button" and a.get("value"):
            fields.setdefault(name, []).append(a["value"])
        elif tag == "select":
            self._select = name
            fields[name]
        elif tag == "option" and self._select:
            fields[self._select].append(a.get("value", ""))
        elif tag == "textarea":
            self._textarea = name
            fields[name].append("")

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def view_name(path: str) -> str | None:
    try:
        return resolve(urlsplit(path).path).view_name
    except Resolver404:
        return None


def counts() -> tuple[int, ...]:
    """Rows of every table of the system (history tables included), in one query."""
    tables = sorted(
        {
            m._meta.db_table
            for m in apps.get_models()
            if m.__module__.startswith("nastavnik.") or "Historical" in m.__name__
        }
    )
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables))
        return tuple(cursor.fetchone())


def crawl(client, starts: list[str]) -> tuple[list[tuple[str, dict]], set[str]]:
    """(page path, form) for every post form found; the view names seen."""
    queue, seen_paths, per_view = list(starts), set(), defaultdict(int)
    forms, form_views, views = [], defaultdict(int), set()
    while queue:
        path = queue.pop(0)
        htmx = path.startswith(HTMX_MARK)
        path = path.removeprefix(HTMX_MARK)
        name = view_name(path)
        if path in seen_paths or name is None or per_view[name] >= MAX_PAGES_PER_VIEW:
            continue
        seen_paths.add(path)
        per_view[name] += 1
        views.add(name)
        response = client.get(path, headers={"HX-Request": "true"} if htmx else {})
        assert response.status_code < 500, path
        if "text/html" not in response.get("Content-Type", "") or response.status_code != 200:
            continue
        page = Page()
        page.feed(response.content.decode())
        for link in page.links:
            mark = HTMX_MARK if link.startswith(HTMX_MARK) else ""
            target = urljoin(path, link.removeprefix(HTMX_MARK))
            if target.startswith("/") and not target.startswith(SKIP_PATHS):
                queue.append(mark + target.split("#")[0])
        for form in page.forms:
            action = urljoin(path, form["action"] or path)
            target = view_name(action)
            if action.startswith(SKIP_PATHS):
                continue  # the header's logout form would end the crawl's session
            if form["post"] and target and form_views[target] < MAX_FORMS_PER_VIEW:
                form_views[target] += 1
                forms.append((action, form))
    return forms, views


def post_hostile(client, action: str, form: dict, payload: str | None) -> None:
    data = {}
    for name, values in form["fields"].items():
        if payload is None:
            data[name] = values[:1] if values else [""]
        else:
            data[name] = [payload]
    data["next"] = ["abc"]
    for name in form["files"]:
        data[name] = [SimpleUploadedFile(f"{payload or 'файл'}"[:40] + ".docx", b"PK\x03\x04" + b"\x00" * 64)]
    before = counts()
    response = client.post(action, data)
    where = f"{action} {payload!r:.40}"
    assert response.status_code < 500, where
    assert not response.get("Location", "").startswith("/accounts/login"), f"session lost at {where}"
    if response.status_code not in (301, 302, 303) and view_name(action) not in WRITES_WITH_200:
        assert counts() == before, f"refused ({response.status_code}) but wrote: {where}"


def all_post_views() -> set[str]:
    """Views of the system whose source (decorators included) handles POST."""
    import inspect

    from django.urls import URLPattern, URLResolver, get_resolver

    names = set()

    def walk(patterns, namespace=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, f"{namespace}{p.namespace}:" if p.namespace else namespace)
            elif (
                isinstance(p, URLPattern)
                and p.name
                and p.callback.__module__.startswith("nastavnik.")
                and "POST" in inspect.getsource(inspect.unwrap(p.callback))
            ):
                names.add(namespace + p.name)

    walk(get_resolver().url_patterns)
    return names


def logged_in(client_class, email: str):
    client = client_class()
    client.force_login(User.objects.get(email=email), backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.mark.django_db
def test_hostile_values_in_every_form(client, settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    load_demo()
    staff = logged_in(client.__class__, "curator@demo.nastavnik.ru")
    parent = logged_in(client.__class__, "parent@demo.nastavnik.ru")
    mentor_user = logged_in(
        client.__class__, "mentor@demo.nastavnik.ru"
    )  # feedback on a meeting of their pair
    anonymous = client.__class__()
    school = Organization.objects.get(memberships__user__email="curator@demo.nastavnik.ru")
    mentor = MentorProfile.objects.filter(organization=school).first()
    draft = staff.post(
        reverse("roadmaps:import", args=[school.slug]),
        {"file": SimpleUploadedFile("карта.txt", SCHOOL_5.read_bytes())},
    )
    assert draft.status_code == 302
    # What the demo lacks for some forms: a matching run, a parent's consent link, an unread notification.
    curator = User.objects.get(email="curator@demo.nastavnik.ru")
    run = matching_services.run_matching(school, Mode.OPTIMAL, acting_user=curator)
    mentee = MenteeProfile.objects.filter(organization=school).first()
    matching_services.set_rule(school, mentee, mentor, MatchingRule.Kind.FORBID, acting_user=curator)
    minor = next(p for p in Participant.objects.filter(organization=school) if p.is_minor)
    participants_services.create_consent_request(minor, acting_user=curator)
    Notification.objects.create(user=curator, organization=school, text="Проверка", url="/")
    # Lines of the matching thesaurus, so that their delete forms exist; the region's coordinator edits theirs.
    region = school.municipality.region
    thesaurus_services.add_organization_entry(school, "ОГЭ = основной экзамен", acting_user=curator)
    thesaurus_services.add_region_entry(region, "ЕГЭ = единый экзамен", acting_user=None)
    coordinator = logged_in(client.__class__, "region@demo.nastavnik.ru")
    staff_starts = [
        reverse("matching:run", args=[school.slug, run.pk]),
        "/",
        draft["Location"],
        reverse("participants:person", args=[school.slug, mentor.participant_id]),
    ]
    done: set[tuple[str, str]] = set()
    reached: set[str | None] = set()
    for _round in range(2):  # the first round's valid posts (a matching run, a consent link) open more pages
        tokens = [f"/q/{i.token}/" for i in Invitation.objects.filter(submitted_at__isnull=True)[:1]]
        tokens += [f"/consent/{c.token}/" for c in ConsentRequest.objects.filter(used_at__isnull=True)[:1]]
        for who, starts in (
            (anonymous, tokens),
            (staff, staff_starts),
            (parent, ["/"]),
            (mentor_user, ["/"]),
            (
                coordinator,
                [
                    reverse("matching:region_thesaurus", args=[region.slug]),
                    reverse("regions:targets", args=[region.slug]),
                ],
            ),
        ):
            forms, _views = crawl(who, starts)
            # Deleting and revoking last, so that they do not take the other forms' objects away first.
            forms.sort(key=lambda item: any(w in item[0] for w in ("delete", "revoke", "cancel")))
            for action, form in forms:
                key = (view_name(action), " ".join(sorted(form["fields"])))
                if key in done:
                    continue
                done.add(key)
                reached.add(key[0])
                for payload in [*PAYLOADS.values(), None]:
                    post_hostile(who, action, form, payload)
        # The respondent's autosave (hx-post on a field's wrapper): each question of the link's form.
        for invitation in Invitation.objects.filter(submitted_at__isnull=True)[:1]:
            for question in invitation.questionnaire.questions.all()[:6]:
                action = reverse("questionnaires:autosave", args=[invitation.token, question.pk])
                form = {"fields": {question.field_name: [""]}, "files": []}
                for payload in PAYLOADS.values():
                    post_hostile(anonymous, action, form, payload)
                reached.add("questionnaires:autosave")
    assert len(done) >= 40, sorted(done)
    missing = all_post_views() - reached - set(NOT_REACHED)
    assert not missing, f"POST views the fuzz did not reach: {sorted(missing)}"
