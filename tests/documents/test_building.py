"""Every kind builds a DOCX that python-docx opens, with the figures of the data made in conftest.py; the
aggregate documents carry no child's name; the documents that name people name exactly the chosen ones."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from docx import Document

from nastavnik.documents import registry
from nastavnik.documents.building import build_context, build_document
from nastavnik.documents.context import Options, year_label
from tests.documents.conftest import MINOR_NAMES, docx_text, docx_xml


def test_annual_report_has_the_years_figures(organization, school, monitoring, year):
    content = build_document(
        organization,
        "annual_report",
        Options(
            year=year, plans="Расширить форму «студент — ученик».", cases="Кейс: наставник и молодой учитель"
        ),
    )
    text = docx_text(content)
    held = school["held"]
    mentee_feedback = [f for f in school["feedback"] if not f.is_mentor]
    assert organization.full_name in text
    assert f"за {year_label(year)} учебный год" in text
    done = sum(1 for s in school["activities"] if s == "done")
    assert f"мероприятий — {len(school['activities'])}, выполнено — {done}" in text
    assert f"Проведено встреч — {len(held)}" in text
    assert f"Получено отзывов наставляемых — {len(mentee_feedback)}" in text
    usefulness = sum(f.usefulness for f in mentee_feedback) / len(mentee_feedback)
    assert f"пользы — {usefulness:.1f}".replace(".", ",") in text
    assert f"Всего пар и групп за учебный год: {len(school['pairings'])}." in text
    # the table of pairings by form: the teachers' form has one active and one completed pairing
    assert "Учитель – учитель | 1 | 1 | 0 | 2" in text
    assert "Ученик – ученик | 1 | 0 | 0 | 1" in text
    # active pairings by their last held meeting: one after a working meeting, one after the intro
    assert "рабочая встреча | 1" in text and "встреча-знакомство | 1" in text
    # monitoring and indicators land in their tables
    assert "Анкета наставляемого | 40 | 31 | 77,5" in text
    assert "Удовлетворённость работой с наставником (Анкета наставляемого) | 8,25 | 1,50 | 31" in text
    assert "Порекомендуете ли программу? (Анкета наставляемого) | 90,0 % «да» | — | 30" in text
    assert (
        "Уверенность в себе | наставляемые: ожидания → результаты | 3 | 6,00 | 7,00 | 1,00 | — | мало данных"
        in text
    )
    assert "Мотивация к обучению | наставляемые | 12 | 5,50 | 7,25 | 1,75 | 0,004 | заметный рост" in text
    assert "Доля обучающихся в программе | 37,5 % | 50,0 % | отстаёт" in text
    assert "Расширить форму «студент — ученик»." in text and "Кейс: наставник и молодой учитель" in text
    assert "О.И. Кураторова" in text and "И.П. Директоров" in text
    # the chart is a picture in the document
    assert any(name.startswith("word/media/") for name in zipfile.ZipFile(io.BytesIO(content)).namelist())


@pytest.mark.parametrize("code", ["annual_report", "monitoring_note"])
def test_aggregate_documents_name_no_child(organization, school, monitoring, year, code):
    content = build_document(organization, code, Options(year=year))
    xml = docx_xml(content)
    for name in MINOR_NAMES:
        assert name not in xml
    for adult in ("Кузнецова", "Молодой", "Старшеклассникова"):  # nor any participant at all
        assert adult not in xml


def test_monitoring_note_draws_conclusions(organization, school, monitoring, year):
    text = docx_text(
        build_document(
            organization,
            "monitoring_note",
            Options(year=year, recommendations="Провести обучение наставников."),
        )
    )
    assert "Мотивация к обучению (наставляемые): заметный рост." in text
    assert "Отстают от целевых значений: Доля обучающихся в программе." in text
    assert "Провести обучение наставников." in text


def test_rewards_order_lists_the_chosen_mentors_with_their_year(organization, school, year):
    teacher, revoked = school["teacher"], school["revoked_mentor"]
    content = build_document(
        organization,
        "rewards_order",
        Options(year=year, number="45-о", date=dt.date(2027, 5, 30), mentors=(teacher.pk, revoked.pk)),
    )
    text = docx_text(content)
    assert "от 30.05.2027 г.\t№ 45-о" in text
    assert "1. Объявить благодарность наставникам" in text
    # two pairings of the year (one completed), two mentees, three held meetings
    assert "1 | Кузнецова Елена Петровна | Математика | 2 | 2 | 3" in text
    assert "Отозванная" not in docx_xml(content)  # revoked consent: never printed
    assert "Старшеклассникова" not in text  # not chosen


def test_certificates_one_page_per_person(organization, school, year):
    teacher, kids = school["teacher"], school["kids"]
    content = build_document(
        organization,
        "certificates",
        Options(year=year, mentors=(teacher.pk,), mentees=(kids[0].pk, kids[1].pk)),
    )
    text = docx_text(content)
    assert text.count("БЛАГОДАРСТВЕННОЕ ПИСЬМО") == 1 and text.count("СЕРТИФИКАТ УЧАСТНИКА") == 2
    assert "Кузнецовой Елене Петровне" in text  # the dative of a letter of thanks
    assert "Школьников Тимофей" in text and "Ученикова Василиса" in text
    assert docx_xml(content).count('w:type="page"') == 2  # a page break between three people


def test_regulation_and_curator_order_are_filled_from_the_organization(organization, school, year):
    regulation = docx_text(build_document(organization, "regulation", Options(year=year, number="12")))
    assert "УТВЕРЖДАЮ" in regulation and "Приказ от" in regulation and "№ 12" in regulation
    assert f"о наставничестве в {organization.full_name}" in regulation
    assert "— Психологова Анна Сергеевна, педагог-психолог;" in regulation
    assert "— Учитель – учитель;" in regulation and "— Ученик – ученик;" in regulation
    order = docx_text(build_document(organization, "curator_order", Options(year=year, number="7-к")))
    assert "ПРИКАЗ" in order and "№ 7-к" in order
    assert "Назначить куратором программы наставничества Кураторова Ольга Ивановна" in order
    assert "Психологова Анна Сергеевна | педагог-психолог" in order


@pytest.mark.parametrize("kind", registry.KINDS, ids=lambda k: k.code)
def test_every_context_matches_the_registry(organization, school, monitoring, year, kind):
    """The registry that documents the placeholders is the one the builders fill: no drift either way."""
    options = Options(year=year, mentors=(school["teacher"].pk,), mentees=(school["young"].pk,))
    context = build_context(kind, organization, options)
    registry.conform(kind, context)  # raises on a missing or an undocumented placeholder
    Document(io.BytesIO(build_document(organization, kind.code, options)))  # and Word's format holds


def test_conform_names_the_drift():
    kind = registry.get("curator_order")
    with pytest.raises(registry.DriftError, match="missing.*number"):
        registry.conform(kind, {f.name: "" for f in kind.fields if f.name != "number"})


def test_annual_report_with_the_real_monitoring(organization, school, year):
    """No fake: the monitoring app's own figures of this school land in the report (stage 2 and indicators)."""
    from nastavnik.monitoring.indicators import organization_indicators
    from nastavnik.monitoring.models import Measure, MeasureValue
    from tests.builders import make_contingent, make_pupil

    make_contingent(organization, year, learners_in_age=40)
    measure = Measure.objects.get(code="attendance", organization=None)
    for i in range(6):
        MeasureValue.objects.create(
            organization=organization,
            participant=make_pupil(organization, last_name=f"Измеренный{i}"),
            measure=measure,
            academic_year=year,
            before=70 + i,
            after=90 + i,
        )
    content = build_document(organization, "annual_report", Options(year=year))
    text = docx_text(content)
    assert f"{measure.title} | " in text and "| 6 | 72,50 | 92,50 | 20,00 |" in text
    learners = next(i for i in organization_indicators(organization, year) if i.code == "learners_involved")
    assert f"{learners.title} | {learners.value:.1f} %".replace(".", ",") in text
    xml = docx_xml(content)
    assert not any(name in xml for name in (*MINOR_NAMES, "Измеренный"))
