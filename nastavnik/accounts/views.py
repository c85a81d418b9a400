"""Login with the limits django-axes lacks, password reset with limits, and the second factor pages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import throttle, twofactor
from .forms import EmailAuthenticationForm, TwoFactorCodeForm, TwoFactorDisableForm


def too_many(request: HttpRequest, text: str) -> HttpResponse:
    return render(request, "accounts/throttled.html", {"text": text}, status=429)


class LoginView(auth_views.LoginView):
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if throttle.login_blocked(request):
            return too_many(
                request,
                _(
                    "С вашего адреса слишком много неудачных попыток входа в разные учётные записи. "
                    "Попробуйте через %(minutes)s минут."
                )
                % {"minutes": throttle.login_window() // 60},
            )
        return super().post(request, *args, **kwargs)


class PasswordResetView(auth_views.PasswordResetView):
    def form_valid(self, form: Any) -> HttpResponse:
        if not throttle.password_reset_allowed(self.request, form.cleaned_data["email"]):
            return too_many(
                self.request,
                _(
                    "Слишком много запросов на восстановление пароля. Проверьте почту (и папку «Спам») "
                    "или повторите позже."
                ),
            )
        return super().form_valid(form)


# --- two-factor authentication ------------------------------------------------------------------------
@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """The "Безопасность" page: whether the second factor is on, and how to change it."""
    user = request.user
    enabled = twofactor.has_device(user)
    context = {
        "enabled": enabled,
        "codes_left": twofactor.recovery_codes_left(user) if enabled else 0,
        "disable_form": TwoFactorDisableForm(user=user),
        "required": user.is_superuser,
    }
    return render(request, "accounts/two_factor.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: QR and secret, then the first code confirms it and the recovery codes
    are shown once. Replacing an existing device needs a session verified with it."""
    user = request.user
    if twofactor.has_device(user) and not twofactor.is_verified(user):
        return redirect("accounts:two_factor_verify")
    device = twofactor.pending_device(user)
    form = TwoFactorCodeForm(request.POST or None)
    form.fields["code"].label = _("Код из приложения")
    if request.method == "POST" and form.is_valid():
        codes = twofactor.confirm_device(request, device, form.cleaned_data["code"])
        if codes is not None:
            return render(
                request,
                "accounts/two_factor_codes.html",
                {"codes": codes, "next": twofactor.next_url(request, reverse("core:home"))},
            )
        form.add_error("code", _("Код не подошёл. Проверьте время на телефоне и введите новый код."))
    context = {"form": form, "qr_svg": twofactor.qr_svg(device), "secret": twofactor.secret_base32(device)}
    return render(request, "accounts/two_factor_setup.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step of the login for users with a device."""
    if not twofactor.has_device(request.user):
        return redirect("accounts:two_factor_setup")
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if twofactor.verify(request, form.cleaned_data["code"]):
            return redirect(twofactor.next_url(request, reverse("core:home")))
        form.add_error("code", _("Неверный код. Введите новый код из приложения или код восстановления."))
    return render(request, "accounts/two_factor_verify.html", {"form": form})


@login_required
@require_POST
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    form = TwoFactorDisableForm(request.POST, user=request.user)
    if form.is_valid():
        twofactor.disable(request)
        messages.success(request, _("Двухфакторная аутентификация отключена."))
    else:
        messages.error(request, _("Неверный пароль: двухфакторная аутентификация не отключена."))
    return redirect("accounts:two_factor")


@login_required
@require_POST
def two_factor_recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes (the old ones stop working), shown once."""
    if not twofactor.has_device(request.user):
        return redirect("accounts:two_factor_setup")
    codes = twofactor.new_recovery_codes(request.user)
    return render(
        request, "accounts/two_factor_codes.html", {"codes": codes, "next": reverse("accounts:two_factor")}
    )
