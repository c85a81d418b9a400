"""E-mail with the personal links: one SMTP connection for a whole send; a failure never loses a link."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core import mail
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone

from ..models import Invitation

if TYPE_CHECKING:
    from django.template.backends.base import _EngineTemplate


def _message(
    invitation: Invitation, site: str, subject: _EngineTemplate, body: _EngineTemplate
) -> mail.EmailMessage:
    context = {
        "invitation": invitation,
        "participant": invitation.participant,
        "questionnaire": invitation.questionnaire,
        "organization": invitation.organization,
        "url": site + reverse("questionnaires:respond", args=[invitation.token]),
    }
    return mail.EmailMessage(
        " ".join(subject.render(context).split()), body.render(context), to=[invitation.participant.email]
    )


def email_invitations(invitations: list[Invitation]) -> tuple[int, int]:
    """Send the links over one connection; returns (sent, failed). A failure never loses invitations.

    No `acting_user`: `emailed_at` is the delivery's own bookkeeping (one UPDATE, no history row), not a
    change somebody made; who asked for the send is recorded on the invitation (`created_by`, history)."""
    if not invitations:
        return 0, 0
    site = str(settings.SITE_URL).rstrip("/")
    subject = get_template("questionnaires/email/invitation_subject.txt")
    body = get_template("questionnaires/email/invitation.txt")
    messages = [_message(i, site, subject, body) for i in invitations]
    try:
        with mail.get_connection() as connection:
            sent = connection.send_messages(messages) or 0
    except Exception:  # SMTP errors of any kind: the links stay available to copy
        return 0, len(invitations)
    if sent:
        Invitation.objects.filter(pk__in=[i.pk for i in invitations]).update(emailed_at=timezone.now())
    return sent, len(invitations) - sent
