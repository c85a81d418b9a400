"""Understand the free-text deadline phrases («сроки») of Russian school mentoring roadmaps.

Roadmaps are written by hand, so the «Срок» column holds anything from «Сентябрь 2023» to
«Ежегодно, на постоянной основе май» or «с 21.03.- 28.03.2022». The roadmap reader stores the raw
text and calls :func:`parse_deadline` to get dates it can sort, filter and remind on. The module is
pure Python (no Django) so it can be tested exhaustively and reused outside the web application.

The parser never guesses silently: whatever it does not understand stays in ``text``, the dates it
cannot determine stay ``None`` and a warning in Russian says why.

How the parser works: the text is normalized (HTML leftovers, case, «ё», dashes, Latin look-alike
letters), cut into tokens by an ordered list of small regular expressions, and the tokens are read
left to right into *items* (a month, a date, a quarter, a season, a school year...) joined by range
connectors («-», «с … по …») or list connectors («,», «и»). Years are then resolved per group of
connected items and the result spans from the earliest start to the latest end.

Decisions for ambiguous phrases (mirrored in the documentation):

* ``academic_year=2023`` is the school year 2023/24: 1 September 2023 – 31 May 2024.
* A month without a year takes it from the academic year: September–December → the first year,
  January–August → the second («май» → May 2024, «август» → August 2024).
* A period without a year is placed by its *last* month («ноябрь - январь» → 2023-11-01..2024-01-31,
  «август-сентябрь» → August–September 2023, «III квартал» → July–September 2023); the first month
  takes the year that keeps start ≤ end. An explicit year written after a range or a list belongs to
  its last item and earlier items take the latest year that keeps the order («декабрь – январь 2024»
  → December 2023 – January 2024, «апрель, май 2020 г.» → April–May 2020); items after it take the
  earliest such year.
* A listing of months without a year («сентябрь, декабрь, май») places each month independently by
  the rule above and spans from the first to the last; when the listed periods are not adjacent a
  warning says that the span also covers the months in between. No recurrence is inferred.
* «до DATE», «к DATE», «не позднее DATE», «по DATE» set only the end; «с DATE» / «начиная с DATE»
  only the start. For a month without a day «до/к сентябрю» means «by the start of September»
  (end = 1 September) while «до конца сентября», «не позднее сентября», «по сентябрь» mean its last
  day. In a range («с сентября до мая») the end month is included in full.
* «в течение учебного года», «учебный год», «в течение года», «весь год» → the academic year
  (1 September – 31 May); «2023-2024 учебный год», «2023/24 уч. г.» → that school year. A bare year
  range «2023-2024 гг.» is also read as school years (1 September 2023 – 31 May 2024) but with a
  warning, because it might mean calendar years. «2023 год» alone → the calendar year.
* Half-years («полугодие») are school half-years: I = September–December, II = January–May. With an
  explicit calendar year («I полугодие 2024 г.») they are calendar half-years (January–June,
  July–December) and a warning notes it.
* Quarters («квартал») are calendar quarters (IV = October–December).
* School quarters («четверть») are approximated by whole months, since holidays vary by region:
  I = September–October, II = November–December, III = January–March, IV = April–May.
  Trimesters: I = September–November, II = December–February, III = March–May. Seasons: autumn =
  September–November, winter = December–February, spring = March–May, summer = June–August.
  «начало учебного года» → September, «конец учебного года» → May.
* A period word without a number («четверть», «квартал») gives no dates and a warning.
* Recurrence: «ежегодно», «раз в год» → yearly; «ежемесячно» → monthly; «еженедельно» → weekly;
  «ежеквартально», «раз в четверть», «каждую четверть», «по четвертям» → quarterly; «раз в полугодие»,
  «раз в полгода» → half-yearly. «N раз в <период>» maps to the cadence with that interval («2 раза
  в год» → half-yearly, «4 раза в год» → quarterly); intervals that match none («3 раза в год»,
  «2 раза в месяц») take the nearest more frequent cadence with a warning. «ежедневно» is marked as
  ongoing with a warning (daily is not a supported cadence). Two different cadences keep the first
  with a warning.
* Ongoing: «на постоянной основе», «постоянно», «систематически», «регулярно», «круглогодично»,
  «в течение всего периода (реализации программы / ЦМН / целевой модели наставничества)». Ongoing work gets no dates by itself.
* «по мере необходимости», «по необходимости», «при необходимости», «по запросу» are understood as
  «as needed»: no dates, no recurrence, no warning. «по графику», «по плану» are ignored as filler.
* A start later than the end (contradictory text) leaves both dates empty with a warning.
* Empty text → no dates and the warning «Срок не указан»; text with nothing recognizable → the
  warning «Не удалось распознать срок: «…»»; a recognized phrase with leftover words → the dates found
  plus the warning «Не распознана часть текста: «…»».
* Roman numerals may be typed with Latin or Cyrillic look-alike letters (I, І, Х, and «П» for II);
  words typed with Latin look-alikes («Ceнтябрь», «MAPT») are repaired. «I-II полугодие», «1-2
  четверть» span both periods; «кв.» means «квартал».
* A year after a comma still belongs to the month before it («Декабрь, 2023»). A year range right
  after a period names its school year («I полугодие 2023-2024 учебного года», «сентябрь 2023-2024»).
* A single date («01.09.2023», «15 сентября») gives start = end = that day; «1.09.23» has year 2023.
* Bare day numbers borrow the month of the date they are joined to («с 1 по 15 сентября»,
  «1-15 сентября»); a day number with no month to borrow is reported as unrecognized.

Warnings (Russian, shown to the methodologist as they are): «Срок не указан», «Не удалось
распознать срок: «…»», «Не распознана часть текста: «…»», «Не указан год, а учебный год не задан:
«…»», «Учебный год не задан — даты для «…» не определены», «Некорректная дата: «…»», «Не указан
номер периода: «…»», «Перечислены несмежные периоды: …», «Диапазон лет «…» понят как учебные
годы …», «Полугодие с календарным годом понято как календарное: «…»», «Периодичность «…»
приближена: «…»», «Указано несколько разных периодичностей; …», «Ежедневная периодичность не
поддерживается: …», «Начало срока позже окончания — даты не определены: «…»».

The package keeps one job per module: ``model`` (the :class:`Deadline` value and the school-year rule),
``vocabulary`` (normalization, the lexer's rules, the tables of months, periods and numbers, and the
item a phrase is read into) and ``parsing`` (the parser that reads tokens into items, resolves their
years and builds the :class:`Deadline`).
"""

from __future__ import annotations

from .model import RECURRENCES, Deadline, academic_year_of
from .parsing import deadline_json, parse_deadline

__all__ = ["RECURRENCES", "Deadline", "academic_year_of", "deadline_json", "parse_deadline"]
