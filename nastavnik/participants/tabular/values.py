"""Parsing one cell: dates (also Excel's serial numbers), categories, roles, numbers, lists."""

from __future__ import annotations

import datetime as dt
import re

from nastavnik.core.texts import TextError, gettext_noop

from .columns import _norm_word

CATEGORY_WORDS: dict[str, str] = {
    "обучающийся": "pupil",
    "обучающаяся": "pupil",
    "ученик": "pupil",
    "ученица": "pupil",
    "учащийся": "pupil",
    "учащаяся": "pupil",
    "школьник": "pupil",
    "воспитанник": "pupil",
    "студент": "student",
    "студентка": "student",
    "педагог": "teacher",
    "учитель": "teacher",
    "воспитатель": "teacher",
    "преподаватель": "teacher",
    "мастер по": "teacher",
    "молодой специалист": "young_specialist",
    "молодой педагог": "young_specialist",
    "сотрудник": "staff",
    "работник": "staff",
    "выпускник": "alumnus",
    "выпускница": "alumnus",
    "сотрудник партнера": "partner_employee",
    "представитель партнера": "partner_employee",
    "представитель работодателя": "partner_employee",
    "работодатель": "partner_employee",
}
CATEGORY_CODES = ("pupil", "student", "teacher", "young_specialist", "staff", "alumnus", "partner_employee")

ROLE_WORDS: dict[str, tuple[bool, bool]] = {  # (mentor, mentee)
    "наставник": (True, False),
    "наставляемый": (False, True),
    "наставляемая": (False, True),
    "наставник и наставляемый": (True, True),
    "наставник наставляемый": (True, True),
    "оба": (True, True),
    "mentor": (True, False),
    "mentee": (False, True),
}

GENDER_WORDS = {
    "ж": "female",
    "жен": "female",
    "женский": "female",
    "женщина": "female",
    "м": "male",
    "муж": "male",
    "мужской": "male",
    "мужчина": "male",
}

_NAME_RE = re.compile(r"^[A-Za-zА-Яа-яЁё][A-Za-zА-Яа-яЁё'’.\- ]*$")
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE_RE = re.compile(r"^[0-9+()\-\s.]+$")
_INT_RE = re.compile(r"^(\d{1,4})(?:[.,]\d+)?(?:\s*(?:год|года|лет|г\.?))?$")
_DMY_RE = re.compile(r"^(\d{1,2})[./\-](\d{1,2})[./\-](\d{4})(?:\s.*)?$")
_YMD_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


# --- values --------------------------------------------------------------------------------------------
def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    return " ".join(str(value).split())


def parse_date(value: object, today: dt.date) -> dt.date:
    """dd.mm.yyyy, yyyy-mm-dd, Excel dates (cells or serial numbers). Raises TextError (a ValueError)."""
    if isinstance(value, dt.datetime):
        result = value.date()
    elif isinstance(value, dt.date):
        result = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        result = _excel_serial(value)
    else:
        text = str(value).strip()
        match = _DMY_RE.match(text)
        if match:
            day, month, year = (int(g) for g in match.groups())
        else:
            match = _YMD_RE.match(text)
            if match:
                year, month, day = (int(g) for g in match.groups())
            elif text.isdigit() and 4 < len(text) <= 5:
                return _check_date(_excel_serial(int(text)), today)
            else:
                raise TextError(
                    gettext_noop("«%(value)s» — не дата; пишите ДД.ММ.ГГГГ, например 05.09.2010."),
                    value=text[:40],
                )
        try:
            result = dt.date(year, month, day)
        except ValueError:
            raise TextError(gettext_noop("Такой даты нет: «%(value)s»."), value=text[:40]) from None
    return _check_date(result, today)


def _excel_serial(number: float) -> dt.date:
    if not 1 <= number <= 2958465:
        raise TextError(gettext_noop("Число не похоже на дату Excel."))
    return _EXCEL_EPOCH + dt.timedelta(days=int(number))


def _check_date(value: dt.date, today: dt.date) -> dt.date:
    if value > today:
        raise TextError(gettext_noop("Дата рождения в будущем."))
    if value.year < today.year - 100:
        raise TextError(gettext_noop("Дата рождения раньше, чем 100 лет назад."))
    return value


def parse_category(value: str) -> str:
    word = _norm_word(value)
    if word in CATEGORY_CODES:
        return word
    if word in CATEGORY_WORDS:
        return CATEGORY_WORDS[word]
    # "молодой специалист (стаж до 3 лет)", "учитель математики", "студент 2 курса"
    best = None
    for phrase, code in CATEGORY_WORDS.items():
        if (word.startswith(phrase + " ") or word == phrase) and (best is None or len(phrase) > len(best[0])):
            best = (phrase, code)
    if best:
        return best[1]
    raise TextError(
        gettext_noop(
            "Неизвестная категория «%(value)s»; допустимо: обучающийся, студент, педагог, "
            "молодой специалист, сотрудник, выпускник, сотрудник партнёра."
        ),
        value=value[:40],
    )


def parse_role(value: str) -> tuple[bool, bool]:
    word = _norm_word(value)
    if word in ROLE_WORDS:
        return ROLE_WORDS[word]
    has_mentor = "наставник" in word.split()
    has_mentee = any(w.startswith("наставляем") for w in word.split())
    if has_mentor or has_mentee:
        return has_mentor, has_mentee
    raise TextError(
        gettext_noop("Роль «%(value)s» не распознана; пишите «наставник» или «наставляемый»."),
        value=value[:40],
    )


def parse_int(value: object, low: int, high: int, what: str) -> int:
    """An integer from `low` to `high`; `what` (a `Text` for a translated message) names it in the error."""
    if isinstance(value, bool):
        raise TextError(gettext_noop("%(what)s: нужно целое число."), what=what)
    if isinstance(value, (int, float)):
        number = int(value)
    else:
        text = str(value).strip().lower()
        match = _INT_RE.match(text)
        if not match:
            raise TextError(gettext_noop("%(what)s: «%(value)s» — не число."), what=what, value=text[:40])
        number = int(match.group(1))
    if not low <= number <= high:
        raise TextError(
            gettext_noop("%(what)s: число должно быть от %(low)s до %(high)s."), what=what, low=low, high=high
        )
    return number


def split_list(value: str) -> list[str]:
    """Items separated by ";" or new lines; commas separate only when neither is present."""
    text = str(value)
    parts = re.split(r"[;\n]", text) if ";" in text or "\n" in text else text.split(",")
    return [" ".join(p.split()) for p in parts if p.strip()]
