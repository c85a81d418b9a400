"""The curator's pages of the public page (o/<org>/public/…): curation writes, programme staff read.

Anybody else gets 404 (`get_organization`). Every write goes through `services`, which increments the page's
version so that the cached public page is rebuilt at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Exists, Model, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from nastavnik.accounts.permissions import can
from nastavnik.core.http import AuthenticatedHttpRequest
from nastavnik.organizations.access import get_organization
from nastavnik.organizations.models import Organization

from .. import queries, services
from ..forms import CaseForm, DocumentForm, HonorEditForm, HonorEntryForm, NewsForm, PageSettingsForm
from ..models import Case, HonorBoardEntry, NewsItem, PublicDocument

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

VIEW = "public.view_public_page_settings"
MANAGE = "public.manage_public_page"


def _organization(request: HttpRequest, org: str) -> Organization:
    """The organization for this request: staff may read, only curation may post."""
    return get_organization(request, org, MANAGE if request.method == "POST" else VIEW)


def _render(
    request: HttpRequest, organization: Organization, template: str, section: str, **context: Any
) -> HttpResponse:
    context.update(
        organization=organization,
        section=section,
        may_manage=can(request.user, MANAGE, organization),
        settings_row=queries.page_of(organization),
    )
    return render(request, f"public/manage/{template}", context)


def _errors(form: Any, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


@login_required
def settings_page(request: AuthenticatedHttpRequest, org: str) -> HttpResponse:
    organization = _organization(request, org)
    page = queries.page_of(organization)
    form = PageSettingsForm(
        request.POST or None, initial={"is_published": page.is_published, "intro": page.intro}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_page(organization, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("Настройки публичной страницы сохранены."))
            return redirect("public:manage", organization.slug)
    return _render(request, organization, "settings.html", "settings", form=form)


@login_required
def documents(request: AuthenticatedHttpRequest, org: str) -> HttpResponse:
    organization = _organization(request, org)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.publish_document(
                organization,
                title=form.cleaned_data["title"],
                kind=form.cleaned_data["kind"],
                filename=upload.name or "",
                content=upload.read(),
                acting_user=request.user,
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("Документ опубликован."))
            return redirect("public:manage_documents", organization.slug)
    return _render(
        request,
        organization,
        "documents.html",
        "documents",
        form=form,
        documents=queries.documents(organization),
    )


@login_required
@require_POST
def document_unpublish(request: AuthenticatedHttpRequest, org: str, pk: int) -> HttpResponse:
    organization = _organization(request, org)
    document = get_object_or_404(PublicDocument, organization=organization, pk=pk)
    services.unpublish_document(document, acting_user=request.user)
    messages.success(request, _("Документ снят с публичной страницы."))
    return redirect("public:manage_documents", organization.slug)


@login_required
def honor(request: AuthenticatedHttpRequest, org: str) -> HttpResponse:
    organization = _organization(request, org)
    on_board = HonorBoardEntry.objects.filter(organization=organization).values("mentor_id")
    mentors = [m for m in queries.consented_mentors(organization)]
    taken = set(on_board.values_list("mentor_id", flat=True))
    form = HonorEntryForm(
        request.POST or None, request.FILES or None, mentors=[m for m in mentors if m.pk not in taken]
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.add_honor_entry(
                form.cleaned_data["mentor"],
                text=form.cleaned_data["text"],
                photo=form.cleaned_data["photo"],
                acting_user=request.user,
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("Наставник добавлен на доску почёта."))
            return redirect("public:manage_honor", organization.slug)
    publishable = queries.publishable_participant_ids([organization.pk])
    entries = (
        HonorBoardEntry.objects.filter(organization=organization)
        .select_related("mentor__participant")
        .annotate(shown=Exists(publishable.filter(pk=OuterRef("mentor__participant_id"))))
    )
    return _render(request, organization, "honor.html", "honor", form=form, entries=list(entries))


def _entry(organization: Organization, pk: int) -> HonorBoardEntry:
    return get_object_or_404(
        HonorBoardEntry.objects.select_related("mentor__participant"), organization=organization, pk=pk
    )


@login_required
def honor_edit(request: AuthenticatedHttpRequest, org: str, pk: int) -> HttpResponse:
    organization = _organization(request, org)
    entry = _entry(organization, pk)
    form = HonorEditForm(request.POST or None, request.FILES or None, initial={"text": entry.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_honor_entry(entry, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("Запись доски почёта сохранена."))
            return redirect("public:manage_honor", organization.slug)
    return _render(request, organization, "honor_edit.html", "honor", form=form, entry=entry)


@login_required
@require_POST
def honor_remove(request: AuthenticatedHttpRequest, org: str, pk: int) -> HttpResponse:
    organization = _organization(request, org)
    services.remove_honor_entry(_entry(organization, pk), acting_user=request.user)
    messages.success(request, _("Наставник убран с доски почёта."))
    return redirect("public:manage_honor", organization.slug)


@dataclass(frozen=True)
class ItemKind:
    """One kind of the page's dated texts: a list with the form for a new one, an edit page and a delete.

    Cases and news are handled alike; `section` names the list's URL (`public:manage_<section>`) and the menu
    item, `name` the edit and delete URLs (`public:<name>_edit`, `public:<name>_delete`)."""

    model: type[Case] | type[NewsItem]
    form: type[CaseForm] | type[NewsForm]
    section: str
    name: str
    title: StrOrPromise
    new_title: StrOrPromise
    listed: Callable[[Organization], list[Any]]
    #: save(organization, *, item, acting_user, **cleaned_data): creates when `item` is None.
    save: Callable[..., object]
    delete: Callable[..., None]
    created: StrOrPromise
    saved: StrOrPromise
    deleted: StrOrPromise

    @property
    def list_url(self) -> str:
        return f"public:manage_{self.section}"

    @property
    def edit_url(self) -> str:
        return f"public:{self.name}_edit"

    @property
    def delete_url(self) -> str:
        return f"public:{self.name}_delete"


CASES = ItemKind(
    model=Case,
    form=CaseForm,
    section="cases",
    name="case",
    title=gettext_lazy("Кейсы"),
    new_title=gettext_lazy("Новый кейс"),
    listed=queries.cases,
    save=services.save_case,
    delete=services.delete_case,
    created=gettext_lazy("Кейс опубликован."),
    saved=gettext_lazy("Кейс сохранён."),
    deleted=gettext_lazy("Кейс удалён."),
)
NEWS = ItemKind(
    model=NewsItem,
    form=NewsForm,
    section="news",
    name="news",
    title=gettext_lazy("Новости"),
    new_title=gettext_lazy("Новая новость"),
    listed=queries.news,
    save=services.save_news,
    delete=services.delete_news,
    created=gettext_lazy("Новость опубликована."),
    saved=gettext_lazy("Новость сохранена."),
    deleted=gettext_lazy("Новость удалена."),
)


def _saved(
    request: AuthenticatedHttpRequest,
    organization: Organization,
    kind: ItemKind,
    form: Any,
    item: Model | None,
) -> bool:
    """Save a valid posted item form (`item` None: a new one) with its message; errors go to the form."""
    if not form.is_valid():
        return False
    try:
        kind.save(organization, item=item, acting_user=request.user, **form.cleaned_data)
    except ValidationError as error:
        _errors(form, error)
        return False
    messages.success(request, kind.saved if item else kind.created)
    return True


# The cases' and the news' pages: the URLs give the kind (`CASES`, `NEWS`).
@login_required
def items(request: AuthenticatedHttpRequest, org: str, kind: ItemKind) -> HttpResponse:
    organization = _organization(request, org)
    form = kind.form(request.POST or None)
    if request.method == "POST" and _saved(request, organization, kind, form, None):
        return redirect(kind.list_url, organization.slug)
    listed = kind.listed(organization)
    return _render(request, organization, "items.html", kind.section, form=form, kind=kind, items=listed)


@login_required
def item_edit(request: AuthenticatedHttpRequest, org: str, pk: int, kind: ItemKind) -> HttpResponse:
    organization = _organization(request, org)
    item = get_object_or_404(kind.model, organization=organization, pk=pk)
    form = kind.form(
        request.POST or None, initial={name: getattr(item, name) for name in kind.form.base_fields}
    )
    if request.method == "POST" and _saved(request, organization, kind, form, item):
        return redirect(kind.list_url, organization.slug)
    return _render(request, organization, "item_edit.html", kind.section, form=form, item=item)


@login_required
@require_POST
def item_delete(request: AuthenticatedHttpRequest, org: str, pk: int, kind: ItemKind) -> HttpResponse:
    organization = _organization(request, org)
    kind.delete(get_object_or_404(kind.model, organization=organization, pk=pk), acting_user=request.user)
    messages.success(request, kind.deleted)
    return redirect(kind.list_url, organization.slug)
