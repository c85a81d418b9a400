"""Creating, checking and revoking personal API tokens.

A token is `nst_` and 40 random URL-safe characters; only its SHA-256 hex digest is stored (a token has
enough entropy that a slow password hash adds nothing), so a leaked database does not leak usable tokens.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nastavnik.accounts.models import User

from .models import ApiToken

PREFIX = "nst_"
NAME_LIMIT = 100
#: last_used_at is written at most this often per token, so that reads do not all become writes.
USE_RESOLUTION = dt.timedelta(minutes=1)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


@transaction.atomic
def create_token(user: User, name: str = "") -> tuple[ApiToken, str]:
    """A new token of `user`: the record and the token itself, which is never stored and never shown again."""
    name = " ".join((name or "").split()) or _("Ключ API")
    if len(name) > NAME_LIMIT or "\x00" in name:
        raise ValidationError({"name": _("Название — не длиннее %(n)s символов.") % {"n": NAME_LIMIT}})
    token = PREFIX + secrets.token_urlsafe(30)
    record = ApiToken.objects.create(user=user, name=name, prefix=token[:10], digest=digest(token))
    return record, token


def authenticate(token: str, now: dt.datetime | None = None) -> ApiToken | None:
    """The active token record for a presented token, with its user, or None."""
    if not token or len(token) > 200:
        return None
    record = (
        ApiToken.objects.select_related("user")
        .filter(digest=digest(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if record is None:
        return None
    now = now or timezone.now()
    if record.last_used_at is None or record.last_used_at < now - USE_RESOLUTION:
        ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
        record.last_used_at = now
    return record


def revoke(record: ApiToken) -> ApiToken:
    if record.revoked_at is None:
        record.revoked_at = timezone.now()
        record.save(update_fields=["revoked_at"])
    return record
