"""Demo of the public page: the school's page published with its programme, a regulation, a mentor on the honor
board (Кузнецова Е., with her recorded publication consent and a drawn portrait), a case and two news items.

Runs after the participants demo (the mentor exists). Idempotent: once the school's page exists, nothing is
created again.
"""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from nastavnik.accounts.models import User
from nastavnik.core.demo import SCHOOL
from nastavnik.core.tenancy import scopes_disabled
from nastavnik.organizations.models import Organization
from nastavnik.participants import services as participants_services
from nastavnik.participants.models import Consent, MentorProfile

from . import services
from .models import DocumentKind, PublicPage

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
INTRO = (
    "В школе с 2021 года действует программа наставничества по целевой модели (распоряжение Минпросвещения "
    "№ Р-145). Опытные педагоги помогают молодым специалистам войти в профессию, старшеклассники помогают "
    "младшим в учёбе и проектах, специалисты предприятий-партнёров знакомят учеников с профессиями."
)


def _portrait() -> bytes:
    """A drawn placeholder portrait (no real person's photo ships with the demo)."""
    image = Image.new("RGB", (360, 360), (222, 235, 247))
    draw = ImageDraw.Draw(image)
    draw.ellipse((120, 60, 240, 180), fill=(90, 120, 160))
    draw.rounded_rectangle((70, 200, 290, 360), radius=60, fill=(90, 120, 160))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def load_demo_public() -> None:
    with scopes_disabled():
        organization = Organization.objects.filter(slug=SCHOOL).first()
        if organization is None or PublicPage.objects.filter(organization=organization).exists():
            return
        _load(organization)


@transaction.atomic
def _load(organization: Organization) -> None:
    curator = User.objects.filter(email="curator@demo.nastavnik.ru").first()
    services.update_page(organization, is_published=True, intro=INTRO, acting_user=curator)
    services.publish_document(
        organization,
        title="Положение о наставничестве",
        kind=DocumentKind.REGULATION,
        filename="polozhenie-o-nastavnichestve.pdf",
        content=MINIMAL_PDF,
        acting_user=curator,
    )
    mentor = MentorProfile.objects.filter(
        organization=organization, participant__last_name="Кузнецова", participant__first_name="Елена"
    ).first()
    if mentor is not None:
        participants_services.record_consent(
            mentor.participant,
            acting_user=curator,
            kind=Consent.Kind.PUBLICATION,
            given_at=timezone.now() - dt.timedelta(days=10),
            scan=ContentFile(MINIMAL_PDF, name="soglasie-na-publikaciyu.pdf"),
        )
        services.add_honor_entry(
            mentor,
            text="Учитель математики, наставник молодых педагогов с 2021 года. Её подопечные — "
            "победители муниципального конкурса «Педагогический дебют».",
            photo=_portrait(),
            acting_user=curator,
        )
    services.save_case(
        organization,
        title="Как молодой учитель провёл первый открытый урок",
        text="Пара «опытный педагог – молодой специалист» за полгода прошла путь от первых пробных уроков "
        "до открытого урока для коллег района. Наставник посещал уроки раз в две недели, после каждого "
        "урока — короткий разбор по листу наблюдения. Итог: молодой учитель уверенно ведёт уроки, "
        "удовлетворённость работой в паре — 9 из 10.",
        published_on=timezone.localdate() - dt.timedelta(days=20),
        acting_user=curator,
    )
    services.save_news(
        organization,
        title="Стартовал новый цикл программы наставничества",
        text="Сформированы наставнические пары и группы на учебный год, утверждены приказом директора. "
        "Первые встречи-знакомства уже прошли.",
        acting_user=curator,
    )
    services.save_news(
        organization,
        title="Наставники школы прошли курсы повышения квалификации",
        text="Пять педагогов школы прошли курсы «Наставничество в образовательной организации» (36 часов).",
        acting_user=curator,
    )
