"""Background tasks of questionnaires (django-tasks; `manage.py db_worker` runs them)."""

from __future__ import annotations

from django_tasks import task

from nastavnik.core.tenancy import scopes_disabled


@task()
def email_invitation_links(invitation_ids: list[int]) -> int:
    """E-mail the personal links of a send to a base; returns how many went out.

    Safe to run again: links already e-mailed, revoked, submitted or without an e-mail are skipped.
    """
    from .models import Invitation
    from .services import email_invitations

    with scopes_disabled():
        invitations = list(
            Invitation.objects.filter(
                pk__in=invitation_ids,
                emailed_at__isnull=True,
                revoked_at__isnull=True,
                submitted_at__isnull=True,
            )
            .exclude(participant__email="")
            .select_related("participant", "questionnaire", "organization")
            .order_by("pk")
        )
        sent, _failed = email_invitations(invitations)
    return sent
