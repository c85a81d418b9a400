"""Every change to questionnaires, invitations and responses goes through these functions, one module per job.

- `builder`: questionnaires, sections and questions (the curator's editor), copies of templates;
- `invitations`: who may be invited, sending to a base, revoking and resending links (`mail` sends them);
- `respondent`: the token and the form a respondent fills; `saving`: autosave, saving and submitting it;
- `apply`: submitted answers flow into the bases (one handler per `maps_to` target);
- `rankings`: the preferences after the group meeting, for matching.

Writing functions take a keyword-only `acting_user` (docs/architecture.md): who acts, always recorded; None
is "no person" (a token page, a task, the system). They check no permission: the view, the command or the
task that calls them does (`MANAGE`, `VIEW_RESULTS`). They raise ValidationError (or `InvitationClosed`),
never Http404.
"""

from .apply import HANDLERS, ApplySummary, apply_response
from .builder import (
    MAPPING_KINDS,
    add_question,
    add_section,
    copy_template,
    create_questionnaire,
    delete_question,
    delete_questionnaire,
    delete_section,
    move_question,
    move_section,
    options_from_lines,
    question_problems,
    rename_section,
    update_question,
    update_questionnaire,
)
from .common import MANAGE, TOPIC_SOURCES, VIEW_RESULTS, ShippedTemplateError
from .invitations import (
    MAX_EXPIRY_DAYS,
    Invitee,
    SendResult,
    invitation_url,
    invitees,
    people_of_base,
    people_to_rank_for,
    resend_invitation,
    revoke_invitation,
    send_to_base,
)
from .mail import email_invitations
from .rankings import rankings_for
from .respondent import FormQuestion, FormSection, build_form, choices_for, find_invitation, mark_opened
from .saving import InvitationClosed, SaveResult, error_message, save_answers

__all__ = [
    "HANDLERS",
    "MANAGE",
    "MAPPING_KINDS",
    "MAX_EXPIRY_DAYS",
    "TOPIC_SOURCES",
    "VIEW_RESULTS",
    "ApplySummary",
    "FormQuestion",
    "FormSection",
    "InvitationClosed",
    "Invitee",
    "SaveResult",
    "SendResult",
    "ShippedTemplateError",
    "add_question",
    "add_section",
    "apply_response",
    "build_form",
    "choices_for",
    "copy_template",
    "create_questionnaire",
    "delete_question",
    "delete_questionnaire",
    "delete_section",
    "email_invitations",
    "error_message",
    "find_invitation",
    "invitation_url",
    "invitees",
    "mark_opened",
    "move_question",
    "move_section",
    "options_from_lines",
    "people_of_base",
    "people_to_rank_for",
    "question_problems",
    "rankings_for",
    "rename_section",
    "resend_invitation",
    "revoke_invitation",
    "save_answers",
    "send_to_base",
    "update_question",
    "update_questionnaire",
]
