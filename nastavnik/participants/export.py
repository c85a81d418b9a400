"""The bases and the register of mentors as XLSX workbooks that Excel opens as a school would format them."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from nastavnik.core.xlsx import write_row

from .models import MenteeProfile, MentorProfile, Participant

DATE_FORMAT = "DD.MM.YYYY"


def build_workbook(title: str, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """One sheet: bold frozen header with an autofilter, widths from the content, real dates."""
    workbook = Workbook()
    sheet = workbook.create_sheet(index=0) if workbook.active is None else workbook.active
    sheet.title = title[:31]
    write_row(sheet, 1, headers)
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    widths = [len(h) for h in headers]
    count = 0
    for row in rows:
        count += 1
        write_row(sheet, count + 1, row)
        for index, value in enumerate(row):
            if isinstance(value, dt.date):
                sheet.cell(row=count + 1, column=index + 1).number_format = DATE_FORMAT
                length = 10
            else:
                length = max((len(line) for line in str(value or "").splitlines()), default=0)
            widths[index] = max(widths[index], length)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 60)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{count + 1}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _consent_text(participant: Participant) -> str:
    if participant.is_hidden_by_revocation:
        return "отозвано"
    return "есть" if participant.has_valid_consent else "нет"


MENTEE_HEADERS = [
    "Фамилия",
    "Имя",
    "Отчество",
    "Дата рождения",
    "Категория",
    "Класс/группа",
    "Предмет/специальность",
    "Форма наставничества",
    "Статус",
    "Приоритет",
    "Запросы",
    "Согласие на обработку ПД",
    "Телефон",
    "Электронная почта",
]


def _prefetched(profile: MenteeProfile | MentorProfile, name: str) -> list[Any]:
    """A list `participants.queries.copy_annotations(rows, lists=True)` set on the profiles."""
    return list(getattr(profile, name))


def mentee_rows(profiles: Iterable[MenteeProfile]) -> Iterable[list[object]]:
    for profile in profiles:
        p = profile.participant
        yield [
            p.last_name,
            p.first_name,
            p.patronymic,
            p.birth_date,
            p.get_category_display(),
            p.group,
            p.subject,
            profile.form.title if profile.form else "",
            profile.get_status_display(),
            profile.get_priority_display(),
            "; ".join(r.label for r in _prefetched(profile, "request_list")),
            _consent_text(p),
            p.phone,
            p.email,
        ]


MENTOR_HEADERS = [
    "Фамилия",
    "Имя",
    "Отчество",
    "Категория",
    "Предмет/специальность",
    "Стаж, лет",
    "Откуда наставник",
    "Партнёр",
    "Статус",
    "Количество наставляемых",
    "Формы наставничества",
    "Компетенции",
    "Когда свободен",
    "Согласие на обработку ПД",
    "Телефон",
    "Электронная почта",
]


def mentor_rows(profiles: Iterable[MentorProfile]) -> Iterable[list[object]]:
    for profile in profiles:
        p = profile.participant
        yield [
            p.last_name,
            p.first_name,
            p.patronymic,
            p.get_category_display(),
            p.subject,
            p.experience_years,
            profile.get_origin_display(),
            profile.partner.name if profile.partner else "",
            profile.get_status_display(),
            profile.capacity,
            "; ".join(f.title for f in _prefetched(profile, "form_list")),
            "; ".join(c.title for c in _prefetched(profile, "competence_list")),
            "; ".join(profile.availability or []),
            _consent_text(p),
            p.phone,
            p.email,
        ]


REGISTER_HEADERS = [
    "№",
    "ФИО наставника",
    "Категория",
    "Предмет/специальность",
    "Стаж, лет",
    "Партнёр",
    "Дата включения в реестр",
    "Статус",
    "Обучение",
    "Формы наставничества",
    "Компетенции",
    "Наставляемых",
    "Может взять",
]


def register_rows(profiles: Iterable[MentorProfile]) -> Iterable[list[object]]:
    for number, profile in enumerate(profiles, start=1):
        p = profile.participant
        selections = getattr(profile, "selections", [])
        yield [
            number,
            p.full_name,
            p.get_category_display(),
            p.subject,
            p.experience_years,
            profile.partner.name if profile.partner else "",
            timezone.localtime(selections[0].changed_at).date() if selections else None,
            profile.get_status_display(),
            "; ".join(
                f"{t.course} ({t.hours} ч., {t.date:%d.%m.%Y})"
                if t.hours
                else f"{t.course} ({t.date:%d.%m.%Y})"
                for t in profile.trainings.all()
            ),
            "; ".join(f.title for f in _prefetched(profile, "form_list")),
            "; ".join(c.title for c in _prefetched(profile, "competence_list")),
            getattr(profile, "mentees_count", 0),
            profile.capacity,
        ]
