"""Writes the shipped docxtpl templates (`templates_docx/<kind>.docx`) with python-docx.

Run after changing a layout: `.venv/bin/python -m nastavnik.documents.build_templates`; the .docx files are
committed, and a test checks that they are what this script writes (same text, same placeholders). The
layouts follow the papers schools issue: the organization's full name on top, «ПРИКАЗ» with the date and the
number on one line, «УТВЕРЖДАЮ» at the right for a regulation and a report, Times New Roman 14, tables with
borders, the director's signature line. Placeholders are docxtpl's (Jinja2): `{{ x }}`, `{%p for %}` for a
paragraph loop, `{%tr for %}` for a table row loop; the registry (`registry.py`) lists them all.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent / "templates_docx"


def _document() -> Any:
    from docx import Document
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    section.top_margin = section.bottom_margin = Cm(2)
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    normal.paragraph_format.space_after = Pt(0)
    return document


class Writer:
    """Small helpers over python-docx: paragraphs, headings, tables with a row loop, signature lines."""

    def __init__(self) -> None:
        from docx.shared import Cm

        self.document = _document()
        section = self.document.sections[0]
        self.text_width = section.page_width - section.left_margin - section.right_margin
        self.indent = Cm(1.25)

    def p(
        self,
        text: str = "",
        *,
        bold: bool = False,
        align: str = "justify",
        size: float | None = None,
        after: float = 0,
        indent: bool = False,
        keep: bool = False,
    ) -> Any:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        paragraph = self.document.add_paragraph()
        if text:
            run = paragraph.add_run(text)
            run.bold = bold
            if size:
                run.font.size = Pt(size)
        paragraph.alignment = {
            "center": WD_ALIGN_PARAGRAPH.CENTER,
            "left": WD_ALIGN_PARAGRAPH.LEFT,
            "right": WD_ALIGN_PARAGRAPH.RIGHT,
            "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
        }[align]
        paragraph.paragraph_format.space_after = Pt(after)
        if indent:
            paragraph.paragraph_format.first_line_indent = self.indent
        if keep:
            paragraph.paragraph_format.keep_with_next = True
        return paragraph

    def tag(self, text: str) -> None:
        """A paragraph holding only a `{%p … %}` tag (docxtpl removes the paragraph itself)."""
        self.document.add_paragraph(text)

    def heading(self, text: str) -> None:
        self.p(text, bold=True, align="center", after=6, keep=True)

    def organization(self) -> None:
        self.p("{{ organization.full_name }}", bold=True, align="center", size=12, after=12)

    def listed(self, loop: str, text: str) -> None:
        """An indented paragraph repeated by docxtpl's `{%p for <loop> %}` (the tag paragraphs vanish)."""
        self.tag(f"{{%p for {loop} %}}")
        self.p(text, indent=True)
        self.tag("{%p endfor %}")

    def spread(self, text: str, after: float = 0) -> None:
        """A line whose part after the tab («\\t») stands at the right margin."""
        from docx.enum.text import WD_TAB_ALIGNMENT

        line = self.p(after=after, align="left")
        line.paragraph_format.tab_stops.add_tab_stop(self.text_width, WD_TAB_ALIGNMENT.RIGHT)
        line.add_run(text)

    def order_head(self, title: str) -> None:
        self.organization()
        self.p("ПРИКАЗ", bold=True, align="center", size=16, after=12)
        self.spread("от {{ date }} г.\t№ {{ number }}", after=12)
        self.p(title, bold=True, align="center", after=12)

    def approve(self, what: str = "Директор {{ organization.short_name }}", order: bool = False) -> None:
        """The «УТВЕРЖДАЮ» block at the right (a regulation also names the order that adopted it)."""
        from docx.shared import Cm

        lines = ["УТВЕРЖДАЮ", what, "____________ {{ director }}"]
        lines.append("Приказ от {{ date }} г. № {{ number }}" if order else "«___» ____________ 20___ г.")
        for text in lines:
            paragraph = self.p(text, align="left", size=12)
            paragraph.paragraph_format.left_indent = Cm(9.5)
        self.p(after=12)

    def signature(self, role: str, name: str) -> None:
        self.p(after=12)
        self.spread(f"{role}\t____________ {name}")

    def table(self, headers: Sequence[str], cells: Sequence[str], loop: str | None = None) -> None:
        """A bordered table: the header row, then either `cells` once or, with `loop` ("r in rows"), a row
        repeated by docxtpl's `{%tr for %}` (the tag rows vanish when rendered)."""
        from docx.shared import Pt

        rows = [headers]
        if loop:
            rows += [[f"{{%tr for {loop} %}}"] + [""] * (len(headers) - 1), list(cells)]
            rows += [["{%tr endfor %}"] + [""] * (len(headers) - 1)]
        else:
            rows.append(list(cells))
        table = self.document.add_table(rows=len(rows), cols=len(headers))
        table.style = "Table Grid"
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                cell = table.cell(r, c)
                cell.text = value
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(12)
                        run.bold = r == 0
        self.p(after=6)

    def pairs(self, rows: Sequence[tuple[str, str]]) -> None:
        """A two-column table of label → value."""
        from docx.shared import Pt

        table = self.document.add_table(rows=len(rows), cols=2)
        table.style = "Table Grid"
        for r, (label, value) in enumerate(rows):
            table.cell(r, 0).text, table.cell(r, 1).text = label, value
            for c in range(2):
                for run in table.cell(r, c).paragraphs[0].runs:
                    run.font.size = Pt(12)
        self.p(after=6)

    def bytes(self) -> bytes:
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()


def _monitoring(w: Writer, first: int) -> int:
    """The monitoring sections shared by the annual report and the analytical note; returns the next number."""
    w.heading(f"{first}. Мониторинг, этап 1: качество реализации программы")
    w.p("Охват анкетированием:", indent=True, after=3)
    w.table(
        ("Анкета", "Приглашено", "Ответили", "Доля, %"),
        ("{{ r.title }}", "{{ r.invited }}", "{{ r.answered }}", "{{ r.percent }}"),
        "r in response_rates",
    )
    w.p("Удовлетворённость участников и качество работы (шкала анкеты):", indent=True, after=3)
    w.table(
        ("Показатель", "Среднее", "Ст. откл.", "Ответов"),
        ("{{ s.title }}", "{{ s.mean }}", "{{ s.sd }}", "{{ s.n }}"),
        "s in satisfaction",
    )
    w.heading(f"{first + 1}. Мониторинг, этап 2: динамика участников")
    w.p(
        "Сравнение результатов до и после участия в программе (парный t-критерий, 95 % доверительный "
        "интервал; при числе пар меньше 5 вывод не делается):",
        indent=True,
        after=3,
    )
    w.table(
        ("Показатель", "Группа", "Пар", "До", "После", "Изменение", "p", "Вывод"),
        (
            "{{ g.title }}",
            "{{ g.group }}",
            "{{ g.n }}",
            "{{ g.before }}",
            "{{ g.after }}",
            "{{ g.change }}",
            "{{ g.p_value }}",
            "{{ g.verdict }}",
        ),
        "g in growth",
    )
    w.heading(f"{first + 2}. Показатели программы против целевых значений")
    w.table(
        ("Показатель", "Значение", "Цель на год", "Выполнение"),
        ("{{ i.title }}", "{{ i.value }}", "{{ i.target }}", "{{ i.status }}"),
        "i in indicators",
    )
    w.p("{{ indicators_chart }}", align="center", after=6)
    return first + 3


def annual_report() -> bytes:
    w = Writer()
    w.approve()
    w.p("ОТЧЁТ", bold=True, align="center", size=16)
    w.p(
        "о реализации программы наставничества {{ organization.short_name }} за {{ year }} учебный год",
        bold=True,
        align="center",
        after=12,
    )
    w.heading("1. Общие сведения")
    w.pairs(
        [
            ("Организация", "{{ organization.full_name }}"),
            ("Адрес", "{{ organization.address }}"),
            ("Муниципалитет, регион", "{{ organization.municipality }}, {{ organization.region }}"),
            ("Куратор программы", "{{ curator }}"),
        ]
    )
    w.heading("2. Выполнение дорожной карты")
    w.p(
        "Дорожная карта «{{ roadmap.title }}»: мероприятий — {{ roadmap.total }}, выполнено — {{ roadmap.done }} "
        "({{ roadmap.percent }} %), выполняется — {{ roadmap.in_progress }}, просрочено — {{ roadmap.overdue }}.",
        indent=True,
        after=3,
    )
    w.table(
        ("Этап", "Мероприятий", "Выполнено"),
        ("{{ s.title }}", "{{ s.total }}", "{{ s.done }}"),
        "s in stages",
    )
    w.heading("3. Базы наставляемых и наставников")
    w.pairs(
        [
            ("Наставляемых в базе", "{{ bases.mentees }}"),
            ("из них несовершеннолетних", "{{ bases.mentees_minors }}"),
            ("Наставляемых в паре (группе)", "{{ bases.mentees_matched }}"),
            ("Наставников в базе", "{{ bases.mentors }}"),
            ("в реестре наставников", "{{ bases.mentors_register }}"),
            ("прошли обучение", "{{ bases.mentors_trained }}"),
        ]
    )
    w.heading("4. Наставнические пары и группы")
    w.p("Всего пар и групп за учебный год: {{ pairings_total }}.", indent=True, after=3)
    w.table(
        ("Форма наставничества", "Действуют", "Завершены", "Прекращены досрочно", "Всего"),
        ("{{ f.form }}", "{{ f.active }}", "{{ f.completed }}", "{{ f.ended_early }}", "{{ f.total }}"),
        "f in pairings_by_form",
    )
    w.p("Действующие пары по этапу работы:", indent=True, after=3)
    w.table(("Этап (последняя встреча)", "Пар"), ("{{ s.stage }}", "{{ s.count }}"), "s in pairings_by_stage")
    w.heading("5. Встречи и обратная связь")
    w.p(
        "Проведено встреч — {{ meetings.held }}, запланировано — {{ meetings.scheduled }}, отменено или не "
        "состоялось — {{ meetings.cancelled }}. Получено отзывов наставляемых — {{ meetings.feedback }}; "
        "средняя оценка пользы — {{ meetings.usefulness }}, комфорта — {{ meetings.comfort }} (из 10).",
        indent=True,
        after=6,
    )
    number = _monitoring(w, 6)
    w.heading(f"{number}. Кейсы лучших практик")
    w.p("{{ cases }}", indent=True, after=6)
    w.heading(f"{number + 1}. Планы на следующий учебный год")
    w.p("{{ plans }}", indent=True, after=6)
    w.signature("Куратор программы наставничества", "{{ curator }}")
    return w.bytes()


def monitoring_note() -> bytes:
    w = Writer()
    w.organization()
    w.p("АНАЛИТИЧЕСКАЯ СПРАВКА", bold=True, align="center", size=16)
    w.p("по итогам мониторинга программы наставничества за {{ year }} учебный год", bold=True, align="center")
    w.p("{{ date }}", align="right", after=12)
    w.p(
        "Мониторинг проведён в два этапа: этап 1 — оценка качества реализации программы (анкеты "
        "удовлетворённости наставников и наставляемых), этап 2 — оценка мотивационно-личностного и "
        "профессионального роста участников (сравнение результатов до и после). Справка содержит только "
        "обобщённые данные.",
        indent=True,
        after=6,
    )
    number = _monitoring(w, 1)
    w.heading(f"{number}. Выводы")
    w.listed("c in conclusions", "— {{ c }}")
    w.heading(f"{number + 1}. Рекомендации")
    w.p("{{ recommendations }}", indent=True, after=6)
    w.signature("Куратор программы наставничества", "{{ curator }}")
    return w.bytes()


def rewards_order() -> bytes:
    w = Writer()
    w.order_head("О поощрении наставников по итогам {{ year }} учебного года")
    w.p(
        "В соответствии с Положением о наставничестве {{ organization.short_name }}, по итогам реализации "
        "программы наставничества в {{ year }} учебном году, за активное участие и высокие результаты работы "
        "наставнических пар (групп)",
        indent=True,
        after=6,
    )
    w.p("ПРИКАЗЫВАЮ:", bold=True, align="left", after=6)
    w.p("1. {{ reward }} наставникам согласно приложению к настоящему приказу.", indent=True, after=3)
    w.p(
        "2. Разместить информацию о поощрении наставников на официальном сайте организации (на доске почёта "
        "наставников — с согласия наставника на публикацию).",
        indent=True,
        after=3,
    )
    w.p(
        "3. Контроль за исполнением настоящего приказа возложить на куратора программы наставничества "
        "{{ curator }}.",
        indent=True,
        after=3,
    )
    w.signature("Директор", "{{ director }}")
    w.p()
    w.p("Приложение к приказу от {{ date }} г. № {{ number }}", align="right", size=12, after=6)
    w.p("Список наставников, представленных к поощрению", bold=True, align="center", after=6)
    w.table(
        ("№", "Фамилия, имя, отчество", "Должность", "Пар (групп)", "Наставляемых", "Встреч"),
        (
            "{{ m.number }}",
            "{{ m.name }}",
            "{{ m.position }}",
            "{{ m.pairings }}",
            "{{ m.mentees }}",
            "{{ m.meetings }}",
        ),
        "m in mentors",
    )
    return w.bytes()


def certificates() -> bytes:
    w = Writer()
    w.tag("{%p for p in people %}")
    w.organization()
    w.p(after=36)
    w.p("{{ p.heading }}", bold=True, align="center", size=24, after=24)
    w.p("{{ p.name_dative }}", bold=True, align="center", size=18, after=18)
    w.p("{{ p.text }}", align="center", after=36)
    w.p("{{ year }} учебный год", align="center", after=36)
    w.signature("Директор", "{{ director }}")
    w.p("{{ date }}", align="left")
    w.tag("{%p if not loop.last %}")
    w.p("{{ page_break }}", align="left")
    w.tag("{%p endif %}")
    w.tag("{%p endfor %}")
    return w.bytes()


REGULATION_SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "1. Общие положения",
        (
            "1.1. Настоящее Положение о наставничестве (далее — Положение) в {{ organization.short_name }} "
            "разработано в соответствии с Федеральным законом от 29.12.2012 № 273-ФЗ «Об образовании в "
            "Российской Федерации», распоряжением Министерства просвещения Российской Федерации от 25.12.2019 "
            "№ Р-145 «Об утверждении методологии (целевой модели) наставничества обучающихся…» и "
            "Концепцией наставничества до 2030 года.",
            "1.2. Положение определяет цели, задачи, формы и порядок организации наставничества, права и "
            "обязанности его участников, требования к наставникам, порядок мониторинга и поощрения.",
        ),
    ),
    (
        "2. Цели и задачи наставничества",
        (
            "2.1. Цель — раскрытие потенциала личности наставляемого, необходимое для его успешной личной и "
            "профессиональной самореализации.",
            "2.2. Задачи: разработка и реализация программы наставничества; создание базы наставляемых и "
            "наставников; организация обучения наставников; мониторинг и оценка результатов программы; "
            "распространение лучших практик.",
        ),
    ),
    (
        "3. Организационная структура",
        (
            "3.1. Руководство программой наставничества осуществляет куратор, назначаемый приказом "
            "руководителя организации. Куратор программы: {{ curator }}.",
            "3.2. Для реализации программы создаётся рабочая группа в составе:",
        ),
    ),
)


def regulation() -> bytes:
    w = Writer()
    w.approve(order=True)
    w.p("ПОЛОЖЕНИЕ", bold=True, align="center", size=16)
    w.p("о наставничестве в {{ organization.full_name }}", bold=True, align="center", after=12)
    for title, paragraphs in REGULATION_SECTIONS:
        w.heading(title)
        for text in paragraphs:
            w.p(text, indent=True, after=3)
    w.listed("m in working_group", "— {{ m.name }}, {{ m.position }};")
    w.heading("4. Формы наставничества")
    w.p("4.1. В организации применяются следующие формы наставничества:", indent=True, after=3)
    w.listed("f in forms", "— {{ f }};")
    w.heading("5. Участники и порядок формирования пар и групп")
    for text in (
        "5.1. Наставляемые и наставники включаются в базы по результатам анкетирования и собеседования с их "
        "согласия, для несовершеннолетних — с согласия законного представителя.",
        "5.2. Наставнические пары (группы) формируются после групповой встречи с учётом анкет и пожеланий "
        "участников и утверждаются приказом руководителя.",
        "5.3. Для каждого наставляемого (пары, группы) составляется индивидуальный план развития.",
    ):
        w.p(text, indent=True, after=3)
    w.heading("6. Мониторинг и оценка результатов")
    w.p(
        "6.1. Мониторинг проводится в два этапа: оценка качества реализации программы и оценка "
        "мотивационно-личностного и профессионального роста участников. Итоги отражаются в аналитической "
        "справке и отчёте о реализации программы за учебный год.",
        indent=True,
        after=3,
    )
    w.heading("7. Поощрение наставников")
    w.p(
        "7.1. Лучшие наставники поощряются приказом руководителя: благодарность, благодарственное письмо, "
        "размещение на доске почёта (с согласия наставника), представление к наградам.",
        indent=True,
        after=3,
    )
    w.heading("8. Заключительные положения")
    w.p(
        "8.1. Положение действует с {{ year }} учебного года до его отмены или принятия нового.",
        indent=True,
        after=3,
    )
    return w.bytes()


def curator_order() -> bytes:
    w = Writer()
    w.order_head("О назначении куратора программы наставничества и создании рабочей группы")
    w.p(
        "В целях реализации целевой модели наставничества (распоряжение Министерства просвещения Российской "
        "Федерации от 25.12.2019 № Р-145) в {{ organization.short_name }} в {{ year }} учебном году",
        indent=True,
        after=6,
    )
    w.p("ПРИКАЗЫВАЮ:", bold=True, align="left", after=6)
    w.p(
        "1. Назначить куратором программы наставничества {{ curator_full }}, {{ curator_position }}.",
        indent=True,
        after=3,
    )
    w.p("2. Создать рабочую группу по реализации программы наставничества в составе:", indent=True, after=3)
    w.table(
        ("Фамилия, имя, отчество", "Должность"), ("{{ m.name }}", "{{ m.position }}"), "m in working_group"
    )
    w.p(
        "3. Куратору разработать дорожную карту реализации программы наставничества и представить её на "
        "утверждение.",
        indent=True,
        after=3,
    )
    w.p("4. Контроль за исполнением настоящего приказа оставляю за собой.", indent=True, after=3)
    w.signature("Директор", "{{ director }}")
    w.p("С приказом ознакомлены:", align="left", after=3)
    w.p("____________ {{ curator }}", align="left")
    return w.bytes()


BUILDERS: dict[str, Callable[[], bytes]] = {
    "annual_report": annual_report,
    "monitoring_note": monitoring_note,
    "rewards_order": rewards_order,
    "certificates": certificates,
    "regulation": regulation,
    "curator_order": curator_order,
}


def main() -> int:
    HERE.mkdir(exist_ok=True)
    for code, build in BUILDERS.items():
        (HERE / f"{code}.docx").write_bytes(build())
        print(HERE / f"{code}.docx")
    return 0


if __name__ == "__main__":
    sys.exit(main())
