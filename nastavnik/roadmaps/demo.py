"""Demo content of the roadmaps app: the demo school's programme from the school template.

Runs after the base demo (see `nastavnik.core.demo.DEMO_EXTENSIONS`). Idempotent: nothing happens when
the school already has a roadmap for the current school year. The demo shows a plan in motion: what
ended before today is done (one item left overdue), what is under way is in progress, and the
roadmap's roles are bound to the demo users so that «Мои задачи» and reminders have owners.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django_scopes import scopes_disabled

from nastavnik.accounts.models import User
from nastavnik.organizations.models import Organization

from . import services
from .models import Activity, ActivityStatus, Roadmap
from .queries import current_academic_year

SCHOOL = "sosh5-edissiya"
#: Who does what the demo shows being done: the demo school's curator.
CURATOR = "curator@demo.nastavnik.ru"
#: The activity left overdue on purpose (found by the start of its title).
OVERDUE_TITLE = "Анкетирование и собеседование с потенциальными наставниками"
BINDINGS = {
    "Рабочая группа": "group@demo.nastavnik.ru",
    "Руководители ШМО": "group@demo.nastavnik.ru",
    "Наставники": "mentor@demo.nastavnik.ru",
    "Заместитель директора по УВР": "deputy@demo.nastavnik.ru",
}


def load_roadmap_demo() -> None:
    with scopes_disabled():
        school = Organization.objects.filter(slug=SCHOOL).first()
        if school is None:
            return
        today = timezone.localdate()
        year = current_academic_year(today)
        if Roadmap.objects.filter(organization=school, academic_year=year).exists():
            return
        curator = User.objects.filter(email=CURATOR).first()
        roadmap = services.create_programme_from_template(
            school,
            academic_year=year,
            kind="school",
            title=f"Программа наставничества {school.short_name} на {year}–{year + 2} годы",
            acting_user=curator,
        )
        roadmap.approved_by = "Директор МКОУ «СОШ № 5» Т.Н. Мурадханова"
        roadmap.order_number = "232"
        roadmap.order_date = date(year, 9, 1)
        roadmap.save()
        users = {u.email: u for u in User.objects.filter(email__in=set(BINDINGS.values()))}
        for label, email in BINDINGS.items():
            if email in users:
                services.bind_responsible(school, label, users[email], acting_user=curator)
        overdue_left = False
        for activity in Activity.objects.filter(roadmap=roadmap).order_by("position"):
            end, start = activity.deadline_end, activity.deadline_start
            if end is not None and end < today:
                if not overdue_left and activity.title.startswith(OVERDUE_TITLE):
                    overdue_left = True
                    continue
                services.set_status(activity, ActivityStatus.DONE, acting_user=curator, completed_on=end)
            elif start is not None and start <= today:
                services.set_status(activity, ActivityStatus.IN_PROGRESS, acting_user=curator)
        first_done = (
            Activity.objects.filter(roadmap=roadmap, status=ActivityStatus.DONE).order_by("position").first()
        )
        if first_done is not None:
            services.add_evidence(
                first_done,
                acting_user=curator,
                url="https://sosh5-edissiya.example/nastavnichestvo/prikaz-232",
                title="Приказ на сайте школы",
            )
