"""What the roadmaps pages share: who asks, whether htmx asks for a part, loading an activity the user may
see, and the values every activity row shows beyond the model."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import quote

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from nastavnik.accounts.models import User
from nastavnik.accounts.permissions import can, require
from nastavnik.core.http import AuthenticatedHttpRequest
from nastavnik.core.rows import render_part
from nastavnik.organizations.access import get_organization
from nastavnik.organizations.models import Organization

from ..forms import DoneForm
from ..models import Activity, ActivityStatus
from ..queries import activity_queryset

STATUS_CHIPS = {
    ActivityStatus.PLANNED: "",
    ActivityStatus.IN_PROGRESS: "chip-progress",
    ActivityStatus.DONE: "chip-done",
    ActivityStatus.CANCELLED: "chip-cancelled",
}


def htmx_part(request: HttpRequest) -> bool:
    """htmx asks for a part of the page (not a full page when it restores its history)."""
    htmx = getattr(request, "htmx", None)
    return htmx is not None and bool(htmx) and not htmx.history_restore_request


def is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", None))


def next_of(request: HttpRequest) -> str:
    return request.POST.get("next") or request.GET.get("next") or ""


def row_labels() -> dict[str, str]:
    """Words every activity row repeats, translated once per request instead of once per row."""
    return {
        "number": _("№"),
        "activity": _("Мероприятие"),
        "deadline": _("Сроки"),
        "responsible": _("Ответственные"),
        "status": _("Статус"),
        "save": _("Сохранить"),
        "mark_done": _("Отметить выполнение"),
        "overdue": _("просрочено"),
    }


def decorate(activities: Iterable[Any], user: User, organization: Organization) -> None:
    """Everything a row shows beyond the model, computed in Python: rendering a few hundred rows with
    a `{% url %}`, a `{% translate %}` and a status `<select>` loop in each took seconds.

    The activities are the organization's: whoever may update every activity of it (curation,
    administration) is asked once, the others per activity (the responsible people)."""
    labels = row_labels()
    detail_prefix = reverse("roadmaps:activity", args=[organization.slug, 0])[: -len("0/")]
    status_labels = {value: str(label) for value, label in ActivityStatus.choices}
    options = {
        current: format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (value, mark_safe(" selected") if value == current else "", label)
                for value, label in status_labels.items()
            ),
        )
        for current in ActivityStatus.values
    }
    may_update_all = can(user, "roadmaps.update_activity", organization)
    for activity in activities:
        activity.may_update = may_update_all or can(user, "roadmaps.update_activity", activity)
        overdue = activity.is_overdue
        activity.chip_class = "chip-overdue" if overdue else STATUS_CHIPS.get(activity.status, "")
        activity.chip_label = (
            labels["overdue"] if overdue else status_labels.get(activity.status, activity.status)
        )
        activity.url = f"{detail_prefix}{activity.pk}/"
        proofs = getattr(activity, "evidence_count", 0)
        activity.evidence_label = (
            ngettext("%(counter)s подтверждение", "подтверждений: %(counter)s", proofs) % {"counter": proofs}
            if proofs
            else ""
        )
        activity.status_options = options[activity.status]
        start, end = activity.deadline_start, activity.deadline_end
        if end is None:
            activity.dates_hint = ""
        elif start and start != end:
            activity.dates_hint = f"{start:%d.%m.%Y} – {end:%d.%m.%Y}"
        else:
            activity.dates_hint = f"{_('до')} {end:%d.%m.%Y}" if start is None else f"{end:%d.%m.%Y}"
        if getattr(activity, "people", None) is None:  # `queries.roadmap_activities` gives them as values
            people = getattr(activity, "responsible_list", None)  # see `activity_queryset(as_list=True)`
            if people is None:
                people = activity.responsible.all()
            activity.people = [(r.display, bool(r.user_id)) for r in people]


def may_see(user: User, organization: Organization, activity: Activity) -> bool:
    """Programme staff see every activity; a responsible person sees theirs (and its proof)."""
    return can(user, "roadmaps.view_roadmap", organization) or can(user, "roadmaps.update_activity", activity)


def load_activity(request: AuthenticatedHttpRequest, org: str, pk: int) -> tuple[Organization, Activity]:
    """The activity if the user may see it, else 404."""
    organization = get_organization(request, org)
    activity = get_object_or_404(
        activity_queryset().select_related("roadmap"), pk=pk, organization=organization
    )
    if not may_see(request.user, organization, activity):
        raise Http404
    return organization, activity


def load_activity_for_update(
    request: AuthenticatedHttpRequest, org: str, pk: int
) -> tuple[Organization, Activity]:
    organization, activity = load_activity(request, org, pk)
    require(request.user, "roadmaps.update_activity", activity)
    return organization, activity


def activity_rows(
    request: HttpRequest | None,
    activities: Sequence[Any],
    *,
    next_url: str,
    labels: dict[str, str] | None = None,
    done_form: DoneForm | None = None,
) -> SafeString:
    """The table rows of decorated activities (a `<tbody>` each), rendered by Jinja2: through the Django
    template engine the roadmap's rows were a third of its page (docs/performance.md)."""
    context = {
        "activities": activities,
        "row": labels or row_labels(),
        "next": next_url,
        "next_q": quote(next_url, safe="/"),  # Django's `urlencode` filter
        "done_form": render_to_string("includes/form.html", {"form": done_form}) if done_form else "",
    }
    return render_part("roadmaps/_activity_rows.html", context, request)


def rows_response(
    request: AuthenticatedHttpRequest,
    organization: Organization,
    activity: Activity,
    *,
    done_form: DoneForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """One activity's table rows, for htmx to swap in place."""
    activity = activity_queryset().select_related("roadmap").get(pk=activity.pk)
    decorate([activity], request.user, organization)
    html = activity_rows(request, [activity], next_url=next_of(request), done_form=done_form)
    return HttpResponse(html, status=status)
