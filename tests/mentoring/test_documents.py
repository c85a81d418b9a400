"""The Word order built from plain data: re-opened with python-docx, every part is where a school expects it."""

import datetime as dt
import io

from docx import Document

from nastavnik.mentoring.documents import (
    APPENDIX_COLUMNS,
    OrderRow,
    PairingsOrder,
    build_pairings_order,
    initials_first,
    plan_deadline,
)

ORDER = PairingsOrder(
    organization_full_name="Муниципальное казённое общеобразовательное учреждение «Средняя школа № 5»",
    organization_short_name="МКОУ «СОШ № 5»",
    number="87/1-од",
    date=dt.date(2025, 9, 1),
    rows=(
        OrderRow(
            "Кузнецова Елена Ивановна",
            ("Ахмедов Руслан Ибрагимович",),
            "Учитель – учитель",
            "Опытный педагог – молодой специалист",
        ),
        OrderRow("Лысенко Андрей Николаевич", ("Смирнов Артём (7Б)", "Алиев Тимур (8А)"), "Ученик – ученик"),
    ),
    director="Т.Н. Мурадханова",
    curator="Гаджиева П.М.",
)


def test_the_order_reads_back():
    document = Document(io.BytesIO(build_pairings_order(ORDER)))
    lines = [p.text for p in document.paragraphs]
    assert lines[0] == ORDER.organization_full_name
    assert "ПРИКАЗ" in lines
    assert "от 01.09.2025 г.\t№ 87/1-од" in lines
    assert "Об утверждении наставнических пар (групп)" in lines
    text = "\n".join(lines)
    assert "Положением о наставничестве МКОУ «СОШ № 5»" in text
    assert f"в срок до {plan_deadline(ORDER.date):%d.%m.%Y} г." in text
    assert "(Гаджиева П.М.)" in text
    assert "Директор\t____________ Т.Н. Мурадханова" in text
    assert "от 01.09.2025 г. № 87/1-од" in text  # the appendix heading
    table = document.tables[0]
    assert tuple(c.text for c in table.rows[0].cells) == APPENDIX_COLUMNS
    first = [c.text for c in table.rows[1].cells]
    assert first == [
        "1",
        "Кузнецова Елена Ивановна",
        "Ахмедов Руслан Ибрагимович",
        "Учитель – учитель",
        "Опытный педагог – молодой специалист",
    ]
    second = [c.text for c in table.rows[2].cells]
    assert second[2] == "Смирнов Артём (7Б)\nАлиев Тимур (8А)"
    assert second[4] == "—"


def test_an_order_without_rows_or_people_still_builds():
    empty = PairingsOrder("Школа", "Школа", "1", dt.date(2025, 1, 1), rows=())
    document = Document(io.BytesIO(build_pairings_order(empty)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Директор\t____________ ________________" in text
    assert "возложить на куратора программы наставничества." in text
    assert len(document.tables[0].rows) == 1


def test_initials_come_first_on_a_signature_line():
    assert initials_first("Мурадханова", "Тамара", "Николаевна") == "Т.Н. Мурадханова"
    assert initials_first("Smith", "John") == "J. Smith"
