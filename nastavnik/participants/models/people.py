"""People of the bases and what surrounds them: the catalogue of requests, imports, participants, their
parents (guardians) and partner organizations.

A Participant is a person known to the organization (most have no account). One person may be a mentor in
one pairing and a mentee in another, so the two roles are separate one-to-one profiles (see profiles.py).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from nastavnik.core.ownership import Authored, OrganizationOwned
from nastavnik.methodology.models import MentoringForm
from nastavnik.organizations.models import Organization

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django_stubs_ext import StrOrPromise

    from nastavnik.accounts.models import User

    from .consent import Consent

    AnyUser = User | AnonymousUser


ADULT_AGE = 18


def adult_cutoff(today: datetime.date | None = None) -> datetime.date:
    """People born after this date are minors today."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year - ADULT_AGE)
    except ValueError:  # 29 February
        return today.replace(year=today.year - ADULT_AGE, day=28)


def minor_by(birth_date: datetime.date | None, category: str, cutoff: datetime.date) -> bool:
    """`Participant.is_minor` for plain values and a cutoff taken once (`adult_cutoff()`): lists of people."""
    if birth_date is None:
        return category == Participant.Category.PUPIL
    return birth_date > cutoff


def make_search_name(*parts: str) -> str:
    return " ".join(" ".join(p for p in parts if p).lower().replace("ё", "е").split())


def hidden_label() -> str:
    """What everyone but the curator sees instead of the name of a person whose consent was revoked."""
    return gettext("скрыт (согласие отозвано)")


def user_link(verbose_name: StrOrPromise) -> models.ForeignKey[User | None, User | None]:
    """Who did something to a row (recorded, decided, interviewed): kept empty when the user is deleted."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )


class Priority(models.IntegerChoices):
    LOW = 0, _("низкий")
    NORMAL = 1, _("обычный")
    HIGH = 2, _("высокий")


class RequestTopic(models.Model):
    """A typical difficulty or goal of mentees: the catalogue curators pick requests from.

    Rows without an organization are shipped defaults (data migration) shared by all organizations;
    an organization may add its own. Not scoped: shared rows have no organization.
    """

    class Kind(models.TextChoices):
        DIFFICULTY = "difficulty", _("затруднение")
        GOAL = "goal", _("цель")

    organization = models.ForeignKey(
        Organization,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="request_topics",
        verbose_name=_("организация"),
        help_text=_("Пусто — пункт доступен всем организациям."),
    )
    form = models.ForeignKey(
        MentoringForm,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="request_topics",
        verbose_name=_("форма наставничества"),
    )
    audience = models.CharField(
        _("для кого"), max_length=16, choices=MentoringForm.Audience.choices, blank=True
    )
    kind = models.CharField(_("вид"), max_length=16, choices=Kind.choices, default=Kind.DIFFICULTY)
    title = models.CharField(_("название"), max_length=200)
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        verbose_name = _("типовой запрос")
        verbose_name_plural = _("типовые запросы")
        ordering = ["audience", "kind", "position", "title"]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def available_to(cls, organization: Organization) -> models.QuerySet[RequestTopic]:
        return cls.objects.filter(models.Q(organization__isnull=True) | models.Q(organization=organization))


class ImportBatch(OrganizationOwned, Authored):
    """One bulk import of a table: the audit summary of rows written by bulk insert.

    Bulk inserts bypass simple-history (one history row per participant would double the cost of an import
    of 100,000 rows), so an import records who loaded which file, when and how many rows, and every
    participant it created points back here.
    """

    filename = models.CharField(_("файл"), max_length=255)
    sha256 = models.CharField(_("контрольная сумма"), max_length=64)
    rows = models.PositiveIntegerField(_("строк"), default=0)
    created = models.PositiveIntegerField(_("создано участников"), default=0)

    class Meta:
        verbose_name = _("импорт участников")
        verbose_name_plural = _("импорты участников")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.created})"


class Participant(OrganizationOwned):
    """A person of the programme: pupil, student, teacher, alumnus or a partner's employee."""

    #: What a curator types about a person (the form) and what an import fills (with the names first).
    NAME_FIELDS = ("last_name", "first_name", "patronymic")
    DETAIL_FIELDS = (
        "birth_date",
        "gender",
        "category",
        "group",
        "subject",
        "experience_years",
        "email",
        "phone",
    )

    class Gender(models.TextChoices):
        FEMALE = "female", _("женский")
        MALE = "male", _("мужской")
        __empty__ = _("не указан")

    class Category(models.TextChoices):
        PUPIL = "pupil", _("обучающийся")
        STUDENT = "student", _("студент")
        TEACHER = "teacher", _("педагог")
        YOUNG_SPECIALIST = "young_specialist", _("молодой специалист (стаж до 3 лет)")
        STAFF = "staff", _("сотрудник")
        ALUMNUS = "alumnus", _("выпускник")
        PARTNER_EMPLOYEE = "partner_employee", _("сотрудник партнёра")

    # db_index=False: the composite indexes below start with the organization.
    organization = models.ForeignKey(
        Organization, models.CASCADE, related_name="+", verbose_name=_("организация"), db_index=False
    )
    last_name = models.CharField(_("фамилия"), max_length=150)
    first_name = models.CharField(_("имя"), max_length=150)
    patronymic = models.CharField(_("отчество"), max_length=150, blank=True)
    birth_date = models.DateField(_("дата рождения"), null=True, blank=True)
    gender = models.CharField(_("пол"), max_length=8, choices=Gender.choices, blank=True)
    category = models.CharField(_("категория"), max_length=32, choices=Category.choices)
    group = models.CharField(_("класс или группа"), max_length=50, blank=True, help_text=_("Например, 7Б."))
    subject = models.CharField(_("предмет или специальность"), max_length=200, blank=True)
    experience_years = models.PositiveSmallIntegerField(
        _("стаж, лет"), null=True, blank=True, validators=[MaxValueValidator(70)]
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("телефон"), max_length=32, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="participants",
        verbose_name=_("учётная запись"),
    )
    guardians = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Guardianship",
        related_name="wards",
        blank=True,
        verbose_name=_("законные представители"),
    )
    #: lowercased full name for search: SQLite's LIKE ignores case only for Latin letters
    search_name = models.CharField(max_length=500, blank=True, editable=False)
    import_batch = models.ForeignKey(
        ImportBatch,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="participants",
        verbose_name=_("импорт"),
    )
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["import_batch", "search_name"])

    class Meta:
        verbose_name = _("участник")
        verbose_name_plural = _("участники")
        ordering = ["last_name", "first_name", "patronymic", "pk"]
        indexes = [
            models.Index(
                fields=["organization", "last_name", "first_name", "patronymic", "birth_date"],
                name="participant_identity",
            ),
            models.Index(fields=["organization", "group"], name="participant_group"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_name = make_search_name(self.last_name, self.first_name, self.patronymic)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"last_name", "first_name", "patronymic"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_name"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("participants:person", args=[self.organization.slug, self.pk])

    @property
    def full_name(self) -> str:
        return " ".join(part for part in [self.last_name, self.first_name, self.patronymic] if part)

    @property
    def short_name(self) -> str:
        initials = "".join(f"{part[0]}." for part in [self.first_name, self.patronymic] if part)
        return f"{self.last_name} {initials}".strip()

    def age(self, today: datetime.date | None = None) -> int | None:
        if self.birth_date is None:
            return None
        today = today or timezone.localdate()
        before_birthday = (today.month, today.day) < (self.birth_date.month, self.birth_date.day)
        return today.year - self.birth_date.year - int(before_birthday)

    @property
    def is_minor(self) -> bool:
        """Under 18 today. A pupil whose birth date is unknown counts as a minor: when in doubt about a
        child, ask the parent for consent."""
        annotated = getattr(self, "annotated_is_minor", None)  # set by a list that took today's cutoff once
        if annotated is not None:
            return bool(annotated)
        return minor_by(self.birth_date, self.category, adult_cutoff())

    # --- consents -------------------------------------------------------------------------------------
    def _personal_data_consents(self) -> list[Consent]:
        """Personal-data consents newest first; uses prefetched `consents` when a list prefetched them."""
        from .consent import Consent

        cache = getattr(self, "_prefetched_objects_cache", {})
        if "consents" in cache:
            consents = [c for c in cache["consents"] if c.kind == Consent.Kind.PERSONAL_DATA]
        else:
            consents = list(self.consents.filter(kind=Consent.Kind.PERSONAL_DATA))
        return sorted(consents, key=lambda c: (c.given_at, c.pk), reverse=True)

    @property
    def valid_consent(self) -> Consent | None:
        """The newest personal-data consent that is in force (for a minor: given by a parent)."""
        from .consent import Consent

        minor = self.is_minor
        for consent in self._personal_data_consents():
            if consent.revoked_at is None and (not minor or consent.given_by == Consent.GivenBy.PARENT):
                return consent
        return None

    @property
    def has_valid_consent(self) -> bool:
        annotated = getattr(self, "annotated_has_consent", None)
        if annotated is not None:
            return bool(annotated)
        return self.valid_consent is not None

    @property
    def is_hidden_by_revocation(self) -> bool:
        """The latest personal-data consent was revoked: the person is hidden from all but the curator."""
        annotated = getattr(self, "annotated_revoked_at", _MISSING)
        if annotated is not _MISSING:
            return annotated is not None
        consents = self._personal_data_consents()
        return bool(consents) and consents[0].revoked_at is not None

    # --- who is related -------------------------------------------------------------------------------
    def mentor_users(self) -> list:
        """Users of the mentors this person is assigned to (MentorAssignment, filled by matching).

        The hook through which a mentor sees their own mentees; matching may later add pairings here.
        """
        from nastavnik.accounts.models import User

        return list(
            User.objects.filter(
                participants__mentor_profile__assignments__mentee_profile__participant=self
            ).distinct()
        )

    def is_self_or_guardian(self, user: AnyUser) -> bool:
        user_id = user.pk if user.is_authenticated else None
        if user_id is None:
            return False
        if self.user_id == user_id:
            return True
        return Guardianship.objects.filter(participant=self, user_id=user_id).exists()

    def is_related_user(self, user: AnyUser) -> bool:
        """The person themself, a parent (guardian), or a mentor assigned to them."""
        user_id = user.pk if user.is_authenticated else None
        if user_id is None:
            return False
        from .profiles import MentorAssignment

        if self.is_self_or_guardian(user):
            return True
        return MentorAssignment.objects.filter(
            mentee_profile__participant=self, mentor_profile__participant__user_id=user_id
        ).exists()


_MISSING = object()


class Guardianship(OrganizationOwned):
    """A parent (законный представитель) with an account, linked to a minor participant."""

    participant = models.ForeignKey(
        Participant, models.CASCADE, related_name="guardianships", verbose_name=_("участник")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="guardianships",
        verbose_name=_("законный представитель"),
    )
    relation = models.CharField(_("кем приходится"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("законный представитель")
        verbose_name_plural = _("законные представители")
        constraints = [
            models.UniqueConstraint(fields=["participant", "user"], name="guardianship_unique_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.participant}"


class Partner(OrganizationOwned):
    """A partner organization (enterprise, university, NGO) that supplies mentors."""

    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("предприятие")
        UNIVERSITY = "university", _("вуз")
        NGO = "ngo", _("НКО")
        OTHER = "other", _("другое")

    name = models.CharField(_("название"), max_length=300)
    kind = models.CharField(_("вид"), max_length=16, choices=Kind.choices, default=Kind.ENTERPRISE)
    contact_person = models.CharField(_("контактное лицо"), max_length=200, blank=True)
    phone = models.CharField(_("телефон"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    site = models.URLField(_("сайт"), blank=True)
    agreement = models.TextField(_("соглашение о сотрудничестве"), blank=True)
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)

    class Meta:
        verbose_name = _("партнёр")
        verbose_name_plural = _("партнёры")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name
