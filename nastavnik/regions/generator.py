"""A synthetic region for benchmarks and demonstrations: `manage.py generate_region`.

Municipalities, organizations, and in each organization a base of participants (plausible Russian names, ages
by category), mentee and mentor profiles, consents, pairings of the shipped forms with their members, meetings
of the methodology's sequence with feedback, a roadmap with activities (some overdue), and — when the monitoring
contingents (the denominators of the indicators). Organizations differ on purpose (involvement from a few per cent to most
pupils, small village schools with a handful of mentees) so that the region's dashboard has laggards and
small counts to suppress.

Fast: every table is written with `participants.bulk.insert_rows` (COPY on PostgreSQL) in batches of
organizations, primary keys reserved up front, so that 1,000 organizations × 1,000 participants fit in
minutes. Deterministic for a given seed. No history rows (like the bulk import: a generated region is not
anybody's work).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from nastavnik.methodology.models import MentoringForm
from nastavnik.monitoring.models import Contingent
from nastavnik.organizations.models import Municipality, Organization, Region
from nastavnik.participants.bulk import insert_rows
from nastavnik.participants.models import Consent, MenteeProfile, MentorProfile, Participant, make_search_name

from . import names

BATCH_ORGANIZATIONS = 25


@dataclass
class OrganizationFacts:
    """What the generator knows of an organization it made: the figures a contingent needs."""

    learners_total: int = 0
    learners_in_age: int = 0
    teachers_total: int = 0
    young_specialists_total: int = 0


@dataclass
class GenerationResult:
    region: Region
    municipalities: int = 0
    organizations: int = 0
    counts: dict[str, int] = field(default_factory=dict)


def _value(field_: models.Field[Any, Any], now: dt.datetime) -> Any:
    """The value a column gets when a generated row does not name it."""
    if getattr(field_, "auto_now", False) or getattr(field_, "auto_now_add", False):
        return now if isinstance(field_, models.DateTimeField) else now.date()
    if field_.has_default():
        return field_.get_default()
    if getattr(field_, "db_default", models.NOT_PROVIDED) is not models.NOT_PROVIDED:
        return field_.db_default.value if hasattr(field_.db_default, "value") else None
    if field_.null:
        return None
    if isinstance(field_, models.CharField | models.TextField | models.FileField):
        return ""
    raise ValueError(f"{field_.model.__name__}.{field_.name} needs a value")


class Writer:
    """Collects rows per model (dicts of attnames) and writes them with every concrete column filled."""

    def __init__(self) -> None:
        self.now = timezone.now()
        self.counts: dict[str, int] = {}
        self.models: set[type[models.Model]] = set()

    def ids(self, model: type[models.Model], count: int) -> list[int]:
        from nastavnik.participants.bulk import _reserve_ids

        return _reserve_ids(model, count) if count else []

    def write(self, model: type[models.Model], rows: Sequence[dict[str, Any]]) -> None:
        if not rows:
            return
        fields = [
            f
            for f in model._meta.concrete_fields
            if not f.primary_key or "id" in rows[0]  # pk only when reserved
        ]
        names_ = [("pk" if f.primary_key else f.name) for f in fields]
        json_fields = {i for i, f in enumerate(fields) if isinstance(f, models.JSONField)}
        given = rows[0].keys()
        defaults = [None if f.attname in given else _value(f, self.now) for f in fields]
        table: list[tuple[Any, ...]] = []
        for row in rows:
            values = []
            for i, f in enumerate(fields):
                value = row[f.attname] if f.attname in given else defaults[i]
                if i in json_fields:
                    value = json.dumps(value, ensure_ascii=False)
                values.append(value)
            table.append(tuple(values))
        insert_rows(model, names_, table)
        self.counts[model._meta.label] = self.counts.get(model._meta.label, 0) + len(rows)
        self.models.add(model)


def _profile_ids(writer: Writer, model: type[models.Model], rows: list[dict[str, Any]]) -> dict[int, int]:
    """Reserve the primary keys of mentor or mentee profile rows and put them in; participant id → profile id."""
    by_participant = {}
    for row, pk in zip(rows, writer.ids(model, len(rows)), strict=True):
        row["id"] = pk
        by_participant[row["participant_id"]] = pk
    return by_participant


def _birth(rng: random.Random, year: int, age_from: int, age_to: int) -> dt.date:
    age = rng.randint(age_from, age_to)
    return dt.date(year - age, rng.randint(1, 12), rng.randint(1, 28))


def _person(rng: random.Random) -> tuple[str, str, str, str]:
    gender = rng.choice(("male", "female"))
    last = rng.choice(names.SURNAMES)
    if gender == "female":
        last = names.feminine(last)
        first = rng.choice(names.FEMALE_NAMES)
        patronymic = names.patronymic(rng.choice(names.MALE_NAMES), female=True)
    else:
        first = rng.choice(names.MALE_NAMES)
        patronymic = names.patronymic(rng.choice(names.MALE_NAMES), female=False)
    return last, first, patronymic, gender


def _sizes(rng: random.Random, count: int, participants: int) -> list[int]:
    """Participants per organization: about one in seven is a small village school (a tenth of the size),
    the others share the rest, so that the batch holds exactly count × participants people."""
    if participants < 20:
        return [participants] * count
    small = [rng.random() < 0.15 for _ in range(count)]
    if all(small):
        small[0] = False
    small_size = participants // 10
    rest = count * participants - small_size * sum(small)
    big = [i for i in range(count) if not small[i]]
    sizes = [small_size if s else 0 for s in small]
    for position, index in enumerate(big):
        sizes[index] = rest // len(big) + (1 if position < rest % len(big) else 0)
    return sizes


def generate_region(
    slug: str,
    *,
    organizations: int,
    participants_per_organization: int,
    academic_year: int,
    name: str = "",
    seed: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> GenerationResult:
    """Create (or add to) the region `slug`. Trusted caller (a command): no permission check, no acting user:
    generated rows are nobody's work. Each batch of organizations is one transaction."""
    rng = random.Random(seed)
    region, _created = Region.objects.get_or_create(slug=slug, defaults={"name": name or f"Регион {slug}"})
    municipality_count = max(1, min(60, math.isqrt(organizations)))
    municipalities: list[Municipality] = []
    for index in range(municipality_count):
        title = names.MUNICIPALITIES[index % len(names.MUNICIPALITIES)]
        if index >= len(names.MUNICIPALITIES):
            title = f"{title} {index // len(names.MUNICIPALITIES) + 1}"
        municipality, _ = Municipality.objects.get_or_create(
            region=region, name=title, defaults={"slug": f"{slug}-m{index + 1}"}
        )
        municipalities.append(municipality)
    forms = {f.code: f for f in MentoringForm.objects.filter(organization__isnull=True)}
    writer = Writer()
    start = Organization.objects.filter(municipality__region=region).count()
    done = 0
    while done < organizations:
        size = min(BATCH_ORGANIZATIONS, organizations - done)
        with transaction.atomic():
            _batch(
                writer,
                rng,
                region,
                municipalities,
                forms,
                first_number=start + done + 1,
                count=size,
                participants=participants_per_organization,
                year=academic_year,
            )
        done += size
        if progress is not None:
            progress(done, organizations)
    if connection.vendor == "postgresql":
        # Fresh statistics for the planner and, outside a transaction, the visibility map (VACUUM): without
        # it the index-only scans of the indicators go to the heap for every freshly copied row.
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            for model in writer.models:
                cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")
    return GenerationResult(
        region=region, municipalities=len(municipalities), organizations=organizations, counts=writer.counts
    )


def _batch(
    writer: Writer,
    rng: random.Random,
    region: Region,
    municipalities: list[Municipality],
    forms: dict[str, MentoringForm],
    *,
    first_number: int,
    count: int,
    participants: int,
    year: int,
) -> None:
    from nastavnik.mentoring.models import Feedback, Meeting, Pairing, PairingMember
    from nastavnik.roadmaps.models import Activity, Programme, Roadmap, Stage

    org_ids = writer.ids(Organization, count)
    org_rows = []
    facts: dict[int, OrganizationFacts] = {}
    for offset, org_id in enumerate(org_ids):
        number = first_number + offset
        municipality = municipalities[(number - 1) % len(municipalities)]
        kind, short, full = names.organization_name(rng, number, municipality.name)
        org_rows.append(
            {
                "id": org_id,
                "municipality_id": municipality.pk,
                "kind": kind,
                "full_name": full,
                "short_name": short,
                "slug": f"{region.slug}-{number}",
                "address": f"{municipality.name}, ул. {rng.choice(names.STREETS)}, {rng.randint(1, 120)}",
            }
        )
    writer.write(Organization, org_rows)

    people: list[dict[str, Any]] = []
    mentees: list[dict[str, Any]] = []
    mentors: list[dict[str, Any]] = []
    consents: list[dict[str, Any]] = []
    pairings: list[dict[str, Any]] = []
    members: list[dict[str, Any]] = []
    meetings: list[dict[str, Any]] = []
    feedback: list[dict[str, Any]] = []
    year_start = dt.datetime(year, 9, 1, 9, 0, tzinfo=dt.UTC)
    today = timezone.now()
    pupil_forms = [forms[c] for c in ("pupil-pupil", "student-pupil", "employer-pupil") if c in forms]
    teacher_form = forms.get("teacher-teacher")

    # Participants first: their ids are reserved for the whole batch.
    plan: list[tuple[int, list[tuple[str, int]]]] = []  # org id → [(category, index in people)]
    for org_id, size in zip(org_ids, _sizes(rng, len(org_ids), participants), strict=True):
        roster: list[tuple[str, int]] = []
        teachers = max(2, size // 8)
        young = max(1, teachers // 6)
        pupils = max(0, size - teachers - young)
        fact = OrganizationFacts()
        for category, amount in (("pupil", pupils), ("teacher", teachers), ("young_specialist", young)):
            for _ in range(amount):
                last, first, patronymic, gender = _person(rng)
                if category == "pupil":
                    birth = _birth(rng, year, 7, 17)
                    group = f"{year - birth.year - 6}{rng.choice('АБВ')}"
                    experience = None
                else:
                    birth = _birth(rng, year, 22 if category == "young_specialist" else 27, 62)
                    group = ""
                    experience = rng.randint(0, 3) if category == "young_specialist" else rng.randint(4, 40)
                people.append(
                    {
                        "organization_id": org_id,
                        "last_name": last,
                        "first_name": first,
                        "patronymic": patronymic,
                        "birth_date": birth,
                        "gender": gender,
                        "category": category,
                        "group": group,
                        "subject": "" if category == "pupil" else rng.choice(names.SUBJECTS),
                        "experience_years": experience,
                        "search_name": make_search_name(last, first, patronymic),
                    }
                )
                roster.append((category, len(people) - 1))
        fact.learners_total = pupils
        fact.learners_in_age = sum(
            1 for c, i in roster if c == "pupil" and 10 <= year - people[i]["birth_date"].year <= 18
        )
        fact.teachers_total = teachers + young
        fact.young_specialists_total = young
        facts[org_id] = fact
        plan.append((org_id, roster))
    person_ids = writer.ids(Participant, len(people))
    for person, pk in zip(people, person_ids, strict=True):
        person["id"] = pk
    writer.write(Participant, people)

    for org_id, roster in plan:
        involvement = rng.choice((0.02, 0.05, 0.1, 0.2, 0.3, 0.45, 0.6))
        pupil_rows = [people[i] for c, i in roster if c == "pupil"]
        staff_rows = [people[i] for c, i in roster if c == "teacher"]
        young_rows = [people[i] for c, i in roster if c == "young_specialist"]
        rng.shuffle(pupil_rows)
        mentee_pupils = pupil_rows[: max(0, round(len(pupil_rows) * involvement))]
        peer_mentors = pupil_rows[len(mentee_pupils) : len(mentee_pupils) + len(mentee_pupils) // 8]
        mentee_young = young_rows[: max(0, round(len(young_rows) * rng.uniform(0.3, 1.0)))]
        teacher_mentors = staff_rows[: max(1, len(staff_rows) // 3)]
        # pairings: young specialists with a teacher each; pupils in groups of 1–4 with teachers or peers
        groups: list[tuple[dict[str, Any], list[dict[str, Any]], MentoringForm | None]] = []
        for i, person in enumerate(mentee_young):
            groups.append((teacher_mentors[i % len(teacher_mentors)], [person], teacher_form))
        cursor = 0
        mentor_pool = teacher_mentors + peer_mentors
        while cursor < len(mentee_pupils) and mentor_pool and pupil_forms:
            size = rng.choice((1, 1, 1, 2, 3, 4))
            chunk = mentee_pupils[cursor : cursor + size]
            cursor += size
            mentor = mentor_pool[(cursor // 3) % len(mentor_pool)]
            form = forms.get("pupil-pupil") if mentor["category"] == "pupil" else rng.choice(pupil_forms)
            groups.append((mentor, chunk, form))
        mentor_profile: dict[int, int] = {}
        for mentor, _chunk, _form in groups:
            if mentor["id"] not in mentor_profile:
                mentor_profile[mentor["id"]] = len(mentors)
                mentors.append(
                    {
                        "organization_id": org_id,
                        "participant_id": mentor["id"],
                        "origin": "student" if mentor["category"] == "pupil" else "staff",
                        "capacity": 5,
                        "availability": [],
                        "status": "active",
                    }
                )
        mentee_profile: dict[int, int] = {}
        for _mentor, chunk, form in groups:
            for person in chunk:
                mentee_profile[person["id"]] = len(mentees)
                mentees.append(
                    {
                        "organization_id": org_id,
                        "participant_id": person["id"],
                        "form_id": form.pk if form else None,
                        "status": "matched",
                        "priority": 1,
                        "preferred_mentor_gender": "",
                    }
                )
        for person in [m for m, _c, _f in groups] + [p for _m, c, _f in groups for p in c]:
            minor = year - person["birth_date"].year < 18
            consents.append(
                {
                    "organization_id": org_id,
                    "participant_id": person["id"],
                    "kind": "personal_data",
                    "given_by": "parent" if minor else "self",
                    "representative_name": "",
                    "given_at": year_start,
                    "method": "scan",
                }
            )
        for mentor, chunk, form in groups:
            if form is None:
                continue
            roll = rng.random()
            status = "active" if roll < 0.8 else "completed" if roll < 0.95 else "ended_early"
            approved = year_start + dt.timedelta(days=rng.randint(0, 50))
            pairings.append(
                {
                    "_org": org_id,
                    "organization_id": org_id,
                    "_mentor": mentor["id"],
                    "form_id": form.pk,
                    "kind": "individual" if len(chunk) == 1 else "group",
                    "status": status,
                    "approved_at": approved,
                    "ended_at": approved + dt.timedelta(days=200) if status != "active" else None,
                    "end_reason": "participant_wish" if status == "ended_early" else "",
                    "_chunk": chunk,
                }
            )

    by_participant_mentor = _profile_ids(writer, MentorProfile, mentors)
    by_participant_mentee = _profile_ids(writer, MenteeProfile, mentees)
    writer.write(MentorProfile, mentors)
    writer.write(MenteeProfile, mentees)
    writer.write(Consent, consents)

    pairing_ids = writer.ids(Pairing, len(pairings))
    kinds = ["intro", "trial", "planning", "working", "working", "working", "final"]
    meeting_specs: list[tuple[dict[str, Any], list[dict[str, Any]]]] = []
    for row, pk in zip(pairings, pairing_ids, strict=True):
        row["id"] = pk
        row["mentor_id"] = by_participant_mentor[row.pop("_mentor")]
        chunk = row.pop("_chunk")
        org_id = row.pop("_org")
        for person in chunk:
            members.append(
                {
                    "organization_id": org_id,
                    "pairing_id": pk,
                    "mentee_id": by_participant_mentee[person["id"]],
                }
            )
        held = rng.randint(1, 6) if row["status"] == "active" else 7
        for number in range(held):
            starts = row["approved_at"] + dt.timedelta(days=7 + 21 * number, hours=rng.randint(0, 6))
            if starts > today:
                break
            meeting = {
                "organization_id": org_id,
                "pairing_id": pk,
                "kind": kinds[min(number, len(kinds) - 1)] if number < held - 1 or held < 7 else "final",
                "starts_at": starts,
                "duration_minutes": 45,
                "status": "held",
                "held_at": starts + dt.timedelta(hours=1),
                "topic": "",
            }
            meeting_specs.append((meeting, chunk))
    writer.write(Pairing, pairings)
    writer.write(PairingMember, members)
    meeting_ids = writer.ids(Meeting, len(meeting_specs))
    for (meeting, chunk), pk in zip(meeting_specs, meeting_ids, strict=True):
        meeting["id"] = pk
        meetings.append(meeting)
        for person in chunk:
            if rng.random() < 0.85:
                feedback.append(
                    {
                        "organization_id": meeting["organization_id"],
                        "meeting_id": pk,
                        "participant_id": person["id"],
                        "is_mentor": False,
                        "usefulness": rng.randint(5, 10),
                        "comfort": rng.randint(5, 10),
                        "comment": "",
                        "private": False,
                    }
                )
    writer.write(Meeting, meetings)
    writer.write(Feedback, feedback)

    # Roadmaps: a programme, a roadmap of the year, three stages, a dozen activities (some overdue).
    programme_ids = writer.ids(Programme, len(org_ids))
    roadmap_ids = writer.ids(Roadmap, len(org_ids))
    stage_ids = writer.ids(Stage, 3 * len(org_ids))
    programmes, roadmaps, stages, activities = [], [], [], []
    for index, org_id in enumerate(org_ids):
        programmes.append(
            {
                "id": programme_ids[index],
                "organization_id": org_id,
                "title": "Программа наставничества",
                "academic_year_from": year,
                "academic_year_to": year + 2,
            }
        )
        roadmaps.append(
            {
                "id": roadmap_ids[index],
                "organization_id": org_id,
                "programme_id": programme_ids[index],
                "title": f"Дорожная карта на {year}/{(year + 1) % 100:02d} учебный год",
                "academic_year": year,
                "warnings": [],
            }
        )
        diligence = rng.random()
        for s, (stage_title, items) in enumerate(names.ROADMAP):
            stage_id = stage_ids[3 * index + s]
            stages.append(
                {
                    "id": stage_id,
                    "organization_id": org_id,
                    "roadmap_id": roadmap_ids[index],
                    "position": s,
                    "number": str(s + 1),
                    "title": stage_title,
                    "deadline_warnings": [],
                }
            )
            for a, (title, month) in enumerate(items):
                end = dt.date(year + (1 if month < 9 else 0), month, 28)
                past = end < today.date()
                done = past and rng.random() < diligence
                activities.append(
                    {
                        "organization_id": org_id,
                        "roadmap_id": roadmap_ids[index],
                        "stage_id": stage_id,
                        "position": a,
                        "number": f"{s + 1}.{a + 1}",
                        "title": title,
                        "deadline_text": end.strftime("до %d.%m.%Y"),
                        "deadline_end": end,
                        "deadline_warnings": [],
                        "status": "done" if done else "planned",
                        "completed_on": end if done else None,
                    }
                )
    writer.write(Programme, programmes)
    writer.write(Roadmap, roadmaps)
    writer.write(Stage, stages)
    writer.write(Activity, activities)
    writer.write(
        Contingent,
        [
            {
                "organization_id": org_id,
                "academic_year": year,
                "learners_total": f.learners_total,
                "learners_in_age": f.learners_in_age,
                "teachers_total": f.teachers_total,
                "young_specialists_total": f.young_specialists_total,
            }
            for org_id, f in facts.items()
        ],
    )
