"""Pages of questionnaires: the curator's builder, sending, invitations and results; the respondent's form.

Curator pages live under o/<org>/questionnaires/ and start with `get_organization`. The respondent's
pages live under q/<token>/, need no account, and open a scope on the invitation's organization only
after the token resolved to an invitation.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nastavnik.accounts.permissions import can, is_curator
from nastavnik.core.tenancy import organization_scope
from nastavnik.organizations.access import get_organization
from nastavnik.participants.models import Participant
from nastavnik.participants.queries import annotate_consent

from . import results as results_module
from . import services
from .forms import BaseFilterForm, QuestionForm, QuestionnaireForm, SectionForm, SendForm
from .models import Invitation, Question, QuestionKind, Questionnaire, Response, Section
from .services import MANAGE, VIEW_RESULTS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _questionnaire(request, org, pk, action=MANAGE):
    organization = get_organization(request, org, action)
    questionnaire = get_object_or_404(
        Questionnaire.objects.filter(organization=organization).select_related("source_template"), pk=pk
    )
    questionnaire.organization = organization
    return organization, questionnaire


def _sees_revoked(request, organization) -> bool:
    """Only the curator still sees people who revoked their consent (as in the bases)."""
    return is_curator(request.user, organization)


def _error(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


def _editor_url(questionnaire, anchor: str = "") -> str:
    url = reverse("questionnaires:editor", args=[questionnaire.organization.slug, questionnaire.pk])
    return f"{url}#{anchor}" if anchor else url


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- list, templates, creation ----------------------------------------------------------------------------
@login_required
def index(request, org):
    organization = get_organization(request, org, VIEW_RESULTS)
    questionnaires = (
        Questionnaire.objects.filter(organization=organization)
        .annotate(
            invited=Count("invitations", filter=Q(invitations__revoked_at__isnull=True)),
            submitted=Count("invitations", filter=Q(invitations__submitted_at__isnull=False)),
        )
        .order_by("-created_at", "-pk")
    )
    templates = Questionnaire.shipped.annotate(questions_count=Count("questions")).order_by("pk")
    return render(
        request,
        "questionnaires/index.html",
        {
            "organization": organization,
            "questionnaires": questionnaires,
            "templates": templates,
            "can_manage": can(request.user, MANAGE, organization),
        },
    )


@login_required
def create(request, org):
    organization = get_organization(request, org, MANAGE)
    form = QuestionnaireForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        questionnaire = services.create_questionnaire(organization, request.user, **form.cleaned_data)
        messages.success(request, _("Анкета создана. Добавьте вопросы."))
        return redirect(_editor_url(questionnaire))
    return render(request, "questionnaires/create.html", {"organization": organization, "form": form})


@login_required
def template_detail(request, org, pk):
    organization = get_organization(request, org, MANAGE)
    template = get_object_or_404(Questionnaire.shipped, pk=pk)
    return render(
        request,
        "questionnaires/preview.html",
        {
            "organization": organization,
            "questionnaire": template,
            "sections": services.build_form(template, organization=organization),
            "is_template": True,
        },
    )


@login_required
@require_POST
def copy(request, org, pk):
    organization = get_organization(request, org, MANAGE)
    template = get_object_or_404(
        Questionnaire.objects.with_scopes_disabled().filter(
            Q(organization__isnull=True) | Q(organization=organization)
        ),
        pk=pk,
    )
    questionnaire = services.copy_template(template, organization, request.user)
    messages.success(request, _("Шаблон скопирован. Проверьте вопросы и отправьте анкету участникам."))
    return redirect(_editor_url(questionnaire))


# --- the editor -----------------------------------------------------------------------------------------------
@login_required
def editor(request, org, pk):
    organization, questionnaire = _questionnaire(request, org, pk)
    form = QuestionnaireForm(request.POST or None, instance=questionnaire)
    if request.method == "POST" and form.is_valid():
        services.update_questionnaire(questionnaire, request.user, **form.cleaned_data)
        messages.success(request, _("Сохранено."))
        return redirect(_editor_url(questionnaire))
    sections = list(Section.objects.filter(questionnaire=questionnaire).order_by("position", "pk"))
    questions = list(Question.objects.filter(questionnaire=questionnaire).order_by("position", "pk"))
    for section in sections:
        section.question_list = [q for q in questions if q.section_id == section.pk]
    answered = set(
        Question.objects.filter(questionnaire=questionnaire, answers__response__submitted_at__isnull=False)
        .values_list("pk", flat=True)
        .distinct()
    )
    return render(
        request,
        "questionnaires/editor.html",
        {
            "organization": organization,
            "questionnaire": questionnaire,
            "form": form,
            "sections": sections,
            "answered": answered,
            "question_count": len(questions),
        },
    )


@login_required
def preview(request, org, pk):
    organization, questionnaire = _questionnaire(request, org, pk)
    return render(
        request,
        "questionnaires/preview.html",
        {
            "organization": organization,
            "questionnaire": questionnaire,
            "sections": services.build_form(questionnaire),
        },
    )


@login_required
@require_POST
def delete(request, org, pk):
    organization, questionnaire = _questionnaire(request, org, pk)
    try:
        services.delete_questionnaire(questionnaire, request.user)
    except ValidationError as error:
        _error(request, error)
        return redirect(_editor_url(questionnaire))
    messages.success(request, _("Анкета удалена."))
    return redirect("questionnaires:index", organization.slug)


def _section(request, org, section_id):
    organization = get_organization(request, org, MANAGE)
    section = get_object_or_404(
        Section.objects.filter(organization=organization).select_related("questionnaire__organization"),
        pk=section_id,
    )
    return organization, section


@login_required
@require_POST
def section_add(request, org, pk):
    _organization, questionnaire = _questionnaire(request, org, pk)
    form = SectionForm(request.POST)
    title = form.cleaned_data["title"] if form.is_valid() else ""
    section = services.add_section(questionnaire, request.user, title)
    return redirect(_editor_url(questionnaire, f"section-{section.pk}"))


@login_required
@require_POST
def section_edit(request, org, section):
    _organization, section = _section(request, org, section)
    form = SectionForm(request.POST)
    if form.is_valid():
        services.rename_section(section, request.user, form.cleaned_data["title"])
    else:
        messages.error(request, _("Укажите заголовок раздела (до 300 символов)."))
    return redirect(_editor_url(section.questionnaire, f"section-{section.pk}"))


@login_required
@require_POST
def section_delete(request, org, section):
    _organization, section = _section(request, org, section)
    try:
        services.delete_section(section, request.user)
    except ValidationError as error:
        _error(request, error)
    return redirect(_editor_url(section.questionnaire))


@login_required
@require_POST
def section_move(request, org, section):
    _organization, section = _section(request, org, section)
    services.move_section(section, request.user, request.POST.get("direction", ""))
    return redirect(_editor_url(section.questionnaire, f"section-{section.pk}"))


def _question(request, org, question_id):
    organization = get_organization(request, org, MANAGE)
    question = get_object_or_404(
        Question.objects.filter(organization=organization).select_related(
            "questionnaire__organization", "section"
        ),
        pk=question_id,
    )
    return organization, question


@login_required
def question_add(request, org, section):
    organization, section = _section(request, org, section)
    form = QuestionForm(request.POST or None, question=Question(kind=QuestionKind.SINGLE_CHOICE))
    if request.method == "POST" and form.is_valid():
        try:
            question = services.add_question(section, request.user, **form.cleaned_data["fields"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Вопрос добавлен."))
            return redirect(_editor_url(section.questionnaire, f"question-{question.pk}"))
    return render(
        request,
        "questionnaires/question_form.html",
        {
            "organization": organization,
            "section": section,
            "questionnaire": section.questionnaire,
            "form": form,
        },
    )


@login_required
def question_edit(request, org, question):
    organization, question = _question(request, org, question)
    fragment = bool(request.htmx)
    context = {"organization": organization, "question": question, "questionnaire": question.questionnaire}
    if request.method == "GET" and request.GET.get("cancel"):
        return render(request, "questionnaires/_question.html", {**context, "q": question})
    form = QuestionForm(request.POST or None, question=question)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_question(question, request.user, **form.cleaned_data["fields"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if fragment:
                return render(request, "questionnaires/_question.html", {**context, "q": question})
            messages.success(request, _("Вопрос сохранён."))
            return redirect(_editor_url(question.questionnaire, f"question-{question.pk}"))
    template = "questionnaires/_question_form.html" if fragment else "questionnaires/question_form.html"
    return render(request, template, {**context, "form": form, "section": question.section})


@login_required
@require_POST
def question_delete(request, org, question):
    _organization, question = _question(request, org, question)
    try:
        services.delete_question(question, request.user)
    except ValidationError as error:
        _error(request, error)
    return redirect(_editor_url(question.questionnaire, f"section-{question.section_id}"))


@login_required
@require_POST
def question_move(request, org, question):
    _organization, question = _question(request, org, question)
    services.move_question(question, request.user, request.POST.get("direction", ""))
    return redirect(_editor_url(question.questionnaire, f"question-{question.pk}"))


# --- sending and invitations ---------------------------------------------------------------------------------
def _candidates(organization, filters: BaseFilterForm):
    people = Participant.objects.filter(organization=organization)
    data = filters.cleaned_data if filters.is_valid() else {"base": "mentees", "category": "", "group": ""}
    base = data.get("base") or "mentees"
    if base == "mentees":
        people = people.filter(mentee_profile__isnull=False)
    elif base == "mentors":
        people = people.filter(mentor_profile__isnull=False)
    else:
        people = people.filter(Q(mentee_profile__isnull=False) | Q(mentor_profile__isnull=False))
    if data.get("category"):
        people = people.filter(category=data["category"])
    group = (data.get("group") or "").strip()
    if group:
        # Not iexact: SQLite folds the case of ASCII letters only, and classes are "7Б".
        people = people.filter(group__in={group, group.upper(), group.lower()})
    return (
        people.select_related("mentee_profile", "mentor_profile")
        .prefetch_related("consents")
        .order_by("last_name", "first_name", "pk")
    )


@login_required
def send(request, org, pk):
    organization, questionnaire = _questionnaire(request, org, pk)
    filters = BaseFilterForm(request.POST if request.method == "POST" else request.GET or None)
    people = list(_candidates(organization, filters))
    invited = set(
        Invitation.objects.filter(questionnaire=questionnaire, revoked_at__isnull=True).values_list(
            "participant_id", flat=True
        )
    )
    sees_revoked = _sees_revoked(request, organization)
    categories = {value: str(label) for value, label in Participant.Category.choices}
    rows = []
    for person in people:
        blocked = ""
        revoked = person.is_hidden_by_revocation
        if revoked and not sees_revoked:
            continue
        if person.pk in invited:
            blocked = _("уже приглашён")
        elif revoked:
            blocked = _("согласие отозвано")
        rows.append(
            {
                "person": person,
                "blocked": blocked,
                "no_consent": not person.has_valid_consent,
                "category": categories.get(person.category, ""),
            }
        )
    choices = [(row["person"].pk, row["person"].full_name) for row in rows if not row["blocked"]]
    form = SendForm(request.POST if request.method == "POST" else None, choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.send_to_base(
                questionnaire,
                Participant.objects.filter(pk__in=form.cleaned_data["participant"]),
                request.user,
                form.cleaned_data["expires_in_days"],
                send_email=form.cleaned_data["send_email"],
            )
        except ValidationError as error:
            _error(request, error)
        else:
            parts = [_("Приглашений создано: %(n)s.") % {"n": len(result.created)}]
            if result.emails_queued:
                parts.append(_("Писем с ссылками отправляется: %(n)s.") % {"n": result.emails_queued})
            if result.without_email or not form.cleaned_data["send_email"]:
                parts.append(_("Ссылки без e-mail скопируйте со страницы или скачайте списком в XLSX."))
            if result.skipped_invited:
                parts.append(_("Уже были приглашены: %(n)s.") % {"n": result.skipped_invited})
            if result.skipped_revoked:
                parts.append(_("Пропущены (согласие отозвано): %(n)s.") % {"n": result.skipped_revoked})
            messages.success(request, " ".join(parts))
            return redirect("questionnaires:invitations", organization.slug, questionnaire.pk)
    has_ranking = Question.objects.filter(questionnaire=questionnaire, kind=QuestionKind.RANKING).exists()
    return render(
        request,
        "questionnaires/send.html",
        {
            "organization": organization,
            "questionnaire": questionnaire,
            "filters": filters if filters.is_bound else BaseFilterForm(),
            "form": form,
            "rows": rows,
            "selectable": len(choices),
            "has_ranking": has_ranking,
        },
    )


PER_PAGE = 200


def _page(request, total: int, per_page: int | None = None) -> tuple[int, int, int]:
    """(page number, first index, last index) of a list split into pages; bad numbers mean page 1."""
    per_page = per_page or PER_PAGE
    pages = max(1, -(-total // per_page))
    try:
        number = min(max(1, int(request.GET.get("page", 1))), pages)
    except (TypeError, ValueError):
        number = 1
    return number, (number - 1) * per_page, number * per_page


@login_required
def invitations(request, org, pk):
    organization, questionnaire = _questionnaire(request, org, pk)
    rows = Invitation.objects.filter(questionnaire=questionnaire)
    if not _sees_revoked(request, organization):
        rows = annotate_consent(rows, "participant__").filter(annotated_revoked_at__isnull=True)
    now = timezone.now()
    counts = rows.aggregate(
        **{
            status: Count("pk", filter=Invitation.status_q(status, now))
            for status in Invitation.Status.values
        }
    )
    status = request.GET.get("status", "")
    if status in Invitation.Status.values:
        rows = rows.filter(Invitation.status_q(status, now))
    else:
        status = ""
    total = counts[status] if status else sum(counts.values())
    number, start, end = _page(request, total)
    page = list(
        rows.select_related("participant").order_by(
            "participant__last_name", "participant__first_name", "-created_at", "pk"
        )[start:end]
    )
    site = settings.SITE_URL.rstrip("/")
    for invitation in page:
        invitation.freeze_status()
        invitation.url = site + reverse("questionnaires:respond", args=[invitation.token])
    return render(
        request,
        "questionnaires/invitations.html",
        {
            "organization": organization,
            "questionnaire": questionnaire,
            "invitations": page,
            "statuses": [(value, label, counts[value]) for value, label in Invitation.Status.choices],
            "status": status,
            "total": total,
            "page_number": number,
            "has_previous": number > 1,
            "has_next": end < total,
        },
    )


@login_required
def invitations_xlsx(request, org, pk):
    organization, questionnaire = _questionnaire(request, org, pk)
    content = results_module.links_xlsx(questionnaire, with_revoked=_sees_revoked(request, organization))
    return _xlsx(content, f"links-{questionnaire.pk}.xlsx")


def _invitation(request, org, invitation_id):
    organization = get_organization(request, org, MANAGE)
    invitation = get_object_or_404(
        Invitation.objects.filter(organization=organization).select_related(
            "participant", "questionnaire", "organization"
        ),
        pk=invitation_id,
    )
    return organization, invitation


@login_required
@require_POST
def invitation_revoke(request, org, invitation):
    organization, invitation = _invitation(request, org, invitation)
    try:
        services.revoke_invitation(invitation, request.user)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(
            request, _("Ссылка отозвана: %(name)s.") % {"name": invitation.participant.full_name}
        )
    return redirect("questionnaires:invitations", organization.slug, invitation.questionnaire_id)


@login_required
@require_POST
def invitation_resend(request, org, invitation):
    organization, invitation = _invitation(request, org, invitation)
    try:
        services.resend_invitation(invitation, request.user)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(
            request, _("Ссылка отправлена повторно: %(email)s.") % {"email": invitation.participant.email}
        )
    return redirect("questionnaires:invitations", organization.slug, invitation.questionnaire_id)


# --- results -------------------------------------------------------------------------------------------------
PEOPLE_PER_PAGE = 100


@login_required
def results(request, org, pk):
    organization, questionnaire = _questionnaire(request, org, pk, VIEW_RESULTS)
    total = Response.objects.filter(questionnaire=questionnaire, submitted_at__isnull=False).count()
    number, start, end = _page(request, total, PEOPLE_PER_PAGE)
    collected = results_module.collect(
        questionnaire, with_revoked=_sees_revoked(request, organization), people=slice(start, end)
    )
    return render(
        request,
        "questionnaires/results.html",
        {
            "organization": organization,
            "questionnaire": questionnaire,
            "results": collected,
            "can_manage": can(request.user, MANAGE, organization),
            "page_number": number,
            "has_previous": number > 1,
            "has_next": end < len(collected.responses),
        },
    )


@login_required
def results_xlsx(request, org, pk):
    organization, questionnaire = _questionnaire(request, org, pk, VIEW_RESULTS)
    stamp = timezone.localdate().strftime("%Y-%m-%d")
    content = results_module.results_xlsx(questionnaire, with_revoked=_sees_revoked(request, organization))
    return _xlsx(content, f"results-{questionnaire.pk}-{stamp}.xlsx")


# --- the respondent ------------------------------------------------------------------------------------------
CLOSED = {
    "unknown": (
        404,
        N_("Ссылка не найдена"),
        N_(
            "Проверьте, что ссылка скопирована полностью, или попросите куратора программы прислать её ещё раз."
        ),
    ),
    Invitation.Status.EXPIRED: (
        410,
        N_("Срок действия ссылки истёк"),
        N_("Попросите куратора программы продлить ссылку или прислать новую."),
    ),
    Invitation.Status.REVOKED: (
        410,
        N_("Ссылка больше не действует"),
        N_("Куратор программы отозвал эту ссылку. Если это ошибка, обратитесь к нему."),
    ),
    Invitation.Status.SUBMITTED: (
        410,
        N_("Анкета уже отправлена"),
        N_("Повторно отправить анкету нельзя. Спасибо за ваши ответы!"),
    ),
}


def _closed(request, status: str, invitation=None):
    code, title, text = CLOSED.get(status, CLOSED["unknown"])
    return render(
        request,
        "questionnaires/public_closed.html",
        {"title": _(title), "text": _(text), "invitation": invitation},
        status=code,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def respond(request, token):
    invitation = services.find_invitation(token)
    if invitation is None:
        return _closed(request, "unknown")
    with organization_scope(invitation.organization_id):
        if invitation.submitted_at is not None and request.method == "GET":
            return redirect("questionnaires:thanks", token)
        if not invitation.is_usable:
            return _closed(request, invitation.status, invitation)
        errors = {}
        if request.method == "POST":
            submit = request.POST.get("action") == "submit"
            try:
                result = services.save_answers(invitation, request.POST, submit=submit)
            except services.InvitationClosed as closed:
                return _closed(request, closed.status, invitation)
            if result.submitted:
                return redirect("questionnaires:thanks", token)
            if result.ok:
                messages.success(
                    request,
                    _("Ответы сохранены. Вернуться к анкете можно по этой же ссылке до %(date)s.")
                    % {"date": timezone.localtime(invitation.expires_at).strftime("%d.%m.%Y")},
                )
                return redirect("questionnaires:respond", token)
            sections, errors = result.form, result.errors
        else:
            services.mark_opened(invitation)
            sections = services.build_form(invitation.questionnaire, invitation)
        return render(
            request,
            "questionnaires/respond.html",
            {
                "invitation": invitation,
                "questionnaire": invitation.questionnaire,
                "organization": invitation.organization,
                "sections": sections,
                "errors": errors,
            },
            status=200,
        )


@never_cache
@require_POST
def autosave(request, token, question):
    """Save one answer as the respondent goes (htmx); answers a small status fragment."""
    invitation = services.find_invitation(token)
    if invitation is None:
        return _closed(request, "unknown")
    with organization_scope(invitation.organization_id):
        if not invitation.is_usable:
            return render(
                request,
                "questionnaires/_autosave.html",
                {"error": _(CLOSED.get(invitation.status, CLOSED["unknown"])[1])},
            )
        if not Question.objects.filter(pk=question, questionnaire=invitation.questionnaire_id).exists():
            return HttpResponse(_("Вопрос не найден."), status=404)
        try:
            result = services.save_answers(invitation, request.POST, only=[question])
        except services.InvitationClosed as closed:
            return render(
                request,
                "questionnaires/_autosave.html",
                {"error": _(CLOSED.get(closed.status, CLOSED["unknown"])[1])},
            )
        return render(
            request,
            "questionnaires/_autosave.html",
            {"error": result.errors.get(question, ""), "saved_at": timezone.localtime()},
        )


@never_cache
@require_GET
def thanks(request, token):
    invitation = services.find_invitation(token)
    if invitation is None:
        return _closed(request, "unknown")
    if invitation.submitted_at is None:
        return redirect("questionnaires:respond", token)
    return render(
        request,
        "questionnaires/thanks.html",
        {
            "invitation": invitation,
            "questionnaire": invitation.questionnaire,
            "organization": invitation.organization,
        },
    )
