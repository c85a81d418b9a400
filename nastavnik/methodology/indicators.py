"""The methodology's indicators: their codes (the API's order), Russian titles, and the guess of an
indicator code from the words of a roadmap's target.

Pure (no Django models): `roadmaps` uses the guess on import and for its target field's choices,
`monitoring` computes the figures. Codes and formulas: /work/shared/API.md, docs/monitoring.md.
"""

from __future__ import annotations

import re

LEARNERS_INVOLVED = "learners_involved"
YOUNG_SPECIALISTS_INVOLVED = "young_specialists_involved"
TEACHERS_MENTORING = "teachers_mentoring"
FEEDBACK_COVERAGE = "feedback_coverage"
SATISFACTION_MENTEES = "satisfaction_mentees"
SATISFACTION_MENTORS = "satisfaction_mentors"
PAIRINGS_ACTIVE = "pairings_active"
PAIRINGS_COMPLETED = "pairings_completed"

CODES: tuple[str, ...] = (
    LEARNERS_INVOLVED,
    YOUNG_SPECIALISTS_INVOLVED,
    TEACHERS_MENTORING,
    FEEDBACK_COVERAGE,
    SATISFACTION_MENTEES,
    SATISFACTION_MENTORS,
    PAIRINGS_ACTIVE,
    PAIRINGS_COMPLETED,
)


def gettext_noop(message: str) -> str:
    """Marks a message id for `makemessages` (it looks for this name) without importing Django."""
    return message


#: Russian titles (message ids for gettext: callers translate with `gettext(TITLES[code])`).
TITLES: dict[str, str] = {
    LEARNERS_INVOLVED: gettext_noop("Доля обучающихся в возрастном диапазоне, вовлечённых в наставничество"),
    YOUNG_SPECIALISTS_INVOLVED: gettext_noop("Доля молодых специалистов, вовлечённых в наставничество"),
    TEACHERS_MENTORING: gettext_noop("Доля педагогов — наставников"),
    FEEDBACK_COVERAGE: gettext_noop("Доля встреч с обратной связью от всех наставляемых"),
    SATISFACTION_MENTEES: gettext_noop("Удовлетворённость наставляемых (1–10)"),
    SATISFACTION_MENTORS: gettext_noop("Удовлетворённость наставников (1–10)"),
    PAIRINGS_ACTIVE: gettext_noop("Действующие пары и группы"),
    PAIRINGS_COMPLETED: gettext_noop("Завершённые пары и группы"),
}

SHARE_CODES = frozenset(
    {LEARNERS_INVOLVED, YOUNG_SPECIALISTS_INVOLVED, TEACHERS_MENTORING, FEEDBACK_COVERAGE}
)
SATISFACTION_CODES = frozenset({SATISFACTION_MENTEES, SATISFACTION_MENTORS})
COUNT_CODES = frozenset({PAIRINGS_ACTIVE, PAIRINGS_COMPLETED})

_YOUNG = re.compile(r"молод\w*\s+(специалист|педагог|учител)", re.IGNORECASE)
_SATISFACTION = re.compile(r"удовлетвор", re.IGNORECASE)
_MENTEES = re.compile(r"наставляем", re.IGNORECASE)
_MENTORS = re.compile(r"наставник", re.IGNORECASE)
_LEARNERS = re.compile(r"обучающ|учащ|школьник|воспитанник|студент|дет(ей|и)\b|подростк", re.IGNORECASE)
_TEACHERS = re.compile(r"педагог|учител|преподавател", re.IGNORECASE)
_FEEDBACK = re.compile(r"обратн\w*\s+связ", re.IGNORECASE)


def guess_code(text: str) -> str:
    """The indicator a target's sentence most likely speaks of, or "" when the words say nothing clear.

    «не менее 70 % обучающихся 10–18 лет вовлечены …» → learners_involved; «молодых специалистов» →
    young_specialists_involved; «педагогов … наставниками» → teachers_mentoring; «удовлетворённость
    наставляемых» → satisfaction_mentees. The curator corrects the guess on the target's form.
    """
    text = text or ""
    if _SATISFACTION.search(text):
        if _MENTEES.search(text):
            return SATISFACTION_MENTEES
        if _MENTORS.search(text):
            return SATISFACTION_MENTORS
        return ""
    if _FEEDBACK.search(text):
        return FEEDBACK_COVERAGE
    if _YOUNG.search(text):
        return YOUNG_SPECIALISTS_INVOLVED
    if _LEARNERS.search(text):
        return LEARNERS_INVOLVED
    if _TEACHERS.search(text):
        return TEACHERS_MENTORING
    return ""
