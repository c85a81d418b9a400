"""The methodology's standard questionnaires, shipped as templates (loaded by data migration 0002).

Texts follow the annexes of the target model of mentoring (распоряжение Минпросвещения № Р-145,
МР-42/02): the questionnaires of a potential mentor and of a mentee, the preferences after the group
meeting, the satisfaction questionnaires of mentors and mentees (interim and final, scales 1–10) and the
assessment of the programme's quality. A curator copies a template into the organization and edits the
copy; edit shipped rows in the admin on a live installation, not this list.
"""

from collections.abc import Sequence

SCALE_HELP = "1 — самая низкая оценка, 10 — самая высокая."
QUALITY_HELP = "1 — совсем не согласен, 5 — полностью согласен."

MEETING_TIMES = [
    "В будни до уроков",
    "В будни после уроков",
    "В субботу",
    "Во время каникул",
    "Онлайн, в любое согласованное время",
]


def q(
    text: str,
    kind: str,
    *,
    required: bool = False,
    help: str = "",
    options: Sequence[str | tuple[str, str]] = (),
    source: str = "",
    scale: tuple[int, int] = (1, 10),
    maps_to: str = "",
) -> dict[str, object]:
    """One question of a template; `options` are labels (values are "1", "2", ...) unless given as pairs."""
    pairs = []
    for number, option in enumerate(options, start=1):
        value, label = option if isinstance(option, tuple) else (str(number), option)
        pairs.append({"value": value, "label": label})
    return {
        "text": text,
        "kind": kind,
        "required": required,
        "help_text": help,
        "options": pairs,
        "options_source": source,
        "scale_min": scale[0],
        "scale_max": scale[1],
        "maps_to": maps_to,
    }


def _satisfaction(final: bool, scales: list[str], opinion: list[dict]) -> list[dict]:
    """The sections of a satisfaction questionnaire (mentee's or mentor's): past experience (the final one
    only), the 1–10 scales, the respondent's opinion."""
    sections = []
    if final:
        sections.append(
            {
                "title": "О вашем опыте",
                "questions": [
                    q("Сталкивались ли вы раньше с программой наставничества?", "yes_no"),
                    q("Если да, то где?", "short_text"),
                ],
            }
        )
    sections.append(
        {
            "title": "Оцените по шкале от 1 до 10",
            "questions": [q(text, "scale", required=True, help=SCALE_HELP) for text in scales],
        }
    )
    sections.append({"title": "Ваше мнение", "questions": opinion})
    return sections


def _valuable_and_missing() -> list[dict]:
    return [
        q("Что было для вас особенно ценным в программе?", "long_text"),
        q("Чего вам не хватило в программе и что хотелось бы изменить?", "long_text"),
    ]


def _satisfaction_mentee(final: bool) -> list[dict]:
    comfort = (
        "Насколько комфортным было общение с наставником?"
        if final
        else "Насколько комфортно вам общаться с наставником?"
    )
    scales = [
        "Насколько эффективной вы считаете программу наставничества?",
        comfort,
        "Насколько полезными и интересными были групповые встречи?",
        "Насколько полезными и интересными были личные встречи с наставником?",
        "Насколько удалось спланировать совместную работу?",
        "Насколько удалось выполнить индивидуальный план развития?",
        "Насколько понятно, что от вас ждёт наставник?",
        "Насколько оправдались ваши ожидания от участия в программе?",
    ]
    open_questions = _valuable_and_missing()
    if final:
        open_questions += [
            q("Понравилось ли вам участвовать в программе наставничества?", "yes_no", required=True),
            q("Хотели бы вы продолжить работу в программе наставничества?", "yes_no", required=True),
            q("Планируете ли вы стать наставником в будущем?", "yes_no"),
        ]
    else:
        open_questions.append(q("Хотели бы вы что-то обсудить с куратором программы?", "long_text"))
    return _satisfaction(final, scales, open_questions)


def _satisfaction_mentor(final: bool) -> list[dict]:
    comfort = (
        "Насколько комфортным было общение с наставляемым?"
        if final
        else "Насколько комфортно вам общаться с наставляемым?"
    )
    scales = [
        "Насколько эффективной вы считаете программу наставничества?",
        comfort,
        "Насколько вы довольны вашей совместной работой?",
        "Насколько полезными и интересными были групповые встречи?",
        "Насколько полезными и интересными были личные встречи с наставляемым?",
        "Насколько удалось спланировать совместную работу?",
        "Насколько удалось выполнить индивидуальный план развития наставляемого?",
        "Насколько вы оцениваете включённость наставляемого в работу?",
        "Насколько понятно, что от вас ждёт наставляемый?",
        "Насколько понятно, что от вас ждёт куратор программы?",
        "Насколько оправдались ваши ожидания от участия в программе?",
    ]
    other = [
        q("Было ли достаточно встреч с наставляемым?", "yes_no", required=True),
        q("Было ли у вас достаточно времени на наставническую работу?", "yes_no", required=True),
        *_valuable_and_missing(),
    ]
    if final:
        other += [
            q("Понравилось ли вам участвовать в программе наставничества?", "yes_no", required=True),
            q("Хотели бы вы продолжить работу наставником?", "yes_no", required=True),
        ]
    else:
        other.append(q("Какая методическая помощь вам нужна?", "long_text"))
    return _satisfaction(final, scales, other)


TEMPLATES: list[dict] = [
    {
        "code": "mentor-candidate",
        "title": "Анкета потенциального наставника",
        "audience": "mentor",
        "purpose": "mentor_candidate",
        "description": "Анкета помогает куратору программы подобрать вам наставляемых, с которыми вам будет "
        "интересно и полезно работать. Заполнение займёт около 10 минут.",
        "sections": [
            {
                "title": "О себе",
                "questions": [
                    q(
                        "Ваш предмет или специальность",
                        "short_text",
                        required=True,
                        help="Например: математика, начальные классы, токарь.",
                        maps_to="participant.subject",
                    ),
                    q(
                        "Ваш стаж работы",
                        "single_choice",
                        options=[
                            "До 3 лет",
                            "От 3 до 5 лет",
                            "От 5 до 10 лет",
                            "От 10 до 20 лет",
                            "Более 20 лет",
                        ],
                    ),
                    q("Был ли у вас опыт наставничества?", "yes_no", required=True),
                    q(
                        "Расскажите о своём опыте: в чём вы сильны и чем можете быть полезны наставляемому",
                        "long_text",
                        help="Достижения, конкурсы, курсы, проекты — всё, что важно.",
                        maps_to="mentor.experience",
                    ),
                ],
            },
            {
                "title": "Компетенции",
                "questions": [
                    q(
                        "С чем вы готовы помочь наставляемому?",
                        "multiple_choice",
                        required=True,
                        help="Отметьте всё подходящее.",
                        source="topics",
                        maps_to="mentor.competences",
                    ),
                    q(
                        "Другие ваши компетенции",
                        "long_text",
                        help="Каждую — с новой строки.",
                        maps_to="mentor.competences",
                    ),
                    q(
                        "В какой форме наставничества вы хотели бы участвовать?",
                        "multiple_choice",
                        source="forms",
                        maps_to="mentor.forms",
                    ),
                ],
            },
            {
                "title": "Организация работы",
                "questions": [
                    q(
                        "Скольких наставляемых вы готовы взять?",
                        "single_choice",
                        required=True,
                        options=["1", "2", "3", "4", "5 и более"],
                        maps_to="mentor.capacity",
                    ),
                    q(
                        "Когда вам удобно встречаться с наставляемым?",
                        "multiple_choice",
                        required=True,
                        options=MEETING_TIMES,
                        maps_to="mentor.availability",
                    ),
                    q(
                        "Как часто вы готовы встречаться?",
                        "single_choice",
                        options=["Раз в неделю", "Раз в две недели", "Раз в месяц", "По мере необходимости"],
                    ),
                ],
            },
            {
                "title": "Ожидания",
                "questions": [
                    q(
                        "Что вы ожидаете от участия в программе наставничества?",
                        "multiple_choice",
                        options=[
                            "Передать свой опыт и знания",
                            "Развить собственные профессиональные компетенции",
                            "Попробовать себя в новой роли",
                            "Получить признание и поощрение",
                            "Помочь коллегам и обучающимся школы",
                        ],
                    ),
                    q("Что, по-вашему, самое важное в работе наставника?", "long_text"),
                ],
            },
        ],
    },
    {
        "code": "mentee",
        "title": "Анкета наставляемого",
        "audience": "mentee",
        "purpose": "mentee",
        "description": "Расскажите, в чём вам нужна помощь и чего вы хотите достичь: по вашим ответам куратор "
        "программы подберёт вам наставника. Заполнение займёт около 10 минут.",
        "sections": [
            {
                "title": "Затруднения",
                "questions": [
                    q(
                        "С какими затруднениями вы сталкиваетесь?",
                        "multiple_choice",
                        required=True,
                        help="Отметьте всё подходящее.",
                        source="difficulties",
                        maps_to="mentee.requests",
                    ),
                    q(
                        "Опишите своими словами, в чём вам нужна помощь",
                        "long_text",
                        help="Каждый запрос — с новой строки.",
                        maps_to="mentee.requests",
                    ),
                ],
            },
            {
                "title": "Цели",
                "questions": [
                    q(
                        "Чего вы хотите достичь вместе с наставником?",
                        "multiple_choice",
                        source="goals",
                        maps_to="mentee.goals",
                    ),
                    q(
                        "Ваши цели своими словами",
                        "long_text",
                        help="Каждую цель — с новой строки.",
                        maps_to="mentee.goals",
                    ),
                ],
            },
            {
                "title": "Наставник",
                "questions": [
                    q(
                        "Чего вы ожидаете от наставника?",
                        "multiple_choice",
                        options=[
                            "Помощи в решении конкретных трудностей",
                            "Поддержки и советов",
                            "Передачи опыта и знаний",
                            "Помощи в постановке целей",
                            "Совместной работы над проектом",
                            "Помощи в выборе профессии",
                        ],
                    ),
                    q(
                        "Какие качества наставника для вас важнее всего?",
                        "multiple_choice",
                        options=[
                            "Доброжелательность",
                            "Профессионализм",
                            "Умение понятно объяснять",
                            "Требовательность",
                            "Чувство юмора",
                            "Умение слушать",
                        ],
                    ),
                    q(
                        "Какой формат встреч вам удобнее?",
                        "single_choice",
                        options=["Лично", "Онлайн", "Смешанный"],
                    ),
                    q(
                        "Когда вам удобно встречаться с наставником?",
                        "multiple_choice",
                        options=MEETING_TIMES,
                    ),
                    q(
                        "Важен ли для вас пол наставника?",
                        "single_choice",
                        options=[("any", "Не имеет значения"), ("female", "Женщина"), ("male", "Мужчина")],
                        maps_to="mentee.preferred_gender",
                    ),
                ],
            },
        ],
    },
    {
        "code": "preferences",
        "title": "Анкета предпочтений после групповой встречи",
        "audience": "both",
        "purpose": "preferences",
        "description": "Спасибо за участие в групповой встрече! Отметьте, с кем вам хотелось бы работать: "
        "куратор учтёт ваш выбор при формировании наставнических пар и групп.",
        "sections": [
            {
                "title": "Ваш выбор",
                "questions": [
                    q(
                        "Расставьте участников по порядку: первым — того, с кем вам больше всего хотелось бы работать",
                        "ranking",
                        required=True,
                        help="Достаточно выбрать несколько первых мест.",
                    ),
                    q("Почему вы сделали такой выбор?", "long_text"),
                ],
            }
        ],
    },
    {
        "code": "satisfaction-mentee-interim",
        "title": "Промежуточная анкета удовлетворённости наставляемого",
        "audience": "mentee",
        "purpose": "satisfaction_mentee_interim",
        "description": "Оцените, как идёт работа с наставником. Ответы увидит только куратор программы.",
        "sections": _satisfaction_mentee(final=False),
    },
    {
        "code": "satisfaction-mentee-final",
        "title": "Итоговая анкета удовлетворённости наставляемого",
        "audience": "mentee",
        "purpose": "satisfaction_mentee_final",
        "description": "Программа наставничества завершается. Оцените, как прошла работа с наставником.",
        "sections": _satisfaction_mentee(final=True),
    },
    {
        "code": "satisfaction-mentor-interim",
        "title": "Промежуточная анкета удовлетворённости наставника",
        "audience": "mentor",
        "purpose": "satisfaction_mentor_interim",
        "description": "Оцените, как идёт работа с наставляемым. Ответы увидит только куратор программы.",
        "sections": _satisfaction_mentor(final=False),
    },
    {
        "code": "satisfaction-mentor-final",
        "title": "Итоговая анкета удовлетворённости наставника",
        "audience": "mentor",
        "purpose": "satisfaction_mentor_final",
        "description": "Программа наставничества завершается. Оцените, как прошла работа с наставляемым.",
        "sections": _satisfaction_mentor(final=True),
    },
    {
        "code": "programme-quality",
        "title": "Анкета оценки качества программы наставничества",
        "audience": "both",
        "purpose": "programme_quality",
        "description": "Мониторинг качества реализации программы наставничества. Оцените, насколько вы "
        "согласны с каждым утверждением.",
        "sections": [
            {
                "title": "Оцените по шкале от 1 до 5",
                "questions": [
                    q(text, "scale", required=True, help=QUALITY_HELP, scale=(1, 5))
                    for text in [
                        "Цели и задачи программы наставничества понятны участникам",
                        "Встречи наставников и наставляемых проходят регулярно и по плану",
                        "Куратор своевременно помогает и отвечает на вопросы",
                        "Участникам доступны нужные материалы и ресурсы",
                        "Программа помогает решать реальные задачи наставляемых",
                        "Наставники подготовлены к своей роли",
                        "Результаты работы пар и групп видны и обсуждаются",
                        "В целом я удовлетворён программой наставничества",
                    ]
                ],
            },
            {
                "title": "Ваше мнение",
                "questions": [
                    q("Сильные стороны программы", "long_text"),
                    q("Слабые стороны программы и риски", "long_text"),
                    q("Что бы вы предложили улучшить?", "long_text"),
                ],
            },
        ],
    },
]


# Stage 1 of monitoring: expectations at the start and results at the end, per form of mentoring -----------
# An expectations template and its results template ask the same items (the same question texts): the
# monitoring results pair them by text, so «ожидали 8, получили 6» can be read item by item.

EXPECTATION_HELP = "1 — совсем не ожидаю, 10 — очень ожидаю."
RESULT_HELP = "1 — совсем не получил(а), 10 — полностью получил(а)."

#: form code → (title of the form, mentee's items, mentor's items)
FORM_ITEMS: dict[str, tuple[str, list[str], list[str]]] = {
    "pupil-pupil": (
        "ученик – ученик",
        [
            "Помощь в учёбе",
            "Уверенность в себе",
            "Умение общаться и работать в команде",
            "Интерес к учёбе",
            "Участие в школьной жизни, кружках, конкурсах",
        ],
        [
            "Опыт помощи другим",
            "Лидерские качества",
            "Более глубокое понимание своих предметов",
            "Уважение одноклассников и педагогов",
            "Опыт организации совместной работы",
        ],
    ),
    "teacher-teacher": (
        "учитель – учитель",
        [
            "Освоение методики преподавания",
            "Уверенность на уроке",
            "Работа с трудными учениками и родителями",
            "Ведение документации",
            "Вхождение в коллектив",
            "Профессиональный рост и аттестация",
        ],
        [
            "Передача опыта молодому коллеге",
            "Обновление собственных методов",
            "Признание в коллективе",
            "Развитие навыков наставника",
            "Удовлетворённость профессией",
        ],
    ),
    "student-pupil": (
        "студент – ученик",
        [
            "Помощь в учёбе",
            "Выбор профессии и учебного заведения",
            "Уверенность в себе",
            "Новые знания и навыки",
            "Интерес к проектной работе",
        ],
        [
            "Опыт наставничества",
            "Развитие навыков общения и преподавания",
            "Практика по специальности",
            "Личностный рост",
        ],
    ),
    "employer-pupil": (
        "работодатель – ученик",
        [
            "Знакомство с профессией",
            "Выбор будущей профессии",
            "Практические навыки",
            "Понимание требований работодателя",
            "Участие в проектах предприятия",
        ],
        [
            "Подготовка будущих сотрудников",
            "Развитие навыков наставника",
            "Новые идеи от молодёжи",
            "Укрепление связи предприятия со школой",
        ],
    ),
    "employer-student": (
        "работодатель – студент",
        [
            "Профессиональные навыки",
            "Опыт реальной работы",
            "Трудоустройство после обучения",
            "Понимание корпоративной культуры",
            "Уверенность в выбранной профессии",
        ],
        [
            "Подготовка будущих сотрудников",
            "Развитие навыков наставника",
            "Новые идеи от молодёжи",
            "Снижение затрат на адаптацию новичков",
        ],
    ),
}


def _expectation_template(form: str, audience: str, final: bool) -> dict:
    form_title, mentee_items, mentor_items = FORM_ITEMS[form]
    items = mentee_items if audience == "mentee" else mentor_items
    who = "наставляемого" if audience == "mentee" else "наставника"
    if final:
        sections = [
            {
                "title": "Что вы получили от участия в программе (1–10)",
                "questions": [q(text, "scale", required=True, help=RESULT_HELP) for text in items],
            },
            {
                "title": "Итоги",
                "questions": [
                    q("Оправдались ли ваши ожидания?", "yes_no", required=True),
                    q("Готовы ли вы продолжить участие в программе?", "yes_no", required=True),
                    q("Что получилось лучше всего?", "long_text"),
                    q("Что не получилось и почему?", "long_text"),
                ],
            },
        ]
    else:
        sections = [
            {
                "title": "Чего вы ожидаете от участия в программе (1–10)",
                "questions": [q(text, "scale", required=True, help=EXPECTATION_HELP) for text in items],
            },
            {
                "title": "Ожидания",
                "questions": [
                    q("Участвовали ли вы раньше в программе наставничества?", "yes_no"),
                    q("Чего ещё вы ждёте от программы?", "long_text"),
                    q("Чего вы опасаетесь?", "long_text"),
                ],
            },
        ]
    kind = "results" if final else "expectations"
    stage = "итоговая (результаты)" if final else "входная (ожидания)"
    return {
        "code": f"{kind}-{audience}-{form}",
        "title": f"Анкета {who}, {stage}: {form_title}",
        "audience": audience,
        "purpose": f"{kind}_{audience}",
        "description": (
            "Программа наставничества завершается. Оцените, что вы получили."
            if final
            else "Программа наставничества начинается. Оцените, чего вы от неё ожидаете."
        ),
        "sections": sections,
    }


STAGE1_TEMPLATES: list[dict] = [
    _expectation_template(form, audience, final)
    for form in FORM_ITEMS
    for audience in ("mentee", "mentor")
    for final in (False, True)
]

STAGE1_TEMPLATES.append(
    {
        "code": "curator",
        "title": "Анкета куратора программы наставничества",
        "audience": "both",
        "purpose": "curator",
        "description": "Заполняет куратор в конце учебного года: оценка реализации программы.",
        "sections": [
            {
                "title": "Оцените по шкале от 1 до 10",
                "questions": [
                    q(text, "scale", required=True, help=SCALE_HELP)
                    for text in [
                        "Насколько выполнена дорожная карта программы?",
                        "Насколько регулярно проходили встречи пар и групп?",
                        "Насколько полно собиралась обратная связь после встреч?",
                        "Насколько подготовлены наставники?",
                        "Насколько достигнуты цели индивидуальных планов развития?",
                        "Насколько программа поддержана администрацией и партнёрами?",
                    ]
                ],
            },
            {
                "title": "Итоги года",
                "questions": [
                    q("Были ли досрочно прекращены пары или группы?", "yes_no"),
                    q("Главные достижения программы за год", "long_text"),
                    q("Главные трудности и риски", "long_text"),
                    q("Что изменить в следующем году?", "long_text"),
                ],
            },
        ],
    }
)

TEMPLATES += STAGE1_TEMPLATES
