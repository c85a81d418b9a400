"""Pages of the mentoring work: the pairings of the organization, "my pairing", the orders' Word files.

Programme staff see all pairings (`participants.view_base`); a mentor, a mentee or a parent sees only
their own pairing. Orders name minors, so only programme staff may download them.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from nastavnik.accounts.permissions import can, require
from nastavnik.audit.services import AccessKind, record_access
from nastavnik.core.http import AuthenticatedHttpRequest
from nastavnik.organizations.access import get_organization

from .. import calendar, export, forms, overview, queries, services
from ..documents import DOCX_MIME
from ..models import Meeting, Order, Pairing

PAGE_SIZE = 50
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


SORTS = {
    "mentor": lambda r: (r.mentor_sort, r.pk),
    "last": lambda r: (r.last_meeting_at is None, r.last_meeting_at or 0, r.pk),
    "next": lambda r: (r.next_meeting_at is None, r.next_meeting_at or 0, r.pk),
    "feedback": lambda r: (r.feedback_average is None, r.feedback_average or 0, r.pk),
    "attention": lambda r: (-len(r.attention_reasons), r.mentor_sort, r.pk),
}


@login_required
def pairings(request: AuthenticatedHttpRequest, org: str) -> HttpResponse:
    """All pairings at a glance with what needs attention: a fixed number of queries for any size."""
    organization = get_organization(request, org, "mentoring.view_pairings")
    status = request.GET.get("status", "")
    if status not in Pairing.Status.values:
        status = ""
    attention_only = request.GET.get("attention") == "1"
    sort = request.GET.get("sort", "attention")
    if sort not in SORTS:
        sort = "attention"
    rows = overview.overview_rows(organization, status=status or None)
    if attention_only:
        rows = [r for r in rows if r.attention_reasons]
    rows.sort(key=SORTS[sort])
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    labelled = queries.label(overview.load_page(organization, page.object_list), request.user, organization)
    stages = {value: str(label) for value, label in Meeting.Kind.choices}
    kinds = {value: str(label) for value, label in Pairing.Kind.choices}
    statuses = {value: str(label) for value, label in Pairing.Status.choices}
    pairing_prefix = reverse("mentoring:pairing", args=[organization.slug, 0])[: -len("0/")]
    for pairing in labelled:  # what each row shows, computed once here (the rows are a Jinja2 part)
        pairing.progress = overview.progress_percent(pairing)
        pairing.stage_label = stages.get(pairing.stage or "", "")
        pairing.kind_label = kinds.get(pairing.kind, pairing.kind)
        pairing.status_label = statuses.get(pairing.status, pairing.status)
        pairing.url = f"{pairing_prefix}{pairing.pk}/"
        # as Django's `date` and `floatformat` filters write them: local time, the locale's decimal comma
        if pairing.last_meeting_at:
            pairing.last_meeting_on = date_format(localtime(pairing.last_meeting_at), "d.m.Y")
        if pairing.next_meeting_at:
            pairing.next_meeting_on = date_format(localtime(pairing.next_meeting_at), "d.m.Y H:i")
        held = pairing.meetings_held
        pairing.meetings_label = ngettext("%(n)s проведена", "проведено: %(n)s", held) % {"n": held}
        if pairing.feedback_average is not None:
            pairing.feedback_average_text = _("в среднем %(a)s") % {
                "a": floatformat(pairing.feedback_average, 1)
            }
        if pairing.feedback_missing:
            missing = pairing.feedback_missing
            pairing.feedback_missing_label = ngettext(
                "ждёт после %(n)s встречи", "ждёт после встреч: %(n)s", missing
            ) % {"n": missing}
    query = {
        k: v
        for k, v in (("status", status), ("attention", "1" if attention_only else ""), ("sort", sort))
        if v
    }
    context = {
        "organization": organization,
        "page": page,
        "rows": labelled,
        "offset": page.start_index() - 1 if page.paginator.count else 0,
        "status": status,
        "statuses": Pairing.Status.choices,
        "attention_only": attention_only,
        "sort": sort,
        "query": urlencode(query),
        "orders": list(queries.orders(organization)),
        "can_match": can(request.user, "matching.approve_pairings", organization),
        "can_form": can(request.user, "mentoring.manage_pairings", organization),
    }
    return render(request, "mentoring/pairings.html", context)


@login_required
def pairings_export(request: AuthenticatedHttpRequest, org: str) -> HttpResponse:
    """The list as an Excel workbook (the page's status and attention filters; sorted by mentor)."""
    organization = get_organization(request, org, "mentoring.view_pairings")
    status = request.GET.get("status", "")
    if status not in Pairing.Status.values:
        status = ""
    rows = overview.with_attention(
        overview.pairings_overview(organization, status=status or None), organization
    )
    if request.GET.get("attention") == "1":
        rows = [p for p in rows if p.attention_reasons]
    rows.sort(key=lambda p: (p.mentor.participant.last_name, p.mentor.participant.first_name, p.pk))
    labelled = queries.label(rows, request.user, organization)
    for pairing in labelled:
        pairing.progress = overview.progress_percent(pairing)
    record_access(request, organization, AccessKind.PAIRINGS_EXPORT)
    response = HttpResponse(export.pairings_xlsx(labelled), content_type=XLSX_MIME)
    response["Content-Disposition"] = 'attachment; filename="pairs.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def pairing_new(request: AuthenticatedHttpRequest, org: str) -> HttpResponse:
    """A pairing formed by hand, with the same rules as matching."""
    organization = get_organization(request, org, "mentoring.manage_pairings")
    form = forms.PairingForm(request.POST if request.method == "POST" else None, organization=organization)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            pairing = services.form_pairing(
                organization,
                data["mentor"],
                list(data["mentees"]),
                acting_user=request.user,
                form=data["form"],
                role_model=data["role_model"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Пара сформирована."))
            return redirect("mentoring:pairing", organization.slug, pairing.pk)
    context = {"organization": organization, "form": form}
    return render(request, "mentoring/pairing_new.html", context, status=400 if form.errors else 200)


@login_required
def my_pairing(request: AuthenticatedHttpRequest, org: str) -> HttpResponse:
    organization = get_organization(request, org)
    mine = queries.my_pairings(organization, request.user)
    context: dict[str, object] = {"organization": organization, "mine": mine}
    if not mine.empty:
        token = calendar.ensure_token(request.user)
        context["calendar_url"] = request.build_absolute_uri(reverse("mentoring:calendar_feed", args=[token]))
    return render(request, "mentoring/my_pairing.html", context)


@login_required
def order_download(request: AuthenticatedHttpRequest, org: str, pk: int) -> HttpResponseBase:
    organization = get_organization(request, org, "participants.view_base")
    order: Order = get_object_or_404(
        Order.objects.select_related("organization"), organization=organization, pk=pk
    )
    require(request.user, "participants.view_base", order)
    if not order.file:
        raise Http404
    try:
        handle = order.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    record_access(request, organization, AccessKind.ORDER, order)
    return FileResponse(handle, as_attachment=True, filename=order.download_name, content_type=DOCX_MIME)
