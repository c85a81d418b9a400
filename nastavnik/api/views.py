"""«Ключи API»: a user's personal tokens — create one (shown once), see them, revoke one."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from nastavnik.core.http import AuthenticatedHttpRequest

from . import tokens
from .models import ApiToken


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Название ключа"),
        max_length=tokens.NAME_LIMIT,
        required=False,
        help_text=gettext_lazy("Например: «Выгрузка в региональную систему»."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def tokens_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = TokenForm(request.POST if request.method == "POST" else None)
    new_token = ""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                _record, new_token = tokens.create_token(request.user, form.cleaned_data["name"])
            except ValidationError as exc:
                form.add_error("name", exc.messages)
                status = 400
        else:
            status = 400
        if new_token:
            form = TokenForm()
    context = {
        "form": form,
        "new_token": new_token,
        "tokens": ApiToken.objects.filter(user=request.user),
        "docs_url": reverse("api:openapi-view"),
    }
    return render(request, "api/tokens.html", context, status=status)


@login_required
@require_POST
def revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(ApiToken, user=request.user, pk=pk)
    tokens.revoke(record)
    messages.success(request, _("Ключ «%(name)s» отозван.") % {"name": record.name})
    return redirect("api_keys:tokens")
