"""One error shape for every answer that is not a success:
`{"detail": "<a Russian sentence>", "errors": [{"field": "...", "message": "..."}]}`.

Handlers turn Django's ValidationError (bad input found by a service) into 400, FeedbackExists,
Conflict and RunConflict into 409,
Http404 into 404, django-ninja's schema errors into 422 with Russian messages, authentication into 401 and
throttling into 429. Anything unexpected is logged and answered with a 500 of the same shape — never a trace.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as SchemaValidationError

from nastavnik.matching.services import RunConflict
from nastavnik.mentoring.services import FeedbackExists

logger = logging.getLogger(__name__)

#: Where a value came from in django-ninja's error locations; not part of a field's name.
SOURCES = frozenset({"body", "query", "path", "header", "cookie", "form", "file", "payload", "params"})


class Conflict(DjangoValidationError):
    """The request conflicts with what exists (a person already in the base): answered with 409."""


class FieldError(Schema):
    field: str
    message: str


class Error(Schema):
    detail: str
    errors: list[FieldError] = []


#: The error answers every operation may give, declared in the OpenAPI schema.
ERRORS: dict[int, type[Error]] = {code: Error for code in (400, 401, 404, 409, 422, 429)}


def _schema_message(error: Mapping[str, Any]) -> str:
    """A Russian message for one pydantic error (pydantic's own messages are English)."""
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("Обязательное поле.")
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return _("Нужно целое число.")
    if kind in {"float_parsing", "float_type"}:
        return _("Нужно число.")
    if kind in {"bool_parsing", "bool_type"}:
        return _("Нужно true или false.")
    if kind in {"string_type"}:
        return _("Нужна строка.")
    if kind in {"list_type"}:
        return _("Нужен список.")
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        return _("Нужен объект JSON.")
    if kind in {"datetime_parsing", "datetime_type", "datetime_from_date_parsing"}:
        return _("Нужны дата и время в формате ISO 8601, например 2026-09-01T15:00:00+03:00.")
    if kind in {"date_parsing", "date_type", "date_from_datetime_parsing", "date_from_datetime_inexact"}:
        return _("Нужна дата в формате ISO 8601, например 2026-09-01.")
    if kind in {"greater_than_equal", "greater_than"}:
        return _("Не меньше %(n)s.") % {"n": ctx.get("ge", ctx.get("gt", ""))}
    if kind in {"less_than_equal", "less_than"}:
        return _("Не больше %(n)s.") % {"n": ctx.get("le", ctx.get("lt", ""))}
    if kind == "string_too_long":
        return _("Не длиннее %(n)s символов.") % {"n": ctx.get("max_length", "")}
    if kind == "string_too_short":
        return _("Не пустое значение.")
    if kind == "too_long":
        return _("Не больше %(n)s элементов.") % {"n": ctx.get("max_length", "")}
    if kind == "too_short":
        return _("Нужен хотя бы %(n)s элемент.") % {"n": ctx.get("min_length", "")}
    if kind in {"literal_error", "enum"}:
        return _("Допустимые значения: %(values)s.") % {"values": ctx.get("expected", "")}
    if kind == "value_error" and "error" in ctx:
        return str(ctx["error"])
    if kind == "extra_forbidden":
        return _("Неизвестное поле.")
    return _("Недопустимое значение.")


def _field(location: Iterable[Any]) -> str:
    parts = [str(p) for p in location]
    while parts and parts[0] in SOURCES:
        parts.pop(0)
    # django-ninja nests a body schema under the name of the view's argument ("data").
    if len(parts) > 1 and parts[0] == "data":
        parts.pop(0)
    return ".".join(parts)


def schema_errors(errors: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    return [{"field": _field(e.get("loc", ())), "message": _schema_message(e)} for e in errors]


def validation_errors(exc: DjangoValidationError) -> list[dict[str, str]]:
    if hasattr(exc, "error_dict"):
        return [
            {"field": "" if name == "__all__" else name, "message": message}
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
    return [{"field": "", "message": message} for message in exc.messages]


def error_response(
    api: NinjaAPI, request: HttpRequest, status: int, detail: str, errors: list[dict[str, str]] | None = None
) -> HttpResponse:
    return api.create_response(request, {"detail": detail, "errors": errors or []}, status=status)


HTTP_DETAILS: dict[int, Any] = {
    400: gettext_lazy("Запрос не разобран: тело запроса должно быть JSON в UTF-8."),
    401: gettext_lazy("Нужен действующий ключ API: заголовок «Authorization: Bearer <ключ>»."),
    403: gettext_lazy("Недостаточно прав."),
    404: gettext_lazy("Не найдено."),
    405: gettext_lazy("Этот метод здесь не поддерживается."),
}


def install(api: NinjaAPI) -> None:
    """Register the handlers on `api`."""

    def on_schema(request: HttpRequest, exc: Any) -> HttpResponse:
        errors = schema_errors(exc.errors)
        detail = _("Проверьте данные запроса: %(fields)s.") % {
            "fields": ", ".join(sorted({e["field"] or "—" for e in errors}))
        }
        return error_response(api, request, 422, detail, errors)

    def on_invalid(request: HttpRequest, exc: Any) -> HttpResponse:
        errors = validation_errors(exc)
        detail = " ".join(e["message"] for e in errors) or _("Недопустимые данные.")
        return error_response(api, request, 400, detail, errors)

    def on_conflict(request: HttpRequest, exc: Any) -> HttpResponse:
        errors = validation_errors(exc)
        return error_response(api, request, 409, " ".join(e["message"] for e in errors), errors)

    def on_404(request: HttpRequest, exc: Any) -> HttpResponse:
        return error_response(api, request, 404, _("Не найдено (или у вас нет доступа)."))

    def on_auth(request: HttpRequest, exc: Any) -> HttpResponse:
        if request.user.is_authenticated and request.method not in ("GET", "HEAD", "OPTIONS"):
            detail = _("Для изменений нужен ключ API или сессия с CSRF-токеном (заголовок X-CSRFToken).")
        else:
            detail = str(HTTP_DETAILS[401])
        response = error_response(api, request, 401, detail)
        response["WWW-Authenticate"] = 'Bearer realm="api"'
        return response

    def on_throttled(request: HttpRequest, exc: Any) -> HttpResponse:
        detail = _("Слишком много запросов. Повторите через %(s)s с.") % {"s": int(exc.wait or 1) + 1}
        return error_response(api, request, 429, detail)

    def on_http(request: HttpRequest, exc: Any) -> HttpResponse:
        detail = HTTP_DETAILS.get(exc.status_code)
        return error_response(api, request, exc.status_code, str(detail) if detail else str(exc))

    def on_unexpected(request: HttpRequest, exc: Any) -> HttpResponse:
        logger.exception("API error on %s %s", request.method, request.path, exc_info=exc)
        return error_response(api, request, 500, _("Внутренняя ошибка. Мы уже знаем о ней; повторите позже."))

    api.add_exception_handler(SchemaValidationError, on_schema)
    api.add_exception_handler(FeedbackExists, on_conflict)
    api.add_exception_handler(Conflict, on_conflict)
    api.add_exception_handler(RunConflict, on_conflict)
    api.add_exception_handler(DjangoValidationError, on_invalid)
    api.add_exception_handler(Http404, on_404)
    api.add_exception_handler(AuthenticationError, on_auth)
    api.add_exception_handler(Throttled, on_throttled)
    api.add_exception_handler(HttpError, on_http)
    api.add_exception_handler(Exception, on_unexpected)
