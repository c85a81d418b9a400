"""The bases as lists: search, filters, htmx partial refresh, pagination, a fixed number of queries."""

import pytest
from django.db.models import Exists, OuterRef
from django.urls import reverse

from nastavnik.methodology.models import MentoringForm
from nastavnik.participants.models import Consent, MenteeRequest, MentorCompetence, Participant, RequestTopic
from tests.builders import give_consent, make_mentee, make_mentor, make_participant, make_pupil


@pytest.fixture
def url(organization):
    return reverse("participants:mentees", args=[organization.slug])


@pytest.fixture
def base(organization):
    pupil_form = MentoringForm.objects.get(code="pupil-pupil", organization=None)
    teacher_form = MentoringForm.objects.get(code="teacher-teacher", organization=None)
    with_consent = make_pupil(organization, last_name="Ёлкин", first_name="Артём", group="7Б")
    give_consent(with_consent, given_by=Consent.GivenBy.PARENT)
    make_mentee(organization, participant=with_consent, form=pupil_form, status="in_base")
    minor_self = make_pupil(organization, last_name="Берёзкина", first_name="Юлия", group="8А")
    give_consent(minor_self)  # a minor's own consent does not count
    make_mentee(organization, participant=minor_self, form=pupil_form)
    teacher = make_participant(
        organization, last_name="Сидорова", first_name="Анна", category="young_specialist"
    )
    give_consent(teacher)
    make_mentee(organization, participant=teacher, form=teacher_form, status="matched")
    return {"pupil_form": pupil_form, "teacher_form": teacher_form}


def names(response) -> set[str]:
    text = response.content.decode()
    return {n for n in ["Ёлкин", "Берёзкина", "Сидорова"] if n in text}


def test_the_list_shows_the_base(login, curator, url, base):
    response = login(curator).get(url)
    assert response.status_code == 200
    assert names(response) == {"Ёлкин", "Берёзкина", "Сидорова"}
    assert "Найдено наставляемых: 3" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=елкин", {"Ёлкин"}),  # case and ё do not matter
        ("q=АННА+сидорова", {"Сидорова"}),
        ("category=pupil", {"Ёлкин", "Берёзкина"}),
        ("category=young_specialist", {"Сидорова"}),
        ("status=matched", {"Сидорова"}),
        ("group=7б", {"Ёлкин"}),
        ("consent=yes", {"Ёлкин", "Сидорова"}),
        ("consent=no", {"Берёзкина"}),
        ("category=nonsense", {"Ёлкин", "Берёзкина", "Сидорова"}),  # a hand-edited URL is ignored, not a 500
        ("page=999", {"Ёлкин", "Берёзкина", "Сидорова"}),
        ("page=abc", {"Ёлкин", "Берёзкина", "Сидорова"}),
    ],
)
def test_filters(login, curator, url, base, query, expected):
    assert names(login(curator).get(f"{url}?{query}")) == expected


def test_filter_by_form(login, curator, url, base):
    response = login(curator).get(f"{url}?form={base['teacher_form'].pk}")
    assert names(response) == {"Сидорова"}
    assert login(curator).get(f"{url}?form=999999").status_code == 200


def test_other_apps_contribute_filters(login, curator, url, base, monkeypatch):
    """An app above participants adds a yes/no filter to the lists without participants importing it."""
    from nastavnik.participants import filters

    def in_class_7b(qs, yes, participant_pk):
        assert participant_pk == "participant__pk"
        in_7b = Participant.objects.filter(pk=OuterRef(participant_pk), group="7Б")
        return qs.filter(Exists(in_7b) if yes else ~Exists(in_7b))

    # the registry is shared by the form and the queries; setitem undoes the registration afterwards
    monkeypatch.setitem(
        filters.LIST_FILTERS, "in_7b", filters.ListFilter(name="in_7b", label="В 7Б", apply=in_class_7b)
    )
    page = login(curator).get(url)
    assert page.status_code == 200 and "В 7Б" in page.content.decode()
    assert names(login(curator).get(f"{url}?in_7b=yes")) == {"Ёлкин"}
    assert names(login(curator).get(f"{url}?in_7b=no")) == {"Берёзкина", "Сидорова"}
    assert names(login(curator).get(f"{url}?in_7b=maybe")) == {"Ёлкин", "Берёзкина", "Сидорова"}


def test_htmx_gets_only_the_table(login, curator, url, base):
    response = login(curator).get(f"{url}?q=сидор", headers={"HX-Request": "true"})
    content = response.content.decode()
    assert "<html" not in content and "<table" in content
    assert names(response) == {"Сидорова"}


def test_pagination_50_per_page(login, curator, url, organization):
    for i in range(55):
        make_mentee(organization, participant=make_participant(organization, last_name=f"Фамилия{i:03d}"))
    client = login(curator)
    first = client.get(url).content.decode()
    assert "Фамилия000" in first and "Фамилия049" in first and "Фамилия050" not in first
    assert "страница 1 из 2" in first
    second = client.get(f"{url}?page=2").content.decode()
    assert "Фамилия050" in second and "Фамилия054" in second


def _fill(organization, count: int):
    topics = list(RequestTopic.objects.filter(organization=None)[:3])
    form = MentoringForm.objects.filter(organization=None).first()
    for i in range(count):
        p = make_pupil(organization, last_name=f"Ученик{i}") if i % 2 else make_participant(organization)
        if i % 3 == 0:
            give_consent(p, given_by=Consent.GivenBy.PARENT)
        mentee = make_mentee(organization, participant=p, form=form)
        for topic in topics[:2]:
            MenteeRequest.objects.create(mentee=mentee, organization=organization, topic=topic)
        mentor = make_mentor(organization, participant=p, status="selected" if i % 2 else "active")
        mentor.forms.add(form)
        MentorCompetence.objects.create(mentor=mentor, organization=organization, title="Профориентация")


@pytest.mark.parametrize(
    "name",
    ["participants:mentees", "participants:mentors", "participants:register", "participants:partners"],
)
def test_query_count_does_not_grow_with_rows(
    name, login, curator, organization, django_assert_max_num_queries
):
    client = login(curator)
    url = reverse(name, args=[organization.slug])
    _fill(organization, 3)
    client.get(url)  # warm the session and caches
    with django_assert_max_num_queries(16) as few:
        assert client.get(url).status_code == 200
    _fill(organization, 60)
    # a list longer than a page needs its COUNT (a short one is counted from its rows: core.pagination)
    with django_assert_max_num_queries(len(few.captured_queries) + 1):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(len(few.captured_queries) + 1):
        assert client.get(f"{url}?consent=yes&q=ученик").status_code == 200


@pytest.mark.parametrize(
    "name",
    ["participants:mentees_export", "participants:mentors_export", "participants:register_export"],
)
def test_export_query_count_does_not_grow_with_rows(
    name, login, curator, organization, django_assert_max_num_queries
):
    client = login(curator)
    url = reverse(name, args=[organization.slug])
    _fill(organization, 3)
    client.get(url)
    with django_assert_max_num_queries(16) as few:
        assert client.get(url).status_code == 200
    _fill(organization, 40)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_mentors_list_filters(login, curator, organization):
    form = MentoringForm.objects.get(code="employer-pupil", organization=None)
    a = make_mentor(
        organization, participant=make_participant(organization, last_name="Ёлкин"), status="active"
    )
    a.forms.add(form)
    make_mentor(organization, participant=make_participant(organization, last_name="Сидорова"))
    url = reverse("participants:mentors", args=[organization.slug])
    client = login(curator)
    assert names(client.get(f"{url}?status=active")) == {"Ёлкин"}
    assert names(client.get(f"{url}?form={form.pk}")) == {"Ёлкин"}
    register = client.get(reverse("participants:register", args=[organization.slug]))
    assert names(register) == {"Ёлкин"}


def test_empty_organization_shows_empty_states(login, curator, organization):
    client = login(curator)
    assert (
        "Наставляемых не найдено"
        in client.get(reverse("participants:mentees", args=[organization.slug])).content.decode()
    )
    assert (
        "В реестре пока никого нет"
        in client.get(reverse("participants:register", args=[organization.slug])).content.decode()
    )


def test_the_lists_related_rows_are_those_of_the_profiles_in_their_order(organization, curator, monkeypatch):
    """`copy_annotations(rows, lists=True)` reads requests, forms and competences as plain values: the same
    labels, titles and codes, in the order of the profiles' own relations, across chunks of profiles."""
    from nastavnik.participants import queries

    monkeypatch.setattr(queries, "CHUNK", 2)
    topics = list(RequestTopic.objects.filter(organization=None)[:2])
    forms = list(MentoringForm.objects.filter(organization=None)[:3])
    for i in range(5):
        mentee = make_mentee(organization, participant=make_pupil(organization, last_name=f"Ученик{i}"))
        for priority, (topic, text) in enumerate(
            [(topics[0], ""), (None, f"своими словами {i}"), (topics[1], "и")]
        ):
            if i and (i + priority) % 3:  # the first mentee has none
                MenteeRequest.objects.create(
                    mentee=mentee, organization=organization, topic=topic, text=text, priority=priority % 2
                )
        mentor = make_mentor(
            organization, participant=make_participant(organization, last_name=f"Педагог{i}")
        )
        mentor.forms.set(forms[: i % 4])
        for title in ["Проекты", "ИКТ", "Аттестация"][: i % 4]:
            MentorCompetence.objects.create(mentor=mentor, organization=organization, title=title)
    mentees = queries.copy_annotations(queries.mentees(organization, curator), lists=True)
    mentors = queries.copy_annotations(queries.mentors(organization, curator), lists=True)
    assert len(mentees) == len(mentors) == 5
    assert any(m.request_list for m in mentees) and any(not m.request_list for m in mentees)
    for mentee in mentees:
        expected = [r.label for r in mentee.requests.select_related("topic").order_by("-priority", "pk")]
        assert [r.label for r in mentee.request_list] == expected
    for mentor in mentors:
        assert [(f.code, f.title) for f in mentor.form_list] == [
            (f.code, f.title) for f in mentor.forms.all()
        ]
        assert [c.title for c in mentor.competence_list] == [c.title for c in mentor.competences.all()]
