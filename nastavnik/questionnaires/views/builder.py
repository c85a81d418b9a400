"""The curator's builder: the list of questionnaires and templates, creating and copying, the editor with
its sections and questions, the preview."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nastavnik.accounts.permissions import can
from nastavnik.core.http import AuthenticatedHttpRequest
from nastavnik.organizations.access import get_organization

from .. import services
from ..forms import QuestionForm, QuestionnaireForm, SectionForm
from ..models import Question, QuestionKind, Questionnaire, Section
from ..services import MANAGE, VIEW_RESULTS
from .common import attempt, editor_url, question_of, questionnaire_of, section_of


# --- list, templates, creation ----------------------------------------------------------------------------
@login_required
def index(request: AuthenticatedHttpRequest, org: str) -> HttpResponse:
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
def create(request: AuthenticatedHttpRequest, org: str) -> HttpResponse:
    organization = get_organization(request, org, MANAGE)
    form = QuestionnaireForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        questionnaire = services.create_questionnaire(
            organization, acting_user=request.user, **form.cleaned_data
        )
        messages.success(request, _("Анкета создана. Добавьте вопросы."))
        return redirect(editor_url(questionnaire))
    return render(request, "questionnaires/create.html", {"organization": organization, "form": form})


@login_required
def template_detail(request: AuthenticatedHttpRequest, org: str, pk: int) -> HttpResponse:
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
def copy(request: AuthenticatedHttpRequest, org: str, pk: int) -> HttpResponse:
    organization = get_organization(request, org, MANAGE)
    template = get_object_or_404(
        Questionnaire.objects.with_scopes_disabled().filter(
            Q(organization__isnull=True) | Q(organization=organization)
        ),
        pk=pk,
    )
    questionnaire = services.copy_template(template, organization, acting_user=request.user)
    messages.success(request, _("Шаблон скопирован. Проверьте вопросы и отправьте анкету участникам."))
    return redirect(editor_url(questionnaire))


# --- the editor -----------------------------------------------------------------------------------------------
@login_required
def editor(request: AuthenticatedHttpRequest, org: str, pk: int) -> HttpResponse:
    organization, questionnaire = questionnaire_of(request, org, pk)
    form = QuestionnaireForm(request.POST or None, instance=questionnaire)
    if request.method == "POST" and form.is_valid():
        services.update_questionnaire(questionnaire, acting_user=request.user, **form.cleaned_data)
        messages.success(request, _("Сохранено."))
        return redirect(editor_url(questionnaire))
    sections = list(Section.objects.filter(questionnaire=questionnaire).order_by("position", "pk"))
    questions = list(Question.objects.filter(questionnaire=questionnaire).order_by("position", "pk"))
    for section in sections:
        section.question_list = [q for q in questions if q.section_id == section.pk]  # type: ignore[attr-defined]  # for the template
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
def preview(request: AuthenticatedHttpRequest, org: str, pk: int) -> HttpResponse:
    organization, questionnaire = questionnaire_of(request, org, pk)
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
def delete(request: AuthenticatedHttpRequest, org: str, pk: int) -> HttpResponse:
    organization, questionnaire = questionnaire_of(request, org, pk)
    deleted = attempt(
        request,
        lambda: services.delete_questionnaire(questionnaire, acting_user=request.user),
        _("Анкета удалена."),
    )
    if not deleted:
        return redirect(editor_url(questionnaire))
    return redirect("questionnaires:index", organization.slug)


# --- sections -------------------------------------------------------------------------------------------------
@login_required
@require_POST
def section_add(request: AuthenticatedHttpRequest, org: str, pk: int) -> HttpResponse:
    _organization, questionnaire = questionnaire_of(request, org, pk)
    form = SectionForm(request.POST)
    title = form.cleaned_data["title"] if form.is_valid() else ""
    section = services.add_section(questionnaire, acting_user=request.user, title=title)
    return redirect(editor_url(questionnaire, f"section-{section.pk}"))


@login_required
@require_POST
def section_edit(request: AuthenticatedHttpRequest, org: str, section: int) -> HttpResponse:
    _organization, row = section_of(request, org, section)
    form = SectionForm(request.POST)
    if form.is_valid():
        services.rename_section(row, acting_user=request.user, title=form.cleaned_data["title"])
    else:
        messages.error(request, _("Укажите заголовок раздела (до 300 символов)."))
    return redirect(editor_url(row.questionnaire, f"section-{row.pk}"))


@login_required
@require_POST
def section_delete(request: AuthenticatedHttpRequest, org: str, section: int) -> HttpResponse:
    _organization, row = section_of(request, org, section)
    attempt(request, lambda: services.delete_section(row, acting_user=request.user))
    return redirect(editor_url(row.questionnaire))


# --- questions ------------------------------------------------------------------------------------------------
@login_required
def question_add(request: AuthenticatedHttpRequest, org: str, section: int) -> HttpResponse:
    organization, row = section_of(request, org, section)
    form = QuestionForm(request.POST or None, question=Question(kind=QuestionKind.SINGLE_CHOICE))
    if request.method == "POST" and form.is_valid():
        try:
            question = services.add_question(row, acting_user=request.user, **form.cleaned_data["fields"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Вопрос добавлен."))
            return redirect(editor_url(row.questionnaire, f"question-{question.pk}"))
    return render(
        request,
        "questionnaires/question_form.html",
        {"organization": organization, "section": row, "questionnaire": row.questionnaire, "form": form},
    )


@login_required
def question_edit(request: AuthenticatedHttpRequest, org: str, question: int) -> HttpResponse:
    organization, row = question_of(request, org, question)
    fragment = bool(getattr(request, "htmx", False))
    context = {"organization": organization, "question": row, "questionnaire": row.questionnaire}
    if request.method == "GET" and request.GET.get("cancel"):
        return render(request, "questionnaires/_question.html", {**context, "q": row})
    form = QuestionForm(request.POST or None, question=row)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_question(row, acting_user=request.user, **form.cleaned_data["fields"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if fragment:
                return render(request, "questionnaires/_question.html", {**context, "q": row})
            messages.success(request, _("Вопрос сохранён."))
            return redirect(editor_url(row.questionnaire, f"question-{row.pk}"))
    template = "questionnaires/_question_form.html" if fragment else "questionnaires/question_form.html"
    return render(request, template, {**context, "form": form, "section": row.section})


@login_required
@require_POST
def question_delete(request: AuthenticatedHttpRequest, org: str, question: int) -> HttpResponse:
    _organization, row = question_of(request, org, question)
    attempt(request, lambda: services.delete_question(row, acting_user=request.user))
    return redirect(editor_url(row.questionnaire, f"section-{row.section_id}"))


@login_required
@require_POST
def move(request: AuthenticatedHttpRequest, org: str, pk: int, what: str) -> HttpResponse:
    """Move a section or a question (`what`, fixed by the URL) one place up or down."""
    row: Section | Question
    if what == "section":
        _organization, row = section_of(request, org, pk)
        services.move_section(row, acting_user=request.user, direction=request.POST.get("direction", ""))
    else:
        _organization, row = question_of(request, org, pk)
        services.move_question(row, acting_user=request.user, direction=request.POST.get("direction", ""))
    return redirect(editor_url(row.questionnaire, f"{what}-{row.pk}"))
