"""Demo data: a region, two municipalities, three organizations and a user for every role.

Idempotent: objects are found by their slug or e-mail and only created when missing, so a second
run changes nothing. Other apps add their demo content through `DEMO_EXTENSIONS`.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from nastavnik.accounts.models import Coordination, Membership, Role, User
from nastavnik.organizations.models import Municipality, Organization, Region

DEMO_PASSWORD = "nastavnik-demo"


@dataclass(frozen=True)
class DemoUser:
    email: str
    last_name: str
    first_name: str
    patronymic: str
    organization: str | None  # slug
    roles: tuple[str, ...]
    position: str = ""


ORGANIZATIONS = [
    {
        "slug": "sosh5-edissiya",
        "municipality": "kursky",
        "kind": Organization.Kind.SCHOOL,
        "short_name": "МКОУ «СОШ № 5»",
        "full_name": "Муниципальное казённое общеобразовательное учреждение «Средняя общеобразовательная школа № 5»",
        "address": "Ставропольский край, Курский муниципальный округ, с. Эдиссия, ул. Ленина, 2",
    },
    {
        "slug": "ds14-stavropol",
        "municipality": "stavropol",
        "kind": Organization.Kind.KINDERGARTEN,
        "short_name": "МБДОУ «Детский сад № 14»",
        "full_name": "Муниципальное бюджетное дошкольное образовательное учреждение «Детский сад № 14 «Солнышко»",
        "address": "г. Ставрополь, ул. Доваторцев, 17",
    },
    {
        "slug": "spk-stavropol",
        "municipality": "stavropol",
        "kind": Organization.Kind.COLLEGE,
        "short_name": "ГБПОУ «Ставропольский политехнический колледж»",
        "full_name": "Государственное бюджетное профессиональное образовательное учреждение "
        "«Ставропольский политехнический колледж»",
        "address": "г. Ставрополь, ул. Ленина, 259",
    },
]

SCHOOL = "sosh5-edissiya"
USERS = [
    DemoUser(
        "curator@demo.nastavnik.ru",
        "Гаджиева",
        "Патимат",
        "Магомедовна",
        SCHOOL,
        (Role.CURATOR,),
        "Заместитель директора по УВР",
    ),
    DemoUser(
        "director@demo.nastavnik.ru",
        "Мурадханова",
        "Тамара",
        "Николаевна",
        SCHOOL,
        (Role.DIRECTOR,),
        "Директор",
    ),
    DemoUser(
        "deputy@demo.nastavnik.ru",
        "Алиева",
        "Сабина",
        "Руслановна",
        SCHOOL,
        (Role.DEPUTY,),
        "Заместитель директора по ВР",
    ),
    DemoUser(
        "group@demo.nastavnik.ru",
        "Петренко",
        "Ольга",
        "Викторовна",
        SCHOOL,
        (Role.WORKING_GROUP,),
        "Руководитель ШМО учителей начальных классов",
    ),
    DemoUser(
        "mentor@demo.nastavnik.ru",
        "Кузнецова",
        "Елена",
        "Ивановна",
        SCHOOL,
        (Role.MENTOR,),
        "Учитель математики",
    ),
    DemoUser(
        "mentee@demo.nastavnik.ru",
        "Ахмедов",
        "Руслан",
        "Ибрагимович",
        SCHOOL,
        (Role.MENTEE,),
        "Учитель информатики, молодой специалист",
    ),
    DemoUser("parent@demo.nastavnik.ru", "Смирнова", "Анна", "Сергеевна", SCHOOL, (Role.PARENT,)),
    DemoUser(
        "partner@demo.nastavnik.ru",
        "Волков",
        "Дмитрий",
        "Петрович",
        SCHOOL,
        (Role.PARTNER,),
        "Инженер АО «Ставропольсельхозмаш»",
    ),
    DemoUser(
        "kindergarten@demo.nastavnik.ru",
        "Белова",
        "Ирина",
        "Александровна",
        "ds14-stavropol",
        (Role.CURATOR,),
        "Старший воспитатель",
    ),
    DemoUser(
        "college@demo.nastavnik.ru",
        "Орлов",
        "Сергей",
        "Михайлович",
        "spk-stavropol",
        (Role.CURATOR, Role.MENTOR),
        "Методист",
    ),
    DemoUser("region@demo.nastavnik.ru", "Никитина", "Марина", "Олеговна", None, ()),
]

#: Callables run after the base demo (e.g. a roadmap imported from a seed). Each must be idempotent.
DEMO_EXTENSIONS: list[Callable[[], None]] = []


@transaction.atomic
def load_demo() -> list[tuple[str, str]]:
    """Create the demo objects that are missing. Returns (role label, e-mail) for every demo login."""
    region, _ = Region.objects.get_or_create(slug="stavropol-krai", defaults={"name": "Ставропольский край"})
    municipalities = {}
    for slug, name in [("kursky", "Курский муниципальный округ"), ("stavropol", "город Ставрополь")]:
        municipalities[slug], _ = Municipality.objects.get_or_create(
            slug=slug, defaults={"name": name, "region": region}
        )
    organizations = {}
    for data in ORGANIZATIONS:
        fields = {k: v for k, v in data.items() if k not in {"slug", "municipality"}}
        organizations[data["slug"]], _ = Organization.objects.get_or_create(
            slug=data["slug"], defaults={**fields, "municipality": municipalities[data["municipality"]]}
        )
    logins = []
    for demo in USERS:
        user = User.objects.filter(email=demo.email).first()
        if user is None:
            user = User.objects.create_user(
                demo.email,
                DEMO_PASSWORD,
                last_name=demo.last_name,
                first_name=demo.first_name,
                patronymic=demo.patronymic,
            )
        member_of = organizations[demo.organization] if demo.organization else None
        for role in demo.roles if member_of else ():
            Membership.objects.get_or_create(
                user=user, organization=member_of, role=role, defaults={"position": demo.position}
            )
        if not demo.roles:
            Coordination.objects.get_or_create(user=user, region=region, municipality=None)
        label = ", ".join(str(Role(r).label) for r in demo.roles) or "координатор региона"
        where = organizations[demo.organization].short_name if demo.organization else region.name
        logins.append((f"{label} ({where})", demo.email))
    if not User.objects.filter(email="admin@demo.nastavnik.ru").exists():
        User.objects.create_superuser(
            "admin@demo.nastavnik.ru", DEMO_PASSWORD, last_name="Администратор", first_name="Системный"
        )
    logins.append(("суперпользователь (Django admin)", "admin@demo.nastavnik.ru"))
    for extension in DEMO_EXTENSIONS:
        extension()
    return logins
