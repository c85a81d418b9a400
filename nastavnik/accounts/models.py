"""People who log in, and the roles they hold in organizations and regions."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from nastavnik.organizations.models import Municipality, Organization, Region


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("E-mail обязателен.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in by e-mail. Mentees without an account are Participants only."""

    email = models.EmailField(_("e-mail"), unique=True)
    last_name = models.CharField(_("фамилия"), max_length=150)
    first_name = models.CharField(_("имя"), max_length=150)
    patronymic = models.CharField(_("отчество"), max_length=150, blank=True)
    is_active = models.BooleanField(_("активен"), default=True)
    is_staff = models.BooleanField(_("доступ к администрированию"), default=False)
    date_joined = models.DateTimeField(_("дата регистрации"), default=timezone.now)
    email_reminders = models.BooleanField(
        _("напоминания по электронной почте"),
        default=True,
        help_text=_("Напоминания о встречах, обратной связи и задачах приходят и в приложении, и на почту."),
    )
    calendar_token = models.CharField(
        _("ключ календаря"), max_length=64, blank=True, default="", editable=False, db_index=True
    )

    history = HistoricalRecords(excluded_fields=["password", "last_login", "calendar_token"])

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["last_name", "first_name"]

    class Meta:
        verbose_name = _("пользователь")
        verbose_name_plural = _("пользователи")
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def get_full_name(self) -> str:
        return " ".join(part for part in [self.last_name, self.first_name, self.patronymic] if part)

    def get_short_name(self) -> str:
        return short_name(self.last_name, self.first_name, self.patronymic)


def short_name(last_name: str, first_name: str, patronymic: str) -> str:
    """«Иванова А. П.»: `User.get_short_name` of plain values."""
    initials = "".join(f"{part[0]}." for part in [first_name, patronymic] if part)
    return f"{last_name} {initials}".strip()


class Role(models.TextChoices):
    DIRECTOR = "director", _("директор")
    DEPUTY = "deputy", _("заместитель директора")
    CURATOR = "curator", _("куратор")
    WORKING_GROUP = "working_group", _("рабочая группа")
    MENTOR = "mentor", _("наставник")
    MENTEE = "mentee", _("наставляемый")
    PARENT = "parent", _("законный представитель")
    PARTNER = "partner", _("партнёр")


class Membership(models.Model):
    """A user's role in one organization. One user may hold several roles, in several organizations."""

    user = models.ForeignKey(User, models.CASCADE, related_name="memberships", verbose_name=_("пользователь"))
    organization = models.ForeignKey(
        Organization, models.CASCADE, related_name="memberships", verbose_name=_("организация")
    )
    role = models.CharField(_("роль"), max_length=32, choices=Role.choices)
    position = models.CharField(_("должность"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("роль в организации")
        verbose_name_plural = _("роли в организациях")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization", "role"], name="membership_unique_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} ({self.organization})"


class Coordination(models.Model):
    """A regional or municipal coordinator: sees aggregates of the organizations below, never a child's name."""

    user = models.ForeignKey(
        User, models.CASCADE, related_name="coordinations", verbose_name=_("пользователь")
    )
    region = models.ForeignKey(Region, models.CASCADE, related_name="coordinators", verbose_name=_("регион"))
    municipality = models.ForeignKey(
        Municipality,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="coordinators",
        verbose_name=_("муниципалитет"),
        help_text=_("Пусто — координатор всего региона."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("координатор")
        verbose_name_plural = _("координаторы")

    def __str__(self) -> str:
        return f"{self.user} — {self.municipality or self.region}"

    def organizations(self) -> models.QuerySet[Organization]:
        qs = Organization.objects.filter(municipality__region=self.region)
        if self.municipality_id:
            qs = qs.filter(municipality=self.municipality)
        return qs
