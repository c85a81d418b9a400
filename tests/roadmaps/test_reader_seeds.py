"""The three real roadmaps read the way a person reads them.

Each seed is a Word "save as text" export from a real school, copied into
``fixtures/seeds``.  The expectations were written from reading the documents:
every stage and activity, with numbers, titles, deadlines, responsible people
and results; the title block; and the warnings a methodologist should see.
"""

from datetime import date

import pytest

from nastavnik.roadmaps.reader import RoadmapDraft, read_roadmap
from tests.roadmaps.fixtures import SEEDS

SCHOOL_5 = SEEDS / "roadmap_school_5.txt"
KINDERGARTEN_14 = SEEDS / "roadmap_kindergarten_14.txt"
CORRECTIONAL = SEEDS / "roadmap_correctional_school.txt"

TOP_KEYS = {"title", "organization", "academic_year", "targets", "stages", "risks", "warnings"}
STAGE_KEYS = {"number", "title", "deadline", "activities"}
ACTIVITY_KEYS = {"number", "title", "description", "deadline", "responsible", "result"}
DEADLINE_KEYS = {"text", "start", "end", "recurrence", "ongoing", "warnings"}


@pytest.fixture(scope="module")
def school() -> RoadmapDraft:
    return read_roadmap(SCHOOL_5)


@pytest.fixture(scope="module")
def kindergarten() -> RoadmapDraft:
    return read_roadmap(KINDERGARTEN_14)


@pytest.fixture(scope="module")
def correctional() -> RoadmapDraft:
    return read_roadmap(CORRECTIONAL)


def activity(draft: RoadmapDraft, number: str, occurrence: int = 0):
    found = [a for a in draft.activities if a.number == number]
    return found[occurrence]


def shape(draft: RoadmapDraft) -> list[tuple[str | None, int]]:
    return [(s.number, len(s.activities)) for s in draft.stages]


def dates(a) -> tuple[date | None, date | None]:
    return a.deadline.start, a.deadline.end


# ---------------------------------------------------------------------------
# МКОУ «СОШ № 5»: rows on lines, «1 / 1.1.» numbering, page-split rows, title block twice


def test_school_title_block(school):
    assert school.title == (
        "План мероприятий (дорожная карта) реализации (целевой модели) наставничества в МКОУ «СОШ № 5» "
        "на 2023-2024 учебный год"
    )
    assert school.organization == (
        "Муниципальное казенное общеобразовательное учреждение «Средняя общеобразовательная школа № 5»"
    )
    assert "МКОУ «СОШ № 5»" in school.organization_names
    assert school.academic_year == 2023
    assert school.academic_year_source == "document"
    assert school.approval is not None
    assert school.approval.to_dict() == {
        "order_number": "232",
        "order_date": "2023-09-01",
        "approved_by": "Директор МКОУ «СОШ № 5» Т.Н.Мурадханова",
    }
    assert school.targets == []
    assert school.risks == []


def test_school_stages(school):
    assert shape(school) == [("1", 6), ("2", 7), ("3", 7), ("4", 3), ("5", 3), ("6", 2), ("6", 2)]
    titles = [s.title for s in school.stages]
    assert (
        titles[0]
        == "Нормативное правовое регулирование реализации (целевой модели) наставничества в МКОУ «СОШ № 5»"
    )
    assert titles[2] == "Реализация целевой модели наставничества в МКОУ «СОШ № 5» в 2022-2023 учебном году"
    assert titles[5].startswith("Мониторинг процесса реализации программ наставничества")
    assert titles[6] == "Координация и управление реализацией внедрения целевой модели наставничества"
    assert all(s.deadline is None for s in school.stages)
    assert len(school.activities) == 30


def test_school_activities(school):
    a = activity(school, "1.1")
    assert (
        a.title
        == "Утверждение состава проектной группы по внедрению целевой модели наставничества в 2023-2024 г."
    )
    assert a.deadline.text == "до 01.09.2023"
    assert dates(a) == (None, date(2023, 9, 1))
    assert a.responsible == ["Директор МКОУ «СОШ №5» Мурадханова Т.Н."]
    assert a.result == "Приказ"

    a = activity(school, "1.3")
    assert a.responsible == ["Заместитель директора по УВР Миранова Г.С."]
    assert a.result == "Дорожная карта, Приказ"

    # A row split across a page: title, responsible and result continue on the next line.
    a = activity(school, "1.6")
    assert a.title == (
        "Разработка и утверждение системы мотивации наставников в соответствии с механизмами, "
        "предусмотренными пунктом 5 методологии (целевой модели) наставничества, утвержденной "
        "распоряжением Минпросвещения России от 25.12.2019 № Р-145"
    )
    assert a.responsible == [
        "Директор МКОУ «СОШ №5» Мурадханова Т.Н.",
        "Заместитель директора по УВР Миранова Г.С.",
    ]
    assert a.result == "Методические рекомендации, Распорядительные акты"

    a = activity(school, "2.1")
    assert a.responsible == [
        "Директор МКОУ «СОШ № 5» Мурадханова Т.Н.",
        "Заместитель директора по УВР Миранова Г.С.",
        "руководители МО",
    ]
    assert a.result == "Информация на сайте школы"

    a = activity(school, "2.3")
    assert a.deadline.ongoing is True
    assert dates(a) == (None, None)

    a = activity(school, "2.7")
    assert a.title.endswith("официальных ресурсах организаций - участников ЦМН")
    assert dates(a) == (date(2024, 3, 1), date(2024, 4, 30))
    assert a.responsible == ["Заместитель директора по УВР Миранова Г.С.", "Атанасова О.И."]

    a = activity(school, "3.2")
    assert a.title == "Формирование базы наставляемых в 2023 – 2024 учебном году"
    assert dates(a) == (date(2023, 8, 1), date(2023, 9, 30))

    a = activity(school, "3.4")
    assert a.title == "Обучение наставников"
    assert dates(a) == (date(2023, 9, 1), date(2023, 9, 30))
    assert a.result is None

    a = activity(school, "3.7")
    assert a.title == (
        "Завершение наставничества: - подведение итогов работы в формате личной и групповой рефлексии; "
        "- проведение открытого публичного мероприятия."
    )
    assert a.responsible == ["заместитель директора по УВР Миранова Г.С."]
    assert a.result == (
        "Фиксация результатов и организация комфортного выхода наставника и наставляемого из программы "
        "с перспективой продолжения цикла"
    )

    a = activity(school, "5.1")
    assert dates(a) == (date(2023, 10, 1), date(2024, 5, 31))

    # Stage 6 repeats the numbers 5.1 and 5.2; they stay where the table puts them.
    a = activity(school, "5.2", occurrence=1)
    assert a.title == (
        "Оценка мотивационно-личностного, компетентностного, профессионального роста участников "
        "целевой модели наставничества"
    )
    assert a.responsible == [
        "Директор МКОУ «СОШ №5» Мурадханова Т.Н.",
        "Заместитель директора по УВР Миранова Г.С.",
    ]
    assert a.result == "Оформлены и обобщены материалы"
    assert school.stages[5].activities[1] is a

    # «6.1 Контроль …:» with nothing but a title heads «6.1.1 на уровне школы …».
    a = activity(school, "6.1.1")
    assert a.title.startswith(
        "Контроль реализации мероприятий по внедрению целевой модели наставничества: на уровне школы: - контроль"
    )
    assert dates(a) == (date(2023, 10, 1), date(2024, 5, 31))
    a = activity(school, "6.2.1")
    assert a.title == "Координирование внедрения целевой модели наставничества: на уровне школы"
    assert a.result == "Обеспечение условий реализации ЦМН"
    assert not any(a.number in ("6.1", "6.2") for a in school.activities)


def test_school_warnings(school):
    warnings = "\n".join(school.warnings)
    assert (
        "Не распознан срок у мероприятия 3.6: «в соответствии со сроками реализации программ наставничества»."
        in (warnings)
    )
    assert "Номер этапа 6 повторяется" in warnings
    assert "Мероприятие 5.1 стоит в этапе 6" in warnings
    assert (
        "Срок у мероприятия 2.6 («с 21.03.- 28.03.2022-») выходит за пределы 2023-2024 учебного года: проверьте год."
        in warnings
    )


# ---------------------------------------------------------------------------
# МБДОУ «Детский сад №14»: cells on lines, a stage column plus bullet lists of activities


def test_kindergarten_title_block(kindergarten):
    assert kindergarten.title == (
        "Дорожная карта внедрения системы наставничества в МБДОУ «Детский сад №14» г. Усинска"
    )
    assert kindergarten.organization == "МБДОУ «Детский сад №14» г. Усинска"
    assert kindergarten.academic_year == 2019  # most dates fall in the 2019-2020 school year
    assert kindergarten.academic_year_source == "inferred"
    assert kindergarten.approval is None
    assert kindergarten.targets == [] and kindergarten.risks == []


def test_kindergarten_stages(kindergarten):
    assert shape(kindergarten) == [("1", 3), ("2", 2), ("3", 1), ("4", 2), ("5", 2), ("6", 3), ("7", 5)]
    assert [s.title for s in kindergarten.stages] == [
        "Подготовка условий для запуска программы наставничества",
        "Формирование базы наставляемых",
        "Формирование базы наставников",
        "Отбор/ выдвижение и обучение наставников",
        "Формирование наставнических пар / групп",  # continued after a page break
        "Организация и осуществление работы наставнических пар/ групп",
        "Завершение наставничества",
    ]
    first = kindergarten.stages[0]
    assert first.deadline.text == "апрель, май 2020 г."
    assert (first.deadline.start, first.deadline.end) == (date(2020, 4, 1), date(2020, 5, 31))
    sixth = kindergarten.stages[5].deadline
    assert (sixth.start, sixth.end) == (date(2020, 7, 1), date(2021, 5, 31))


def test_kindergarten_activities(kindergarten):
    stages = kindergarten.stages
    a = stages[0].activities[0]
    assert a.number is None
    assert a.title == (
        "информирование педагогического сообщества образовательной организации о реализации программы наставничества"
    )
    assert a.deadline.text == "апрель, май 2020 г."  # shared with the stage
    assert a.responsible == ["Чеснокова Г.Я., заведующий", "Годжаева С.В., ст. воспитатель"]
    assert a.result is None
    assert stages[0].activities[1].title == (
        "создать организационные условия для осуществления программы наставничества "
        "(назначить куратора; членов творческой группы)"
    )
    assert (
        stages[0].activities[2].title == "обеспечить нормативно-правовое оформление программы наставничества"
    )

    a = stages[1].activities[1]
    assert a.title == (
        "организовать сбор данных о наставляемых (проведение анкетирования среди педагогов, желающих принять "
        "участие в программе наставничества) в том числе - сбор запросов наставляемых"
    )
    assert a.responsible == ["Годжаева С.В., ст. воспитатель", "члены творческой группы"]
    assert (a.deadline.start, a.deadline.end) == (date(2020, 5, 1), date(2020, 5, 31))

    a = stages[2].activities[0]
    assert a.title.startswith(
        "провести мероприятия для информирования и вовлечения потенциальных наставников,"
    )
    assert a.title.endswith("желающих принять участие в программе наставничества)")

    a = stages[3].activities[1]
    assert (
        a.title
        == "подготовить методические материалы для сопровождения наставнической деятельности (памятки, сценарии встреч)"
    )
    assert (a.deadline.start, a.deadline.end) == (date(2020, 6, 1), date(2020, 6, 30))

    # Stage 5 continues after a page break: bullets, responsible and title are joined back.
    fifth = stages[4].activities
    assert fifth[0].title == (
        "организовать групповые встречи для информирования участников о сложившихся парах/группах. "
        "Закрепление пар/групп распоряжением руководителя образовательной организации"
    )
    assert fifth[1].title == (
        "проведение встречи-планирования рабочего процесса в рамках программы наставничества с наставником "
        "и наставляемым."
    )
    assert fifth[1].responsible == [
        "Чеснокова Г.Я., заведующий",
        "Годжаева С.В., ст. воспитатель",
        "члены творческой группы",
    ]

    a = stages[5].activities[2]
    assert a.title == "организовать текущий контроль достижения планируемых результатов наставниками."
    assert (a.deadline.start, a.deadline.end) == (date(2020, 7, 1), date(2021, 5, 31))

    last = stages[6].activities
    assert last[0].title.startswith("организовать «обратную связь» с наставниками")
    assert last[4].title == (
        "популяризировать лучшие практики и примеры наставничества (публикация результатов программы "
        "наставничества на сайте образовательной организации)."
    )
    assert last[4].responsible == ["Годжаева С.В., ст. воспитатель"]
    assert (last[4].deadline.start, last[4].deadline.end) == (date(2021, 6, 1), date(2021, 6, 30))


def test_kindergarten_has_no_warnings(kindergarten):
    assert kindergarten.warnings == []


# ---------------------------------------------------------------------------
# МОБУ «Специальная (коррекционная) школа»: HTML fragments, stage description rows


def test_correctional_title_block(correctional):
    assert correctional.title == (
        "Дорожная карта внедрения целевой модели наставничества в муниципальном общеобразовательном "
        "бюджетном учреждении «Специальная (коррекционная) школа»"
    )
    assert correctional.organization == (
        "Муниципальное общеобразовательное бюджетное учреждение «Специальная (коррекционная) школа»"
    )
    assert correctional.academic_year == 2020
    assert correctional.academic_year_source == "inferred"
    assert correctional.approval is None


def test_correctional_stages(correctional):
    assert shape(correctional) == [("1", 4), ("2", 7), ("3", 6)]
    first, second, third = correctional.stages
    assert (
        first.title
        == "Подготовительный этап – обновление имеющейся модели и утверждение программы наставничества"
    )
    assert second.title == "Организация работы наставнических пар или групп"
    assert third.title == "Завершающий этап совершенствования модели наставничества"
    # The «<p>Задача: …</p> <p>Результат: …</p>» row under a stage is its description, not an activity.
    assert first.description.startswith("Задача: информирование о системе совершенствования")
    assert "\nРезультат: определены необходимые ресурсы" in first.description
    assert third.description.split("\n")[0].startswith("Цель: усилить программу наставничества")
    assert "<p>" not in first.description
    extra = correctional.to_dict(include_extra=True)
    assert extra["stages"][1]["description"].startswith("Задача: закрепление гармоничных")


def test_correctional_activities(correctional):
    a = activity(correctional, "1.1")
    assert a.title == (
        "Информирование педагогического сообщества образовательной организации о новом в законодательстве "
        "по реализации программы наставничества"
    )
    assert dates(a) == (date(2021, 1, 1), date(2021, 1, 31))
    assert a.responsible == ["администрация"]
    assert a.result is None

    assert activity(correctional, "1.2").title == "Назначение куратора"  # written «1.2.»
    assert dates(activity(correctional, "1.3")) == (date(2020, 11, 1), date(2020, 11, 30))
    assert dates(activity(correctional, "2.2")) == (date(2020, 1, 1), date(2020, 1, 31))  # as written

    a = activity(correctional, "2.4")
    assert a.deadline.text == "учебный год"
    assert dates(a) == (date(2020, 9, 1), date(2021, 5, 31))
    assert a.responsible == ["Куратор", "зам. директора по УР"]

    a = activity(correctional, "2.5")
    assert a.title == "Сроки сбора обратной связи от участников программы наставничества"
    assert dates(a) == (date(2020, 12, 1), date(2021, 5, 31))

    a = activity(correctional, "2.7")
    assert a.title == (
        "Анкетирование участников. Проведение мониторинга личной удовлетворенности участием в программе наставничества"
    )
    assert dates(a) == (date(2021, 5, 1), date(2021, 5, 31))

    assert activity(correctional, "3.2").responsible == ["Куратор", "зам. директора по УР"]  # «Куратор., …»
    assert activity(correctional, "3.3").responsible == ["Куратор", "зам. директора по УР"]  # «Куратор , …;»
    a = activity(correctional, "3.6")
    assert a.title == (
        "Формирование долгосрочной базы наставников для дальнейшей реализации программы наставничества до 2024г."
    )
    assert dates(a) == (date(2021, 6, 1), date(2021, 6, 30))


# ---------------------------------------------------------------------------
# The serialized shape


@pytest.mark.parametrize("path", [SCHOOL_5, KINDERGARTEN_14, CORRECTIONAL], ids=lambda p: p.stem)
def test_to_dict_has_exactly_the_contract_keys(path):
    data = read_roadmap(path).to_dict()
    assert set(data) == TOP_KEYS
    for stage in data["stages"]:
        assert set(stage) == STAGE_KEYS
        assert stage["deadline"] is None or set(stage["deadline"]) == DEADLINE_KEYS
        for item in stage["activities"]:
            assert set(item) == ACTIVITY_KEYS
            assert isinstance(item["responsible"], list)
            assert item["deadline"] is None or set(item["deadline"]) == DEADLINE_KEYS
    extra = read_roadmap(path).to_dict(include_extra=True)
    assert set(extra) - TOP_KEYS == {
        "approval",
        "goals",
        "organization_names",
        "academic_year_source",
        "source_format",
    }


def test_reading_from_bytes_equals_reading_from_path():
    assert read_roadmap(SCHOOL_5.read_bytes(), "roadmap.txt").to_dict() == read_roadmap(SCHOOL_5).to_dict()


def test_cp1251_and_utf16_text_read_the_same():
    text = CORRECTIONAL.read_text(encoding="utf-8")
    expected = read_roadmap(CORRECTIONAL).to_dict()
    assert read_roadmap(text.encode("cp1251", errors="replace")).to_dict() == expected
    assert read_roadmap(text.encode("utf-16")).to_dict() == expected
    assert read_roadmap(b"\xef\xbb\xbf" + text.encode("utf-8")).to_dict() == expected


def test_caller_academic_year_overrides_the_document():
    draft = read_roadmap(SCHOOL_5, academic_year=2024)
    assert draft.academic_year == 2024
    assert draft.academic_year_source == "argument"
    assert any("В документе указан 2023-2024 учебный год" in w for w in draft.warnings)
    # Deadlines without a year follow the chosen year.
    correctional = read_roadmap(CORRECTIONAL, academic_year=2021)
    a = activity(correctional, "2.5")
    assert dates(a) == (date(2021, 12, 1), date(2022, 5, 31))
