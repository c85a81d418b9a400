"""The bases: mentees and mentors of an organization — the list with search, and one person added.

The list is the pages' list (`participants.queries.mentees/mentors`, the same visibility: a person who
revoked consent is listed to the curator only). A new person is validated by the page's form
(`ParticipantForm`: names, dates, phone, e-mail) and written by the same services as the page
(`save_participant`, `ensure_mentee_profile`/`ensure_mentor_profile`, `add_request`/`add_competence`),
in one transaction. A person already in the base (the same name and birth date, as the import judges
duplicates) is a conflict: 409.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from nastavnik.methodology.models import MentoringForm
from nastavnik.organizations.models import Organization
from nastavnik.participants import forms, queries, services, tabular
from nastavnik.participants.models import MenteeProfile, MentorProfile, Participant, make_search_name

from ..common import Paging, organization, user_of
from ..errors import ERRORS, Conflict
from ..schemas import Page, Text

router = Router(tags=["bases"])
VIEW = "participants.view_base"
CHANGE = "participants.change_base"


class PersonBase(Schema):
    id: int = Field(description="Id of the profile (MenteeProfile / MentorProfile): used by pairings")
    participant: int = Field(description="Id of the person (Participant)")
    name: str = Field(description="«Фамилия И. О.»")
    category: str
    group: str
    minor: bool
    has_consent: bool = Field(
        description="A valid consent to personal-data processing (a parent's for a minor)"
    )
    consent_revoked: bool = Field(description="Consent revoked: the person is listed to the curator only")
    status: str


class MenteeOut(PersonBase):
    form: str | None
    requests: list[str]


class MentorOut(PersonBase):
    capacity: int
    forms: list[str]
    competences: list[str]


class MenteePage(Page):
    items: list[MenteeOut]


class MentorPage(Page):
    items: list[MentorOut]


class BaseQuery(Paging):
    q: Text(100) = Field("", description="Search by name (case and «ё» ignored)")  # type: ignore[valid-type]


class PersonIn(Schema):
    last_name: Text(150)  # type: ignore[valid-type]
    first_name: Text(150)  # type: ignore[valid-type]
    patronymic: Text(150) = ""  # type: ignore[valid-type]
    birth_date: dt.date | None = None
    gender: Literal["", "female", "male"] = ""
    category: Literal[
        "pupil", "student", "teacher", "young_specialist", "staff", "alumnus", "partner_employee"
    ]
    group: Text(50) = ""  # type: ignore[valid-type]
    subject: Text(200) = ""  # type: ignore[valid-type]
    experience_years: int | None = Field(None, ge=0, le=70)
    email: Text(254) = ""  # type: ignore[valid-type]
    phone: Text(32) = ""  # type: ignore[valid-type]


class MenteeIn(PersonIn):
    form: Text(64) | None = Field(None, description="Code of the form of mentoring")  # type: ignore[valid-type]
    requests: list[Text(1000)] = Field([], max_length=30)  # type: ignore[valid-type]


class MentorIn(PersonIn):
    capacity: int = Field(1, ge=1, le=30)
    forms: list[Text(64)] = Field([], max_length=20)  # type: ignore[valid-type]
    competences: list[Text(300)] = Field([], max_length=30)  # type: ignore[valid-type]
    experience: Text(5000) = ""  # type: ignore[valid-type]


# --- reading ------------------------------------------------------------------------------------------------
def _person(profile: MenteeProfile | MentorProfile) -> dict[str, Any]:
    person = profile.participant
    return {
        "id": profile.pk,
        "participant": person.pk,
        "name": person.short_name,
        "category": person.category,
        "group": person.group,
        "minor": person.is_minor,
        "has_consent": person.has_valid_consent,
        "consent_revoked": person.is_hidden_by_revocation,
        "status": profile.status,
    }


def _mentee(profile: MenteeProfile) -> dict[str, Any]:
    return {
        **_person(profile),
        "form": profile.form.code if profile.form else None,
        # the lists prefetch into plain lists (participants.queries); a profile read alone has none
        "requests": [r.label for r in _listed_or_all(profile, "request_list", "requests")],
    }


def _mentor(profile: MentorProfile) -> dict[str, Any]:
    return {
        **_person(profile),
        "capacity": profile.capacity,
        "forms": sorted(f.code for f in _listed_or_all(profile, "form_list", "forms")),
        "competences": [c.title for c in _listed_or_all(profile, "competence_list", "competences")],
    }


def _listed_or_all(profile: Any, prefetched: str, relation: str) -> Any:
    """The plain list the lists prefetch into (`participants.queries`), or the relation of a profile read alone."""
    rows = getattr(profile, prefetched, None)
    return rows if rows is not None else getattr(profile, relation).all()


def _listed(qs: Any, query: BaseQuery) -> tuple[list[Any], int]:
    count = qs.count()
    return queries.copy_annotations(qs[query.offset : query.offset + query.limit], lists=True), count


@router.get(
    "/organizations/{slug}/mentees/",
    response={200: MenteePage, **ERRORS},
    summary="The base of mentees",
    description="База наставляемых, как на странице: поиск `?q=` по ФИО, постранично. Человек, отозвавший "
    "согласие, виден только куратору. Кто может: куратор, рабочая группа, администрация.",
)
def mentees(request: HttpRequest, slug: str, query: Query[BaseQuery]) -> dict[str, Any]:
    org = organization(request, slug, VIEW)
    rows, count = _listed(queries.mentees(org, user_of(request), {"q": query.q}), query)
    return {"items": [_mentee(p) for p in rows], "count": count}


@router.get(
    "/organizations/{slug}/mentors/",
    response={200: MentorPage, **ERRORS},
    summary="The base of mentors",
    description="База наставников, как на странице: поиск `?q=` по ФИО, постранично. Человек, отозвавший "
    "согласие, виден только куратору. Кто может: куратор, рабочая группа, администрация.",
)
def mentors(request: HttpRequest, slug: str, query: Query[BaseQuery]) -> dict[str, Any]:
    org = organization(request, slug, VIEW)
    rows, count = _listed(queries.mentors(org, user_of(request), {"q": query.q}), query)
    return {"items": [_mentor(p) for p in rows], "count": count}


# --- writing ------------------------------------------------------------------------------------------------
def _forms_by_code(org: Organization, codes: list[str], field: str) -> list[MentoringForm]:
    """Forms of mentoring available to the organization by code (its own copy before the shipped one)."""
    found: dict[str, MentoringForm] = {}
    qs = MentoringForm.available_to(org).filter(code__in=set(codes))
    for form in qs.order_by(F("organization_id").asc(nulls_first=True)):
        found[form.code] = form  # the organization's own, ordered last, wins
    unknown = [c for c in codes if c not in found]
    if unknown:
        raise ValidationError(
            {field: _("Неизвестная форма наставничества: %(codes)s.") % {"codes": ", ".join(unknown)}}
        )
    return [found[c] for c in dict.fromkeys(codes)]


def _lock(org: Organization) -> None:
    """Two requests adding the same person at once: the second waits for the first and then finds it (the
    base has no unique constraint on names, whose spelling the duplicate check normalizes)."""
    Organization.objects.select_for_update().filter(pk=org.pk).values_list("pk").first()


def _new_participant(org: Organization, data: PersonIn, *, mentee: bool) -> Participant:
    """The page's form checks the person; its errors become the API's, field by field."""
    values = data.model_dump(include=set(PersonIn.model_fields))
    values["birth_date"] = values["birth_date"].isoformat() if values["birth_date"] else ""
    if values["experience_years"] is None:
        values["experience_years"] = ""
    form = forms.ParticipantForm(
        {**values, "as_mentee": mentee, "as_mentor": not mentee},
        instance=Participant(organization=org),
    )
    if not form.is_valid():
        raise ValidationError(
            {
                field: [str(m) for e in errors.as_data() for m in e.messages]
                for field, errors in form.errors.items()
            }
        )
    participant: Participant = form.save(commit=False)
    key = tabular.identity_key(
        participant.last_name, participant.first_name, participant.patronymic, participant.birth_date
    )
    # search_name is lowercase with «ё» as «е»: SQLite's iexact ignores the case of Latin letters only.
    same = Participant.objects.filter(
        organization=org,
        search_name=make_search_name(participant.last_name, participant.first_name, participant.patronymic),
    ).values_list("last_name", "first_name", "patronymic", "birth_date")
    if any(tabular.identity_key(*row) == key for row in same):
        raise Conflict(
            _("%(name)s с такой датой рождения уже есть в базе организации.")
            % {"name": participant.full_name}
        )
    return participant


def _one(qs: Any, pk: int) -> Any:
    rows = queries.copy_annotations(qs.filter(pk=pk), lists=True)
    return rows[0]


@router.post(
    "/organizations/{slug}/mentees/",
    response={201: MenteeOut, **ERRORS},
    summary="Add a mentee",
    description="Новый наставляемый с профилем и запросами — те же проверки, что в форме «Новый участник» "
    "(ФИО, даты, телефон, e-mail); человек с теми же ФИО и датой рождения уже в базе — 409. Согласие "
    "на обработку персональных данных (для несовершеннолетнего — законного представителя) записывается "
    "на сайте: скан или ссылка для родителя; до него человека нельзя включить в пару. "
    "Кто может: куратор, рабочая группа.",
)
def mentee_new(request: HttpRequest, slug: str, data: MenteeIn) -> Status[dict[str, Any]]:
    user = user_of(request)
    org = organization(request, slug, CHANGE)
    form = _forms_by_code(org, [data.form], "form")[0] if data.form else None
    requests = [" ".join(t.split()) for t in data.requests if t.strip()]
    with transaction.atomic():
        _lock(org)
        participant = services.save_participant(_new_participant(org, data, mentee=True), acting_user=user)
        profile = services.ensure_mentee_profile(participant, acting_user=user, form=form)
        for text in requests:
            services.add_request(profile, acting_user=user, text=text, source="other")
    return Status(201, _mentee(_one(queries.mentees(org, user), profile.pk)))


@router.post(
    "/organizations/{slug}/mentors/",
    response={201: MentorOut, **ERRORS},
    summary="Add a mentor",
    description="Новый (потенциальный) наставник с формами наставничества и компетенциями — те же проверки, "
    "что в форме «Новый участник»; человек с теми же ФИО и датой рождения уже в базе — 409. "
    "Кто может: куратор, рабочая группа.",
)
def mentor_new(request: HttpRequest, slug: str, data: MentorIn) -> Status[dict[str, Any]]:
    user = user_of(request)
    org = organization(request, slug, CHANGE)
    chosen = _forms_by_code(org, list(data.forms), "forms")
    competences = [" ".join(t.split()) for t in data.competences if t.strip()]
    with transaction.atomic():
        _lock(org)
        participant = services.save_participant(_new_participant(org, data, mentee=False), acting_user=user)
        origin = services.MENTOR_ORIGIN.get(participant.category, MentorProfile.Origin.STAFF)
        profile = services.ensure_mentor_profile(
            participant,
            acting_user=user,
            forms=chosen,
            origin=origin,
            capacity=data.capacity,
            experience=data.experience,
        )
        for title in competences:
            services.add_competence(profile, acting_user=user, title=title)
    return Status(201, _mentor(_one(queries.mentors(org, user), profile.pk)))
