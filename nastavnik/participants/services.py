"""Every write to the bases goes through here: participants, profiles, requests, consents, mentor statuses.

Functions take objects, check permission when given a user (`require` answers 404), validate in Russian,
and write in one transaction. Views, the management command, the demo loader and tests call them alike.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from nastavnik.accounts.permissions import can, is_curator, require
from nastavnik.methodology.models import MentoringForm

from . import bulk, tabular
from .models import (
    Consent,
    ConsentRequest,
    Guardianship,
    ImportBatch,
    Interview,
    MenteeProfile,
    MenteeRequest,
    MentorAssignment,
    MentorCompetence,
    MentorProfile,
    MentorStatusChange,
    Participant,
    Partner,
    RequestTopic,
    TrainingRecord,
    adult_cutoff,
    make_search_name,
)

BATCH_SIZE = 2000

Status = MentorProfile.Status
#: The path of a mentor (stage 3–4): which status may follow which.
MENTOR_TRANSITIONS: dict[str, frozenset[str]] = {
    Status.POTENTIAL: frozenset({Status.INTERVIEWED, Status.EXCLUDED}),
    Status.INTERVIEWED: frozenset({Status.SELECTED, Status.POTENTIAL, Status.EXCLUDED}),
    Status.SELECTED: frozenset({Status.TRAINED, Status.ACTIVE, Status.RESTING, Status.EXCLUDED}),
    Status.TRAINED: frozenset({Status.ACTIVE, Status.RESTING, Status.EXCLUDED}),
    Status.ACTIVE: frozenset({Status.RESTING, Status.EXCLUDED}),
    Status.RESTING: frozenset({Status.ACTIVE, Status.EXCLUDED}),
    Status.EXCLUDED: frozenset({Status.POTENTIAL}),
}


# --- visibility ------------------------------------------------------------------------------------------
def minor_q(prefix: str = "") -> Q:
    """Participants who are minors today (pupils with an unknown birth date count as minors)."""
    return Q(**{f"{prefix}birth_date__gt": adult_cutoff()}) | Q(
        **{f"{prefix}birth_date__isnull": True, f"{prefix}category": Participant.Category.PUPIL}
    )


def annotate_consent(qs: QuerySet, prefix: str = "") -> QuerySet:
    """Add `annotated_has_consent` and `annotated_revoked_at` (see Participant's properties) in SQL."""
    pk = f"{prefix}pk" if prefix else "pk"
    pd = Consent.objects.filter(participant=OuterRef(pk), kind=Consent.Kind.PERSONAL_DATA)
    valid = pd.filter(revoked_at__isnull=True)
    latest_revoked = pd.order_by("-given_at", "-pk").values("revoked_at")[:1]
    return qs.annotate(
        _consent_any=Exists(valid),
        _consent_parent=Exists(valid.filter(given_by=Consent.GivenBy.PARENT)),
        annotated_revoked_at=Subquery(latest_revoked),
    )


def consent_filter(has: bool, prefix: str = "") -> Q:
    valid = Q(_consent_parent=True) | (Q(_consent_any=True) & ~minor_q(prefix))
    return valid if has else ~valid


def visible_participants(organization, user) -> QuerySet:
    """Participants of the organization the user may see in the bases (revoked consent: curator only)."""
    qs = annotate_consent(Participant.objects.filter(organization=organization))
    if not is_curator(user, organization):
        qs = qs.filter(annotated_revoked_at__isnull=True)
    return qs


def response_model():
    """The questionnaires' Response model if that app has it (it is built in parallel)."""
    if not apps.is_installed("nastavnik.questionnaires"):
        return None
    try:
        model = apps.get_model("questionnaires", "Response")
    except LookupError:
        return None
    return model if any(f.name == "participant" for f in model._meta.get_fields()) else None


def has_answered_filter(qs: QuerySet, answered: bool, prefix: str = "") -> QuerySet:
    model = response_model()
    if model is None:
        return qs
    pk = f"{prefix}pk" if prefix else "pk"
    exists = Exists(model._default_manager.filter(participant=OuterRef(pk)))
    return qs.filter(exists) if answered else qs.filter(~exists)


# --- participants ----------------------------------------------------------------------------------------
def _full_clean(obj, exclude=None) -> None:
    obj.full_clean(exclude=exclude, validate_unique=False)


@transaction.atomic
def save_participant(participant: Participant, by_user=None) -> Participant:
    """Create or change a participant (a curator's form or a script)."""
    if by_user is not None:
        if participant.pk:
            require(by_user, "participants.change_participant", participant)
        else:
            require(by_user, "participants.change_base", participant.organization)
    _full_clean(participant, exclude=["user"])
    participant.save()
    return participant


@transaction.atomic
def ensure_mentee_profile(participant: Participant, by_user=None, **fields) -> MenteeProfile:
    if by_user is not None:
        require(by_user, "participants.change_participant", participant)
    profile = MenteeProfile.objects.filter(participant=participant).first()
    if profile is None:
        profile = MenteeProfile(participant=participant, organization_id=participant.organization_id)
    for name, value in fields.items():
        setattr(profile, name, value)
    _check_form(profile.form, participant.organization_id)
    _full_clean(profile)
    profile.save()
    return profile


@transaction.atomic
def ensure_mentor_profile(participant: Participant, by_user=None, forms=None, **fields) -> MentorProfile:
    if by_user is not None:
        require(by_user, "participants.change_participant", participant)
    profile = MentorProfile.objects.filter(participant=participant).first()
    if profile is None:
        profile = MentorProfile(participant=participant, organization_id=participant.organization_id)
    for name, value in fields.items():
        setattr(profile, name, value)
    if profile.partner_id and profile.partner.organization_id != participant.organization_id:
        raise ValidationError(_("Партнёр из другой организации."))
    _full_clean(profile)
    profile.save()
    if forms is not None:
        for form in forms:
            _check_form(form, participant.organization_id)
        profile.forms.set(forms)
    return profile


def _check_form(form: MentoringForm | None, organization_id: int) -> None:
    if form is not None and form.organization_id not in (None, organization_id):
        raise ValidationError(_("Эта форма наставничества принадлежит другой организации."))


def _check_topic(topic: RequestTopic | None, organization_id: int) -> None:
    if topic is not None and topic.organization_id not in (None, organization_id):
        raise ValidationError(_("Этот типовой запрос принадлежит другой организации."))


@transaction.atomic
def add_request(
    mentee: MenteeProfile,
    by_user=None,
    *,
    topic: RequestTopic | None = None,
    text: str = "",
    source: str = MenteeRequest.Source.OTHER,
    priority: int = 1,
) -> MenteeRequest:
    if by_user is not None:
        require(by_user, "participants.change_participant", mentee.participant)
    text = (text or "").strip()
    if topic is None and not text:
        raise ValidationError(_("Выберите типовой запрос или опишите запрос словами."))
    _check_topic(topic, mentee.organization_id)
    request = MenteeRequest(
        mentee=mentee,
        organization_id=mentee.organization_id,
        topic=topic,
        text=text,
        source=source,
        priority=priority,
    )
    _full_clean(request)
    request.save()
    return request


@transaction.atomic
def add_competence(
    mentor: MentorProfile, by_user=None, *, title: str = "", topic: RequestTopic | None = None
) -> MentorCompetence:
    if by_user is not None:
        require(by_user, "participants.change_participant", mentor.participant)
    title = (title or "").strip() or (topic.title if topic else "")
    if not title:
        raise ValidationError(
            _("Назовите компетенцию или выберите типовой запрос, с которым наставник поможет.")
        )
    _check_topic(topic, mentor.organization_id)
    competence = MentorCompetence(
        mentor=mentor, organization_id=mentor.organization_id, title=title, topic=topic
    )
    _full_clean(competence)
    competence.save()
    return competence


@transaction.atomic
def add_partner(organization, by_user=None, **fields) -> Partner:
    if by_user is not None:
        require(by_user, "participants.change_base", organization)
    partner = Partner(organization=organization, **fields)
    _full_clean(partner)
    partner.save()
    return partner


@transaction.atomic
def add_guardian(participant: Participant, user, by_user=None, relation: str = "") -> Guardianship:
    if by_user is not None:
        require(by_user, "participants.change_participant", participant)
    link, _created = Guardianship.objects.get_or_create(
        participant=participant,
        user=user,
        defaults={"organization_id": participant.organization_id, "relation": relation},
    )
    return link


@transaction.atomic
def assign_mentor(mentor: MentorProfile, mentee: MenteeProfile) -> MentorAssignment:
    """Link a mentor to a mentee (matching calls this when pairings are approved)."""
    if mentor.organization_id != mentee.organization_id:
        raise ValidationError(_("Наставник и наставляемый из разных организаций."))
    if mentor.participant_id == mentee.participant_id:
        raise ValidationError(_("Участник не может быть наставником самому себе."))
    assignment, _created = MentorAssignment.objects.get_or_create(
        mentor_profile=mentor, mentee_profile=mentee, defaults={"organization_id": mentor.organization_id}
    )
    return assignment


def assign_mentors(
    pairs: list[tuple[MentorProfile, MenteeProfile]], *, acting_user=None
) -> list[MentorAssignment]:
    """`assign_mentor` for a whole approval at once: the same checks, one query for the links that already
    exist and one bulk insert for the rest (an approval of a school is thousands of pairs)."""
    for mentor, mentee in pairs:
        if mentor.organization_id != mentee.organization_id:
            raise ValidationError(_("Наставник и наставляемый из разных организаций."))
        if mentor.participant_id == mentee.participant_id:
            raise ValidationError(_("Участник не может быть наставником самому себе."))
    if not pairs:
        return []
    existing = {
        (a.mentor_profile_id, a.mentee_profile_id): a
        for a in MentorAssignment.objects.filter(mentee_profile__in={mentee.pk for _m, mentee in pairs})
    }
    missing: dict[tuple[int, int], MentorAssignment] = {}
    for mentor, mentee in pairs:
        key = (mentor.pk, mentee.pk)
        if key not in existing and key not in missing:
            missing[key] = MentorAssignment(
                mentor_profile=mentor, mentee_profile=mentee, organization_id=mentor.organization_id
            )
    MentorAssignment.objects.bulk_create(list(missing.values()))
    return [existing.get((m.pk, e.pk)) or missing[(m.pk, e.pk)] for m, e in pairs]


# --- mentors' path ---------------------------------------------------------------------------------------
def allowed_statuses(mentor: MentorProfile) -> list[str]:
    return [s for s in Status.values if s in MENTOR_TRANSITIONS[mentor.status]]


@transaction.atomic
def change_mentor_status(
    mentor: MentorProfile, status: str, by_user=None, note: str = "", *, acting_user=None
) -> MentorStatusChange:
    """Move a mentor along the path potential → interviewed → selected → trained → active (→ resting/excluded)."""
    if by_user is not None:
        require(by_user, "participants.change_participant", mentor.participant)
    if status not in Status.values:
        raise ValidationError(_("Неизвестный статус наставника."))
    given, mentor = mentor, MentorProfile.objects.select_for_update().get(pk=mentor.pk)
    if status == mentor.status:
        raise ValidationError(_("Наставник уже в статусе «%(status)s».") % {"status": Status(status).label})
    if status not in MENTOR_TRANSITIONS[mentor.status]:
        allowed = ", ".join(f"«{Status(s).label}»" for s in allowed_statuses(mentor))
        raise ValidationError(
            _("Из статуса «%(old)s» нельзя перейти в «%(new)s»; можно: %(allowed)s.")
            % {"old": Status(mentor.status).label, "new": Status(status).label, "allowed": allowed}
        )
    if status == Status.EXCLUDED and not (note or "").strip():
        raise ValidationError(_("Укажите основание исключения из реестра наставников."))
    change = MentorStatusChange.objects.create(
        mentor=mentor,
        organization_id=mentor.organization_id,
        from_status=mentor.status,
        to_status=status,
        changed_by=acting_user or (by_user if getattr(by_user, "is_authenticated", False) else None),
        note=(note or "").strip(),
    )
    mentor.status = given.status = status
    mentor.save(update_fields=["status"])
    return change


@transaction.atomic
def record_interview(
    mentor: MentorProfile, by_user=None, *, date: dt.date, notes: str = "", interviewer=None
):
    if by_user is not None:
        require(by_user, "participants.change_participant", mentor.participant)
    if date > timezone.localdate():
        raise ValidationError(_("Дата собеседования ещё не наступила."))
    return Interview.objects.create(
        mentor=mentor,
        organization_id=mentor.organization_id,
        date=date,
        interviewer=interviewer or (by_user if getattr(by_user, "is_authenticated", False) else None),
        notes=(notes or "").strip(),
    )


@transaction.atomic
def record_training(
    mentor: MentorProfile,
    by_user=None,
    *,
    course: str,
    date: dt.date,
    hours: int | None = None,
    certificate=None,
) -> TrainingRecord:
    if by_user is not None:
        require(by_user, "participants.change_participant", mentor.participant)
    record = TrainingRecord(
        mentor=mentor,
        organization_id=mentor.organization_id,
        course=(course or "").strip(),
        hours=hours,
        date=date,
    )
    if certificate:
        record.certificate = certificate
    _full_clean(record)
    if record.date > timezone.localdate():
        raise ValidationError(_("Дата окончания обучения ещё не наступила."))
    record.save()
    return record


# --- consent ---------------------------------------------------------------------------------------------
def _may_manage_consent(user, participant: Participant) -> bool:
    """The curator, the adult person themself, or a parent. A mentor is related but manages no consent."""
    if not can(user, "participants.manage_consent", participant):
        return False
    if is_curator(user, participant):
        return True
    if participant.guardians.filter(pk=user.pk).exists():
        return True
    return participant.user_id == user.pk and not participant.is_minor


def may_manage_consent(user, participant: Participant) -> bool:
    return getattr(user, "is_authenticated", False) and _may_manage_consent(user, participant)


def _require_consent_manager(user, participant: Participant) -> None:
    if user is not None and not may_manage_consent(user, participant):
        from django.http import Http404

        raise Http404


@transaction.atomic
def record_consent(
    participant: Participant,
    by_user=None,
    *,
    kind: str = Consent.Kind.PERSONAL_DATA,
    given_by: str = Consent.GivenBy.SELF,
    representative_name: str = "",
    given_at: dt.datetime | None = None,
    scan=None,
) -> Consent:
    """A signed paper consent: the curator uploads its scan."""
    _require_consent_manager(by_user, participant)
    representative_name = " ".join((representative_name or "").split())
    if given_by == Consent.GivenBy.PARENT and not representative_name:
        raise ValidationError(_("Укажите ФИО законного представителя, подписавшего согласие."))
    if given_by == Consent.GivenBy.SELF and participant.is_minor and kind == Consent.Kind.PERSONAL_DATA:
        raise ValidationError(
            _(
                "Участник несовершеннолетний: согласие на обработку персональных данных даёт законный представитель."
            )
        )
    if not scan:
        raise ValidationError(_("Приложите скан подписанного согласия."))
    if given_at and given_at > timezone.now():
        raise ValidationError(_("Дата согласия ещё не наступила."))
    consent = Consent(
        participant=participant,
        organization_id=participant.organization_id,
        kind=kind,
        given_by=given_by,
        representative_name=representative_name if given_by == Consent.GivenBy.PARENT else "",
        given_at=given_at or timezone.now(),
        method=Consent.Method.SCAN,
        scan=scan,
        recorded_by=by_user if getattr(by_user, "is_authenticated", False) else None,
    )
    _full_clean(consent)
    consent.save()
    return consent


@transaction.atomic
def create_consent_request(
    participant: Participant,
    by_user=None,
    *,
    kind: str = Consent.Kind.PERSONAL_DATA,
    representative_name: str = "",
) -> ConsentRequest:
    """A link for a parent to confirm consent on a phone without an account; valid 14 days."""
    if by_user is not None:
        require(by_user, "participants.change_participant", participant)
        _require_consent_manager(by_user, participant)
    request = ConsentRequest(
        participant=participant,
        organization_id=participant.organization_id,
        kind=kind,
        representative_name=" ".join((representative_name or "").split()),
        created_by=by_user if getattr(by_user, "is_authenticated", False) else None,
    )
    _full_clean(request)
    request.save()
    return request


@transaction.atomic
def cancel_consent_request(request: ConsentRequest, by_user=None) -> ConsentRequest:
    _require_consent_manager(by_user, request.participant)
    if request.used_at is None and request.cancelled_at is None:
        request.cancelled_at = timezone.now()
        request.save(update_fields=["cancelled_at"])
    return request


@transaction.atomic
def confirm_consent_request(request: ConsentRequest, representative_name: str, agree: bool) -> Consent:
    """The parent opened the link and ticked "I agree": the consent is recorded as given by the parent."""
    given, request = request, ConsentRequest.objects.select_for_update().get(pk=request.pk)
    if not request.is_usable:
        raise ValidationError(_("Ссылка больше не действует. Попросите куратора прислать новую."))
    if not agree:
        raise ValidationError(_("Отметьте, что вы согласны."))
    name = " ".join((representative_name or "").split())
    if len(name.split()) < 2:
        raise ValidationError(_("Укажите фамилию, имя и отчество законного представителя."))
    if len(name) > 300:
        raise ValidationError(_("Слишком длинное ФИО."))
    now = timezone.now()
    consent = Consent.objects.create(
        participant=request.participant,
        organization_id=request.organization_id,
        kind=request.kind,
        given_by=Consent.GivenBy.PARENT,
        representative_name=name,
        given_at=now,
        method=Consent.Method.LINK,
        request=request,
    )
    request.used_at = given.used_at = now
    request.save(update_fields=["used_at"])
    return consent


@transaction.atomic
def give_consent_in_account(
    participant: Participant, user, *, kind: str = Consent.Kind.PERSONAL_DATA
) -> Consent:
    """A parent (or an adult participant) confirms consent on "my data": the account identifies them."""
    is_guardian = participant.guardians.filter(pk=user.pk).exists()
    is_adult_self = participant.user_id == user.pk and not participant.is_minor
    if not (is_guardian or is_adult_self):
        from django.http import Http404

        raise Http404
    if kind not in Consent.Kind.values:
        raise ValidationError(_("Неизвестный вид согласия."))
    return Consent.objects.create(
        participant=participant,
        organization_id=participant.organization_id,
        kind=kind,
        given_by=Consent.GivenBy.PARENT if is_guardian else Consent.GivenBy.SELF,
        representative_name=user.get_full_name() if is_guardian else "",
        given_at=timezone.now(),
        method=Consent.Method.ACCOUNT,
        recorded_by=user,
    )


@transaction.atomic
def revoke_consent(consent: Consent, by_user=None, reason: str = "") -> Consent:
    """Revocation hides the person from everybody but the curator; the history keeps the record."""
    _require_consent_manager(by_user, consent.participant)
    if consent.revoked_at is not None:
        raise ValidationError(_("Согласие уже отозвано."))
    reason = (reason or "").strip()
    if len(reason) > 2000:
        raise ValidationError(_("Слишком длинная причина."))
    given = consent
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.revoked_at is not None:
        raise ValidationError(_("Согласие уже отозвано."))
    consent.revoked_at = given.revoked_at = timezone.now()
    consent.revoked_by = given.revoked_by = by_user if getattr(by_user, "is_authenticated", False) else None
    consent.revoke_reason = given.revoke_reason = reason
    consent.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    return consent


def can_be_paired(participant: Participant) -> tuple[bool, str]:
    """May this person be put into a pairing now? Returns (answer, the reason in Russian when not)."""
    if participant.is_hidden_by_revocation:
        return False, _("Согласие на обработку персональных данных отозвано.")
    if participant.has_valid_consent:
        return True, ""
    if participant.is_minor:
        return False, _(
            "Несовершеннолетнего нельзя включить в пару без действующего согласия законного представителя "
            "на обработку персональных данных."
        )
    return False, _("Нет действующего согласия на обработку персональных данных.")


# --- import ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Duplicate:
    row: int
    full_name: str
    birth_date: dt.date | None
    first_row: int | None = None  # the same person earlier in the file
    participant_id: int | None = None  # the same person already in the base

    @property
    def message(self) -> str:
        if self.first_row is not None:
            return _("повтор строки %(row)s файла") % {"row": self.first_row}
        return _("уже есть в базе")

    def as_dict(self) -> dict:
        return {
            "row": self.row,
            "full_name": self.full_name,
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
            "first_row": self.first_row,
            "participant_id": self.participant_id,
            "message": str(self.message),
        }


@dataclass
class ImportResult:
    created: int = 0
    errors: list[tabular.RowError] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    rows: int = 0
    to_create: int = 0
    headers: list[str] = field(default_factory=list)
    mapping: dict[int, str] = field(default_factory=dict)
    preview: list[tabular.ParsedRow] = field(default_factory=list)
    dry_run: bool = False
    batch: ImportBatch | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict:
        return {
            "created": self.created,
            "errors": [e.as_dict() for e in self.errors],
            "duplicates": [d.as_dict() for d in self.duplicates],
        }


MENTOR_ORIGIN = {
    "pupil": MentorProfile.Origin.STUDENT,
    "student": MentorProfile.Origin.STUDENT,
    "alumnus": MentorProfile.Origin.ALUMNUS,
    "partner_employee": MentorProfile.Origin.PARTNER,
}


def import_participants(
    organization,
    file_bytes: bytes,
    filename: str,
    mapping=None,
    dry_run: bool = False,
    *,
    by_user=None,
    default_role: str = "mentee",
    preview_rows: int = 10,
) -> ImportResult:
    """Import a school's XLSX/CSV list into the bases: all rows or nothing.

    Rows with errors block the whole import (nothing is written); duplicates — the same name and birth date
    repeated in the file or already in the base — are reported and skipped.
    """
    if by_user is not None:
        require(by_user, "participants.change_base", organization)
    result = ImportResult(dry_run=dry_run)
    try:
        table = tabular.read_table(file_bytes, filename)
        result.headers = table.headers
        result.mapping = tabular.resolve_mapping(table.headers, mapping)
    except tabular.TableError as exc:
        result.errors.append(tabular.RowError(0, "", str(exc)))
        return result
    result.rows = len(table.rows)
    problems = tabular.mapping_problems(result.mapping)
    if problems:
        result.errors.extend(tabular.RowError(0, "", p) for p in problems)
        return result
    if not table.rows:
        result.errors.append(tabular.RowError(0, "", _("В файле нет ни одной строки с участниками.")))
        return result

    parsed, errors = tabular.validate_rows(
        table, result.mapping, timezone.localdate(), default_role=default_role
    )
    result.errors = errors
    result.preview = parsed[:preview_rows]

    # Duplicates: inside the file, then against the base with one query over the organization's names.
    skip: set[int] = set()
    for row, first in tabular.find_duplicates_in_file(parsed):
        result.duplicates.append(Duplicate(row.row, row.full_name, row.birth_date, first_row=first))
        skip.add(row.row)
    existing = {
        tabular.identity_key(*values[1:]): values[0]
        for values in Participant.objects.filter(organization=organization).values_list(
            "pk", "last_name", "first_name", "patronymic", "birth_date"
        )
    }
    if existing:
        for row in parsed:
            if row.row in skip:
                continue
            found = existing.get(row.key)
            if found is not None:
                result.duplicates.append(
                    Duplicate(row.row, row.full_name, row.birth_date, participant_id=found)
                )
                skip.add(row.row)
    result.duplicates.sort(key=lambda d: d.row)
    new_rows = [row for row in parsed if row.row not in skip]
    result.to_create = len(new_rows)
    if result.errors or dry_run or not new_rows:
        return result
    result.batch = _write_rows(organization, new_rows, filename, file_bytes, by_user, len(table.rows))
    result.created = len(new_rows)
    return result


@transaction.atomic
def _write_rows(
    organization, rows: list[tabular.ParsedRow], filename, file_bytes, by_user, total
) -> ImportBatch:
    """Write valid rows with `bulk.insert_rows` (COPY/executemany): see bulk.py and docs/participants.md.

    simple-history does not see these rows; the ImportBatch row is the audit summary of the import.
    """
    org_id = organization.pk
    batch = ImportBatch.objects.create(
        organization=organization,
        filename=filename[:255],
        sha256=hashlib.sha256(file_bytes).hexdigest(),
        rows=total,
        created=len(rows),
        created_by=by_user if getattr(by_user, "is_authenticated", False) else None,
    )
    now = timezone.now()
    person_ids = bulk.insert_rows(
        Participant,
        PARTICIPANT_FIELDS,
        [
            (
                org_id,
                row.last_name,
                row.first_name,
                row.patronymic,
                make_search_name(row.last_name, row.first_name, row.patronymic),
                row.birth_date,
                row.gender,
                row.category,
                row.group,
                row.subject,
                row.experience_years,
                row.email,
                row.phone,
                None,
                batch.pk,
                now,
                now,
            )
            for row in rows
        ],
        with_ids=True,
    )
    mentee_rows = [(pk, row) for pk, row in zip(person_ids, rows, strict=True) if row.is_mentee]
    mentor_rows = [(pk, row) for pk, row in zip(person_ids, rows, strict=True) if row.is_mentor]
    mentee_ids = bulk.insert_rows(
        MenteeProfile,
        ["participant", "organization", "form", "status", "priority", "notes", "created_at"],
        [(pk, org_id, None, MenteeProfile.Status.NEW.value, 1, "", now) for pk, _row in mentee_rows],
        with_ids=True,
    )
    mentor_ids = bulk.insert_rows(
        MentorProfile,
        [
            "participant",
            "organization",
            "origin",
            "partner",
            "capacity",
            "availability",
            "experience",
            "status",
            "created_at",
        ],
        [
            (
                pk,
                org_id,
                MENTOR_ORIGIN.get(row.category, MentorProfile.Origin.STAFF).value,
                None,
                row.capacity,
                "[]",
                "",
                MentorProfile.Status.POTENTIAL.value,
                now,
            )
            for pk, row in mentor_rows
        ],
        with_ids=True,
    )
    catalogue = _topic_lookup(organization)
    topic_of: dict[str, int | None] = {}

    def topic(text: str) -> int | None:
        if text not in topic_of:
            topic_of[text] = catalogue.get(tabular.normalize_header(text))
        return topic_of[text]

    requests = []
    for profile_id, (_pk, row) in zip(mentee_ids, mentee_rows, strict=True):
        for text in row.requests:
            topic_id = topic(text)
            requests.append(
                (
                    profile_id,
                    org_id,
                    topic_id,
                    "" if topic_id else text[:1000],
                    MenteeRequest.Source.OTHER.value,
                    1,
                    now,
                )
            )
    competences = [
        (profile_id, org_id, text[:300], topic(text))
        for profile_id, (_pk, row) in zip(mentor_ids, mentor_rows, strict=True)
        for text in row.competences
    ]
    bulk.insert_rows(
        MenteeRequest,
        ["mentee", "organization", "topic", "text", "source", "priority", "created_at"],
        requests,
    )
    bulk.insert_rows(MentorCompetence, ["mentor", "organization", "title", "topic"], competences)
    return batch


PARTICIPANT_FIELDS = [
    "organization",
    "last_name",
    "first_name",
    "patronymic",
    "search_name",
    "birth_date",
    "gender",
    "category",
    "group",
    "subject",
    "experience_years",
    "email",
    "phone",
    "user",
    "import_batch",
    "created_at",
    "updated_at",
]


def _topic_lookup(organization) -> dict[str, int]:
    """Catalogue titles (normalized) → topic id, so that "Работа с родителями" in a sheet links the topic."""
    lookup = {}
    for pk, title, org_id in RequestTopic.available_to(organization).values_list(
        "pk", "title", "organization_id"
    ):
        key = tabular.normalize_header(title)
        if key not in lookup or org_id is not None:
            lookup[key] = pk
    return lookup
