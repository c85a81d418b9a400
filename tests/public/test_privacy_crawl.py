"""No mentee's and no minor's name, and no adult's name without a publication consent in force, is on any public
URL: the test walks every page reachable from /p/<slug>/ (links within /p/), the Atom feed and the regional
honor board, and looks for every name form the system stores (surname, first name, patronymic, full name),
case-insensitively. Honor board entries of people who may not be shown are written directly into the table,
bypassing the service's check, to prove that the page itself filters them."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest

from nastavnik.participants.models import Consent
from nastavnik.public import services
from tests.builders import (
    give_consent,
    give_publication_consent,
    jpeg,
    make_honor_entry,
    make_mentee,
    make_mentor,
    make_organization,
    make_pairing,
    make_participant,
    make_public_page,
    make_pupil,
    pupil_form,
)


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def _crawl(client, start: str, extra: list[str]) -> dict[str, str]:
    seen: dict[str, str] = {}
    queue = [start, *extra]
    while queue:
        url = queue.pop()
        path = urlsplit(url).path
        if path in seen or not path.startswith("/p/"):
            continue
        response = client.get(path)
        assert response.status_code == 200, path
        body = response.content.decode("utf-8", errors="replace")
        seen[path] = body
        if response["Content-Type"].startswith(("text/html", "application/atom+xml")):
            parser = Links()
            parser.feed(body)
            queue.extend(urljoin(path, link) for link in parser.links)
    return seen


def _names(person) -> list[str]:
    return [person.last_name, person.first_name, person.patronymic, person.full_name]


@pytest.fixture
def school(db):
    organization = make_organization()
    make_public_page(organization, intro="Программа наставничества школы")
    return organization


def _populate(organization, n: int):
    """Everyone who may not be shown, and one mentor who may (returned last)."""
    hidden = []
    # Mentees: pupils (minors, with their parents' consent to processing) and a young teacher (adult).
    pupils = [
        make_pupil(organization, name=f"Щукина{n} Ульяна{n} Глебовна{n}"),
        make_pupil(organization, name=f"Юдин{n} Савва{n} Ильич{n}", age=16),
    ]
    for pupil in pupils:
        give_consent(pupil, given_by=Consent.GivenBy.PARENT)
    young = make_participant(
        organization, name=f"Ярцева{n} Эльвира{n} Тимуровна{n}", category="young_specialist"
    )
    give_publication_consent(young)  # an adult mentee: still never on the board (not a mentor)
    mentees = [make_mentee(organization, p) for p in (*pupils, young)]
    hidden += [*pupils, young]

    # Mentors who may not be shown, each put on the board directly.
    unconsented = make_mentor(
        organization, make_participant(organization, name=f"Цыганова{n} Ефросинья{n} Марковна{n}")
    )
    revoked = make_mentor(
        organization, make_participant(organization, name=f"Шувалов{n} Евграф{n} Саввич{n}")
    )
    give_publication_consent(revoked.participant, revoked=True)
    minor = make_mentor(
        organization, make_pupil(organization, name=f"Фомичёва{n} Злата{n} Олеговна{n}", age=17)
    )
    give_consent(minor.participant, given_by=Consent.GivenBy.PARENT, kind=Consent.Kind.PUBLICATION)
    processing_revoked = make_mentor(
        organization, make_participant(organization, name=f"Хорошилов{n} Прохор{n} Ильич{n}")
    )
    give_publication_consent(processing_revoked.participant)
    give_consent(processing_revoked.participant, revoked=True)  # personal-data consent revoked: hidden
    for mentor in (unconsented, revoked, minor, processing_revoked):
        make_honor_entry(mentor, text="Отличный наставник", photo=jpeg())
        hidden.append(mentor.participant)

    shown = make_mentor(
        organization, make_participant(organization, name=f"Лебедева{n} Алла{n} Романовна{n}")
    )
    give_publication_consent(shown.participant)
    services.add_honor_entry(shown, text="Наставник молодых педагогов", photo=jpeg(), acting_user=None)

    make_pairing(organization, shown, mentees[2])
    make_pairing(organization, minor, mentees[0], mentees[1], form=pupil_form())
    make_pairing(organization, unconsented, make_mentee(organization))
    services.save_case(
        organization, title="Кейс года", text="Ученица 7 класса подготовила проект", acting_user=None
    )
    services.save_news(organization, title="Итоги года", text="Пары завершили работу", acting_user=None)
    services.publish_document(
        organization,
        title="Положение",
        kind="regulation",
        filename="p.pdf",
        content=b"%PDF-1.4 regulation",
        acting_user=None,
    )
    return hidden, shown.participant


def test_no_public_url_names_a_mentee_a_minor_or_an_unconsented_adult(client, school):
    hidden, shown = _populate(school, 1)
    neighbour = make_organization(region=school.municipality.region)
    make_public_page(neighbour)
    hidden_2, shown_2 = _populate(neighbour, 2)
    region = f"/p/region/{school.municipality.region.slug}/"

    pages = _crawl(client, f"/p/{school.slug}/", [f"/p/{school.slug}/news/feed/", region])
    # The crawl reached every kind of public URL.
    kinds = {"honor/", "cases/", "news/", "news/feed/", "photo.jpg", "/documents/", "/region/"}
    assert all(any(kind in path for path in pages) for kind in kinds), sorted(pages)

    for path, body in pages.items():
        text = body.lower()
        for person in hidden + hidden_2:
            for name in _names(person):
                assert name.lower() not in text, f"{name} is on {path}"
    # The one consented adult mentor of each school is there (the check above can fail).
    assert any(shown.full_name in body for body in pages.values())
    assert shown_2.full_name in pages[region]


def test_the_figures_hide_small_counts(client, school):
    _populate(school, 1)
    body = client.get(f"/p/{school.slug}/").content.decode()
    assert "&lt; 5" in body
    figures = body[body.index('id="figures-h"') : body.index("</table>")]
    assert not any(f">{n}<" in figures for n in range(1, 5))
