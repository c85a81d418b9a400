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
