"""The individual development plan (индивидуальный план развития) as a Word file, in the usual form.

Title block (the organization, «Индивидуальный план развития», the mentee, the mentor, the form of mentoring
and the period), a table of goals and tasks with deadlines, expected results and marks of completion, and the
signature lines of the mentor, the mentee (for a minor: the parent) and the curator.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .documents import add_paragraph, new_document

if TYPE_CHECKING:
    from nastavnik.accounts.models import User

    from .models import DevelopmentPlan, Pairing

COLUMNS = ("№", "Цель / задача", "Срок", "Ожидаемый результат", "Отметка о выполнении")


@dataclass(frozen=True)
class PlanRow:
    number: str
    text: str
    due: str
    result: str
    done: str
    is_goal: bool = False


@dataclass(frozen=True)
class PlanData:
    organization: str
    mentees: tuple[str, ...]
    mentor: str
    form: str
    role_model: str
    period: str
    rows: tuple[PlanRow, ...]
    curator: str = ""
    minor: bool = False


def build_plan_document(plan: PlanData) -> bytes:
    """The .docx bytes of one plan; python-docx reads it back in the tests."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    document = new_document(left_margin=Cm(2.5), font_size=12)
    center = WD_ALIGN_PARAGRAPH.CENTER

    add_paragraph(document, plan.organization, bold=True, align=center, after=12)
    add_paragraph(document, "ИНДИВИДУАЛЬНЫЙ ПЛАН РАЗВИТИЯ", bold=True, align=center, size=14, after=6)
    add_paragraph(document, "в рамках программы наставничества", align=center, after=12)
    label = "Наставляемые" if len(plan.mentees) > 1 else "Наставляемый"
    for name, value in (
        (label, ", ".join(plan.mentees)),
        ("Наставник", plan.mentor),
        ("Форма наставничества", plan.form),
        ("Ролевая модель", plan.role_model),
        ("Период", plan.period),
    ):
        if value:
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{name}: ").bold = True
            paragraph.add_run(value)
    add_paragraph(document, after=6)

    table = document.add_table(rows=1, cols=len(COLUMNS))
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, COLUMNS, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(title).bold = True
    for row in plan.rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, (row.number, row.text, row.due, row.result, row.done), strict=True):
            run = cell.paragraphs[0].add_run(value)
            run.bold = row.is_goal
    if not plan.rows:
        cells = table.add_row().cells
        cells[1].text = "Цели и задачи ещё не записаны."

    add_paragraph(document, after=18)
    mentee_sign = "Законный представитель наставляемого" if plan.minor else "Наставляемый"
    for role, name in (("Наставник", plan.mentor), (mentee_sign, ""), ("Куратор программы", plan.curator)):
        add_paragraph(document, f"{role}: ____________________ {name}".rstrip(), after=12)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def plan_data(plan: DevelopmentPlan, pairing: Pairing, user: User, today: dt.date | None = None) -> PlanData:
    """The plan as plain data; names follow the page's rules (revoked consent hides a name but to the curator)."""
    from nastavnik.accounts.models import Membership, Role

    from . import detail
    from .models import PlanTask

    page = detail.pairing_page(pairing, user)
    names = {m.pk: name for m, name in page.members}
    if plan.member_id:
        mentees: tuple[str, ...] = (names.get(plan.member_id, ""),)
        minor = any(m.pk == plan.member_id and m.mentee.participant.is_minor for m, _ in page.members)
    else:
        mentees = tuple(names.values())
        minor = any(m.mentee.participant.is_minor for m, _ in page.members)
    rows: list[PlanRow] = []
    view = next((v for v in page.plans if v.plan.pk == plan.pk), None)
    for g_number, goal in enumerate(view.goals if view else [], start=1):
        rows.append(PlanRow(str(g_number), goal.title, "", goal.description, "", is_goal=True))
        for t_number, task in enumerate(goal.tasks.all(), start=1):
            done = "выполнена" if task.status == PlanTask.Status.DONE else task.get_status_display()
            due = f"{task.due:%d.%m.%Y}" if task.due else ""
            rows.append(PlanRow(f"{g_number}.{t_number}", task.title, due, task.result, done))
    curator = (
        Membership.objects.filter(organization=pairing.organization, role=Role.CURATOR)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    start = pairing.approved_at or pairing.created_at
    period = f"с {start:%d.%m.%Y}" if start else ""
    if pairing.ended_at:
        period += f" по {pairing.ended_at:%d.%m.%Y}"
    return PlanData(
        organization=pairing.organization.full_name,
        mentees=mentees,
        mentor=page.mentor_name,
        form=pairing.form.title,
        role_model=pairing.role_model.title if pairing.role_model is not None else "",
        period=period,
        rows=tuple(rows),
        curator=curator.user.get_short_name() if curator else "",
        minor=minor,
    )


def plan_document(plan: DevelopmentPlan, pairing: Pairing, user: User) -> tuple[bytes, str]:
    data = plan_data(plan, pairing, user)
    who = data.mentees[0] if len(data.mentees) == 1 else "группа"
    safe = "".join("-" if c in '\\/:*?"<>|' else c for c in who)
    return build_plan_document(data), f"ИПР {safe}.docx"
