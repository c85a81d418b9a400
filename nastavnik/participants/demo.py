"""Demo bases for the demo school: ~30 mentees (teachers and pupils), 12 mentors, 2 partners, linked demo users.

Idempotent: people are found by name and birth date, partners by name; nothing is created twice.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_scopes import scopes_disabled

from nastavnik.accounts.models import User
from nastavnik.methodology.models import MentoringForm
from nastavnik.organizations.models import Organization

from . import services
from .models import (
    Consent,
    MenteeProfile,
    MentorProfile,
    Participant,
    Partner,
    RequestTopic,
    TrainingRecord,
)

SCHOOL = "sosh5-edissiya"
MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

PARTNERS = [
    {
        "name": "АО «Ставропольсельхозмаш»",
        "kind": Partner.Kind.ENTERPRISE,
        "contact_person": "Волков Дмитрий Петрович",
        "phone": "+7 (8652) 55-12-40",
        "email": "hr@selhozmash.example.ru",
        "agreement": "Соглашение о сотрудничестве № 14 от 01.09.2024: профориентация, экскурсии, наставники из числа инженеров.",
    },
    {
        "name": "Ставропольский государственный педагогический институт",
        "kind": Partner.Kind.UNIVERSITY,
        "contact_person": "Коваленко Инна Сергеевна",
        "phone": "+7 (8652) 26-19-44",
        "email": "practice@sspi.example.ru",
        "agreement": "Договор о практической подготовке студентов; студенты-наставники для проектной деятельности.",
    },
]


def _age(years: int, day: int = 1, month: int = 3) -> dt.date:
    today = timezone.localdate()
    return dt.date(today.year - years, month, min(day, 28))


# (last, first, patronymic, birth date, gender, category, group, subject, experience, requests, form, consent)
# consent: "parent" (parent's consent), "self", "revoked", None
MENTEES = [
    (
        "Ахмедов",
        "Руслан",
        "Ибрагимович",
        _age(24, 12, 5),
        "male",
        "young_specialist",
        "",
        "Информатика",
        1,
        ["Дисциплина на уроке", "Применение ИКТ", "Составление рабочей программы"],
        "teacher-teacher",
        "self",
    ),
    (
        "Белоусова",
        "Кристина",
        "Андреевна",
        _age(23, 3, 8),
        "female",
        "young_specialist",
        "",
        "Начальные классы",
        0,
        ["Работа с родителями", "Классное руководство"],
        "teacher-teacher",
        "self",
    ),
    (
        "Гончаренко",
        "Виктория",
        "Олеговна",
        _age(26, 17, 2),
        "female",
        "young_specialist",
        "",
        "Английский язык",
        2,
        ["Подготовка к аттестации", "Планирование и структура урока"],
        "teacher-teacher",
        "self",
    ),
    (
        "Магомедов",
        "Шамиль",
        "Арсенович",
        _age(25, 9, 11),
        "male",
        "young_specialist",
        "",
        "Физическая культура",
        1,
        ["Оценивание и ведение документации"],
        "teacher-teacher",
        None,
    ),
    (
        "Сидоренко",
        "Алина",
        "Викторовна",
        _age(27, 21, 6),
        "female",
        "teacher",
        "",
        "Химия",
        5,
        ["Подготовка обучающихся к ГИА", "Освоение современных образовательных технологий"],
        "teacher-teacher",
        "self",
    ),
    (
        "Тарасова",
        "Ольга",
        "Николаевна",
        _age(22, 30, 9),
        "female",
        "young_specialist",
        "",
        "Русский язык и литература",
        0,
        ["Дисциплина на уроке", "Работа с мотивацией обучающихся"],
        "teacher-teacher",
        "self",
    ),
    (
        "Шевченко",
        "Денис",
        "Игоревич",
        _age(24, 14, 4),
        "male",
        "young_specialist",
        "",
        "История и обществознание",
        1,
        ["Работа с родителями"],
        "teacher-teacher",
        None,
    ),
    (
        "Смирнов",
        "Артём",
        "Дмитриевич",
        _age(13, 4, 10),
        "male",
        "pupil",
        "7Б",
        "",
        None,
        ["Трудности в учёбе по предмету", "Адаптация в коллективе"],
        "pupil-pupil",
        "parent",
    ),
    (
        "Смирнова",
        "Дарья",
        "Дмитриевна",
        _age(16, 22, 1),
        "female",
        "pupil",
        "10А",
        "",
        None,
        ["Профориентация", "Подготовка к ОГЭ/ЕГЭ"],
        "employer-pupil",
        None,
    ),
    (
        "Алиев",
        "Тимур",
        "Маратович",
        _age(14, 7, 7),
        "male",
        "pupil",
        "8А",
        "",
        None,
        ["Трудности в учёбе по предмету"],
        "pupil-pupil",
        "parent",
    ),
    (
        "Бондаренко",
        "Милана",
        "Сергеевна",
        _age(12, 19, 12),
        "female",
        "pupil",
        "6В",
        "",
        None,
        ["Адаптация в коллективе", "Трудности в общении со сверстниками"],
        "pupil-pupil",
        "parent",
    ),
    (
        "Васильев",
        "Егор",
        "Алексеевич",
        _age(15, 2, 3),
        "male",
        "pupil",
        "9Б",
        "",
        None,
        ["Подготовка к олимпиаде"],
        "student-pupil",
        "parent",
    ),
    (
        "Гасанова",
        "Амина",
        "Руслановна",
        _age(15, 28, 5),
        "female",
        "pupil",
        "9А",
        "",
        None,
        ["Проектная деятельность", "Развитие лидерских качеств"],
        "student-pupil",
        None,
    ),
    (
        "Давыдов",
        "Кирилл",
        "Павлович",
        _age(13, 11, 9),
        "male",
        "pupil",
        "7Б",
        "",
        None,
        ["Низкая мотивация к учёбе"],
        "pupil-pupil",
        None,
    ),
    (
        "Ефимова",
        "София",
        "Игоревна",
        _age(11, 16, 4),
        "female",
        "pupil",
        "5А",
        "",
        None,
        ["Адаптация в коллективе"],
        "pupil-pupil",
        "parent",
    ),
    (
        "Захаров",
        "Максим",
        "Евгеньевич",
        _age(16, 8, 8),
        "male",
        "pupil",
        "10А",
        "",
        None,
        ["Профориентация"],
        "employer-pupil",
        "parent",
    ),
    (
        "Ибрагимова",
        "Зарина",
        "Магомедовна",
        _age(14, 25, 10),
        "female",
        "pupil",
        "8Б",
        "",
        None,
        ["Подготовка к олимпиаде", "Участие в конкурсах и соревнованиях"],
        "student-pupil",
        "parent",
    ),
    (
        "Ковалёв",
        "Никита",
        "Андреевич",
        _age(12, 3, 2),
        "male",
        "pupil",
        "6А",
        "",
        None,
        ["Трудности в учёбе по предмету", "Организация времени и самоподготовка"],
        "pupil-pupil",
        None,
    ),
    (
        "Лебедева",
        "Полина",
        "Сергеевна",
        _age(17, 13, 6),
        "female",
        "pupil",
        "11А",
        "",
        None,
        ["Подготовка к ОГЭ/ЕГЭ", "Профориентация"],
        "employer-pupil",
        "parent",
    ),
    (
        "Морозов",
        "Иван",
        "Владимирович",
        _age(13, 27, 11),
        "male",
        "pupil",
        "7А",
        "",
        None,
        ["Низкая мотивация к учёбе", "Трудности в общении со сверстниками"],
        "pupil-pupil",
        "revoked",
    ),
    (
        "Никитина",
        "Ева",
        "Романовна",
        _age(10, 9, 9),
        "female",
        "pupil",
        "4Б",
        "",
        None,
        ["Адаптация в коллективе"],
        "pupil-pupil",
        "parent",
    ),
    (
        "Орлова",
        "Варвара",
        "Михайловна",
        _age(15, 1, 12),
        "female",
        "pupil",
        "9Б",
        "",
        None,
        ["Проектная деятельность"],
        "student-pupil",
        "parent",
    ),
    (
        "Павлов",
        "Георгий",
        "Константинович",
        _age(14, 20, 3),
        "male",
        "pupil",
        "8А",
        "",
        None,
        ["Трудности в учёбе по предмету"],
        "pupil-pupil",
        None,
    ),
    (
        "Рамазанов",
        "Ислам",
        "Шамилевич",
        _age(16, 5, 5),
        "male",
        "pupil",
        "10Б",
        "",
        None,
        ["Профориентация", "Развитие лидерских качеств"],
        "employer-pupil",
        "parent",
    ),
    (
        "Соколова",
        "Мария",
        "Андреевна",
        _age(12, 12, 1),
        "female",
        "pupil",
        "6В",
        "",
        None,
        ["Трудности в учёбе по предмету"],
        "pupil-pupil",
        "parent",
    ),
    (
        "Титов",
        "Матвей",
        "Олегович",
        _age(11, 23, 8),
        "male",
        "pupil",
        "5Б",
        "",
        None,
        ["Адаптация в коллективе", "Низкая мотивация к учёбе"],
        "pupil-pupil",
        None,
    ),
    (
        "Устинова",
        "Анастасия",
        "Денисовна",
        _age(17, 6, 4),
        "female",
        "pupil",
        "11А",
        "",
        None,
        ["Подготовка к олимпиаде"],
        "student-pupil",
        "parent",
    ),
    (
        "Фёдоров",
        "Лев",
        "Артурович",
        _age(13, 15, 2),
        "male",
        "pupil",
        "7А",
        "",
        None,
        ["Участие в конкурсах и соревнованиях"],
        "pupil-pupil",
        "parent",
    ),
    (
        "Хасанов",
        "Амир",
        "Тагирович",
        _age(18, 2, 1),
        "male",
        "pupil",
        "11Б",
        "",
        None,
        ["Профориентация"],
        "employer-pupil",
        "self",
    ),
    (
        "Яковлева",
        "Ксения",
        "Павловна",
        _age(15, 18, 10),
        "female",
        "pupil",
        "9А",
        "",
        None,
        ["Подготовка к ОГЭ/ЕГЭ"],
        "pupil-pupil",
        None,
    ),
]

# (last, first, patronymic, birth, gender, category, subject, experience, origin, partner index, capacity,
#  status, competences, forms, availability)
MENTORS = [
    (
        "Кузнецова",
        "Елена",
        "Ивановна",
        _age(48, 4, 4),
        "female",
        "teacher",
        "Математика",
        24,
        "staff",
        None,
        3,
        "active",
        ["Дисциплина на уроке", "Подготовка к аттестации", "Подготовка обучающихся к ГИА"],
        ["teacher-teacher"],
        ["пн 15:00–17:00", "чт 14:00–16:00"],
    ),
    (
        "Петренко",
        "Ольга",
        "Викторовна",
        _age(45, 11, 11),
        "female",
        "teacher",
        "Начальные классы",
        20,
        "staff",
        None,
        2,
        "trained",
        ["Работа с родителями", "Классное руководство"],
        ["teacher-teacher"],
        ["вт 14:00–16:00"],
    ),
    (
        "Соловьёва",
        "Наталья",
        "Борисовна",
        _age(52, 7, 2),
        "female",
        "teacher",
        "Информатика",
        27,
        "staff",
        None,
        2,
        "active",
        ["Применение ИКТ", "Составление рабочей программы"],
        ["teacher-teacher"],
        ["ср 15:00–17:00"],
    ),
    (
        "Григорьев",
        "Павел",
        "Сергеевич",
        _age(39, 20, 9),
        "male",
        "teacher",
        "Физика",
        14,
        "staff",
        None,
        2,
        "selected",
        ["Подготовка к олимпиаде", "Проектная деятельность"],
        ["teacher-learner"],
        ["пт 14:00–16:00"],
    ),
    (
        "Абдуллаева",
        "Марьям",
        "Расуловна",
        _age(43, 2, 6),
        "female",
        "teacher",
        "Педагог-психолог",
        18,
        "staff",
        None,
        4,
        "interviewed",
        ["Адаптация в коллективе", "Трудности в общении со сверстниками"],
        ["teacher-learner"],
        ["пн 13:00–15:00", "ср 13:00–15:00"],
    ),
    (
        "Романенко",
        "Светлана",
        "Юрьевна",
        _age(57, 30, 12),
        "female",
        "teacher",
        "Русский язык и литература",
        33,
        "staff",
        None,
        2,
        "potential",
        ["Планирование и структура урока"],
        ["teacher-teacher"],
        [],
    ),
    (
        "Лысенко",
        "Андрей",
        "Николаевич",
        _age(17, 9, 3),
        "male",
        "pupil",
        "",
        None,
        "student",
        None,
        2,
        "active",
        ["Трудности в учёбе по предмету", "Подготовка к олимпиаде"],
        ["pupil-pupil"],
        ["вт 15:00–16:00"],
    ),
    (
        "Мирзоева",
        "Диана",
        "Эльдаровна",
        _age(17, 14, 10),
        "female",
        "pupil",
        "",
        None,
        "student",
        None,
        2,
        "trained",
        ["Адаптация в коллективе"],
        ["pupil-pupil"],
        ["чт 15:00–16:00"],
    ),
    (
        "Волков",
        "Дмитрий",
        "Петрович",
        _age(41, 5, 5),
        "male",
        "partner_employee",
        "Инженер-конструктор",
        16,
        "partner",
        0,
        3,
        "active",
        ["Профориентация", "Проектная деятельность"],
        ["employer-pupil"],
        ["сб 10:00–12:00"],
    ),
    (
        "Зайцева",
        "Ирина",
        "Васильевна",
        _age(35, 25, 7),
        "female",
        "partner_employee",
        "Специалист по кадрам",
        10,
        "partner",
        0,
        2,
        "selected",
        ["Профориентация"],
        ["employer-pupil"],
        ["пт 16:00–18:00"],
    ),
    (
        "Кравченко",
        "Анна",
        "Олеговна",
        _age(20, 8, 8),
        "female",
        "student",
        "Педагогическое образование",
        None,
        "student",
        1,
        3,
        "active",
        ["Проектная деятельность", "Подготовка к ОГЭ/ЕГЭ"],
        ["student-pupil"],
        ["ср 14:00–16:00"],
    ),
    (
        "Тимофеев",
        "Алексей",
        "Игоревич",
        _age(24, 12, 1),
        "male",
        "alumnus",
        "Программист",
        2,
        "alumnus",
        None,
        1,
        "potential",
        ["Применение ИКТ", "Профориентация"],
        ["student-pupil"],
        ["онлайн, вечером"],
    ),
]

#: The path through statuses to reach each target status.
PATHS = {
    "potential": [],
    "interviewed": ["interviewed"],
    "selected": ["interviewed", "selected"],
    "trained": ["interviewed", "selected", "trained"],
    "active": ["interviewed", "selected", "trained", "active"],
}


def load() -> None:
    with scopes_disabled():
        organization = Organization.objects.filter(slug=SCHOOL).first()
        if organization is None:
            return
        _load(organization)


@transaction.atomic
def _load(organization: Organization) -> None:
    forms = {f.code: f for f in MentoringForm.available_to(organization)}
    topics = {t.title: t for t in RequestTopic.available_to(organization)}
    curator = User.objects.filter(email="curator@demo.nastavnik.ru").first()
    partners = []
    for data in PARTNERS:
        partner = Partner.objects.filter(organization=organization, name=data["name"]).first()
        if partner is None:
            partner = services.add_partner(organization, acting_user=curator, **data)
        partners.append(partner)

    for row in MENTEES:
        last, first, patr, birth, gender, category, group, subject, exp, requests, form, consent = row
        person, created = _person(
            organization, last, first, patr, birth, gender, category, group, subject, exp, curator=curator
        )
        if not created:
            continue
        mentee = services.ensure_mentee_profile(
            person, acting_user=curator, form=forms.get(form), status=MenteeProfile.Status.IN_BASE
        )
        for index, title in enumerate(requests):
            topic = topics.get(title)
            services.add_request(
                mentee,
                acting_user=curator,
                topic=topic,
                text="" if topic else title,
                source="questionnaire" if index == 0 else "class_teacher" if group else "attestation",
                priority=2 if index == 0 else 1,
            )
        _consent(person, consent, curator)

    for mentor_row in MENTORS:
        (
            last,
            first,
            patr,
            birth,
            gender,
            category,
            subject,
            exp,
            origin,
            partner_index,
            capacity,
            status,
            competences,
            form_codes,
            availability,
        ) = mentor_row
        person, created = _person(
            organization, last, first, patr, birth, gender, category, "", subject, exp, curator=curator
        )
        if not created:
            continue
        if category == "pupil":
            person.group = "11А" if first == "Андрей" else "10Б"
            person.save(update_fields=["group"])
        mentor = services.ensure_mentor_profile(
            person,
            acting_user=curator,
            origin=origin,
            partner=partners[partner_index] if partner_index is not None else None,
            capacity=capacity,
            availability=availability,
            experience=f"Стаж {exp} лет." if exp else "",
            forms=[forms[c] for c in form_codes if c in forms],
        )
        for title in competences:
            services.add_competence(mentor, acting_user=curator, title=title, topic=topics.get(title))
        for step in PATHS[status]:
            if step == "selected":
                services.record_interview(
                    mentor,
                    acting_user=curator,
                    date=timezone.localdate() - dt.timedelta(days=40),
                    interviewer=curator,
                    notes="Мотивирован, готов работать с наставляемыми.",
                )
            if step == "trained":
                record = TrainingRecord(
                    mentor=mentor,
                    organization=organization,
                    course="Наставничество в образовательной организации",
                    hours=36,
                    date=timezone.localdate() - dt.timedelta(days=20),
                )
                record.certificate.save("sertifikat.pdf", ContentFile(MINIMAL_PDF), save=False)
                record.save()
            services.change_mentor_status(mentor, step, acting_user=curator, note="Решение рабочей группы")
        _consent(person, "parent" if person.is_minor else "self", curator)

    _link_demo_users(organization, curator)


def _person(
    organization: Organization,
    last: str,
    first: str,
    patr: str,
    birth: dt.date | None,
    gender: str,
    category: str,
    group: str,
    subject: str,
    exp: int | None,
    *,
    curator: User | None,
) -> tuple[Participant, bool]:
    existing = Participant.objects.filter(
        organization=organization, last_name=last, first_name=first, patronymic=patr
    ).first()
    if existing is not None:
        return existing, False
    person = Participant(
        organization=organization,
        last_name=last,
        first_name=first,
        patronymic=patr,
        birth_date=birth,
        gender=gender,
        category=category,
        group=group,
        subject=subject,
        experience_years=exp,
    )
    return services.save_participant(person, acting_user=curator), True


def _consent(person: Participant, kind: str | None, curator: User | None) -> None:
    if kind is None:
        return
    consent = Consent(
        participant=person,
        organization_id=person.organization_id,
        kind=Consent.Kind.PERSONAL_DATA,
        given_by=Consent.GivenBy.PARENT if kind in ("parent", "revoked") else Consent.GivenBy.SELF,
        representative_name=f"{person.last_name} (законный представитель)"
        if kind in ("parent", "revoked")
        else "",
        given_at=timezone.now() - dt.timedelta(days=30),
        method=Consent.Method.SCAN,
        recorded_by=curator,
    )
    consent.scan.save("soglasie.pdf", ContentFile(MINIMAL_PDF), save=False)
    consent.save()
    if kind == "revoked":
        services.revoke_consent(
            consent, acting_user=curator, reason="Родитель отозвал согласие по заявлению."
        )


def _link_demo_users(organization: Organization, curator: User | None) -> None:
    """mentor@ is the mentor Кузнецова, mentee@ the young teacher Ахмедов, parent@ the mother of Смирнов/Смирнова,
    partner@ the engineer Волков who mentors from the partner enterprise."""
    users = {u.email: u for u in User.objects.filter(email__endswith="@demo.nastavnik.ru")}
    mentor_user, mentee_user, parent_user = (
        users.get("mentor@demo.nastavnik.ru"),
        users.get("mentee@demo.nastavnik.ru"),
        users.get("parent@demo.nastavnik.ru"),
    )
    people = Participant.objects.filter(organization=organization)
    mentor_person = people.filter(last_name="Кузнецова", first_name="Елена").first()
    mentee_person = people.filter(last_name="Ахмедов", first_name="Руслан").first()
    if mentor_user and mentor_person and mentor_person.user_id is None:
        mentor_person.user = mentor_user
        mentor_person.email = mentor_user.email
        mentor_person.save(update_fields=["user", "email"])
    partner_user = users.get("partner@demo.nastavnik.ru")
    partner_person = people.filter(last_name="Волков", first_name="Дмитрий").first()
    if partner_user and partner_person and partner_person.user_id is None:
        partner_person.user = partner_user
        partner_person.save(update_fields=["user"])
    if mentee_user and mentee_person and mentee_person.user_id is None:
        mentee_person.user = mentee_user
        mentee_person.email = mentee_user.email
        mentee_person.save(update_fields=["user", "email"])
    if parent_user:
        children = people.filter(
            Q(last_name="Смирнов", first_name="Артём") | Q(last_name="Смирнова", first_name="Дарья")
        )
        for child in children:
            services.add_guardian(child, parent_user, acting_user=curator, relation="мать")
    if mentor_person and mentee_person:
        mentor_profile = MentorProfile.objects.filter(participant=mentor_person).first()
        mentee_profile = MenteeProfile.objects.filter(participant=mentee_person).first()
        if mentor_profile and mentee_profile:
            services.assign_mentor(mentor_profile, mentee_profile, acting_user=curator)
            if mentee_profile.status != MenteeProfile.Status.MATCHED:
                mentee_profile.status = MenteeProfile.Status.MATCHED
                mentee_profile.save(update_fields=["status"])
