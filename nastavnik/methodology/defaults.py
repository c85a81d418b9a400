"""The forms of mentoring and role models shipped by default (Р-145 and the 2021 teachers' recommendations).

Used by data migration mentoring 0002 (where these rows were first created) and by tests; edit rows in the admin, not this list, on a live installation.
"""

FORMS: list[dict] = [
    {
        "code": "pupil-pupil",
        "title": "Ученик – ученик",
        "audience": "pupils",
        "roles": [
            "Успевающий – неуспевающий",
            "Лидер – пассивный",
            "Равный – равному",
            "Адаптированный – неадаптированный",
        ],
    },
    {
        "code": "teacher-teacher",
        "title": "Учитель – учитель",
        "audience": "teachers",
        "roles": [
            "Опытный педагог – молодой специалист",
            "Опытный классный руководитель – молодой специалист",
            "Лидер методического объединения – педагог, испытывающий профессиональные затруднения",
            "Педагог-новатор – консервативный педагог",
            "Опытный предметник – неопытный предметник",
        ],
    },
    {
        "code": "student-pupil",
        "title": "Студент – ученик",
        "audience": "pupils",
        "roles": [
            "Успевающий – неуспевающий",
            "Лидер – равнодушный",
            "Равный – другому",
            "Куратор – автор проекта",
        ],
    },
    {
        "code": "employer-pupil",
        "title": "Работодатель – ученик",
        "audience": "pupils",
        "roles": [
            "Активный профессионал – равнодушный потребитель",
            "Коллега – молодой коллега",
            "Работодатель – будущий сотрудник",
        ],
    },
    {
        "code": "employer-student",
        "title": "Работодатель – студент",
        "audience": "students",
        "roles": ["Активный профессионал – равнодушный потребитель", "Работодатель – будущий сотрудник"],
    },
    {
        "code": "student-student",
        "title": "Студент – студент",
        "audience": "students",
        "roles": ["Успевающий – неуспевающий", "Лидер – пассивный"],
    },
    {
        "code": "teacher-learner",
        "title": "Педагог – обучающийся",
        "audience": "pupils",
        "roles": ["Педагог – обучающийся"],
    },
    {
        "code": "specialist-learner",
        "title": "Специалист – обучающийся",
        "audience": "pupils",
        "roles": ["Специалист – обучающийся"],
    },
    {
        "code": "lecturer-learner",
        "title": "Преподаватель – обучающийся",
        "audience": "students",
        "roles": ["Преподаватель – студент"],
    },
]

#: Kinds of mentoring from the teachers' recommendations (АЗ-1128/08/657, 21.12.2021).
KINDS = [
    "традиционная (один на один)",
    "групповая",
    "виртуальная (дистанционная)",
    "краткосрочная",
    "реверсивная",
    "ситуационная",
    "скоростная",
]


def install() -> None:
    """Create the shipped forms and role models that are missing (what data migration mentoring 0002 did),
    with today's models: for tests that flush the database."""
    from .models import MentoringForm, RoleModel

    for position, data in enumerate(FORMS):
        form, _ = MentoringForm.objects.get_or_create(
            organization=None,
            code=data["code"],
            defaults={"title": data["title"], "audience": data["audience"], "position": position},
        )
        for role_position, title in enumerate(data["roles"]):
            RoleModel.objects.get_or_create(form=form, title=title, defaults={"position": role_position})
