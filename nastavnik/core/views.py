"""The start page: what each role can do next, per organization; the user's notifications."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from nastavnik.accounts.models import Coordination, Membership, Role
from nastavnik.core.http import AuthenticatedHttpRequest, safe_next
from nastavnik.core.models import Notification

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

    from nastavnik.organizations.models import Organization

#: The extension point of the start page: apps above core add a part for the user's first organization (the
#: dashboard app: the programme's dashboard for programme staff, the pairings and tasks for mentors, mentees and
#: parents). Each gets the request, the organization and the user's roles there and returns HTML ("" for none).
#: Only the first organization gets panels, so the page costs the same at one organization and at twenty.
HomePanel = Callable[[AuthenticatedHttpRequest, "Organization", frozenset[str]], str]
HOME_PANELS: list[HomePanel] = []

#: What a person in each role should do next, while their part of the system is still empty.
NEXT_STEPS: dict[str, list["StrOrPromise"]] = {
    Role.CURATOR: [
        _("Загрузите дорожную карту, которая уже есть у организации, или создайте её по шаблону."),
        _("Сформируйте базы наставляемых и наставников: импорт из Excel или анкеты по ссылке."),
        _("Проведите анкетирование и подберите наставнические пары."),
    ],
    Role.WORKING_GROUP: [
        _(
            "Помогайте куратору: мероприятия дорожной карты, за которые вы отвечаете, появятся в «Моих задачах»."
        ),
    ],
    Role.DIRECTOR: [
        _("Здесь появятся показатели программы наставничества и документы на подпись: приказы и отчёты."),
    ],
    Role.DEPUTY: [
        _("Здесь появятся показатели программы наставничества и мероприятия, за которые вы отвечаете."),
    ],
    Role.MENTOR: [
        _("Когда куратор сформирует пары, здесь появятся ваши наставляемые, план и встречи."),
    ],
    Role.MENTEE: [
        _("Когда куратор подберёт вам наставника, здесь появятся он, ваш план развития и встречи."),
    ],
    Role.PARENT: [
        _(
            "Здесь вы сможете дать согласие на обработку персональных данных ребёнка и увидеть его участие в программе."
        ),
    ],
    Role.PARTNER: [
        _("Здесь появятся наставники, которых ваша организация предоставляет школе."),
    ],
}


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("organization__municipality")
        .order_by("organization__short_name", "role")
    )
    cards: dict[int, dict[str, Any]] = {}
    for membership in memberships:
        card = cards.setdefault(
            membership.organization_id,
            {"organization": membership.organization, "roles": [], "steps": [], "role_codes": set()},
        )
        card["roles"].append(membership.get_role_display())
        card["role_codes"].add(membership.role)
        card["steps"].extend(NEXT_STEPS.get(membership.role, []))
    if cards:
        first = next(iter(cards.values()))
        roles = frozenset(first["role_codes"])
        first["panel"] = mark_safe(
            "".join(panel(request, first["organization"], roles) for panel in HOME_PANELS)
        )  # noqa: S308 - templates rendered by the panels
    coordinations = Coordination.objects.filter(user=request.user).select_related("region", "municipality")
    return render(
        request,
        "core/home.html",
        {"cards": list(cards.values()), "coordinations": list(coordinations)},
    )


@login_required
def notifications(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The latest notifications of the user, across the organizations of the current scope."""
    items = list(Notification.objects.filter(user=request.user).select_related("organization")[:100])
    return render(request, "core/notifications.html", {"items": items})


@login_required
def notification_open(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Opening a notification marks it read and follows its link (only to this site)."""
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return redirect(safe_next(request, reverse("core:notifications"), target=notification.url))


@login_required
@require_POST
def notifications_read_all(request: AuthenticatedHttpRequest) -> HttpResponse:
    Notification.objects.filter(user=request.user, read_at__isnull=True).update(read_at=timezone.now())
    return redirect("core:notifications")
