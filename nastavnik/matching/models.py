"""The curator's side of matching: rules that lock or forbid pairs, and runs that store a proposal.

A run is a snapshot: the proposal the engine gave for the bases as they were at that moment, with the
fit and its reasons, so that the curator can compare runs and approve one later. Approval turns it into
pairings (`mentoring.Pairing`) and an order.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nastavnik.core.ownership import Authored, OrganizationOwned
from nastavnik.mentoring.models import Order
from nastavnik.methodology.models import MentoringForm


class Mode(models.TextChoices):
    OPTIMAL = "optimal", _("наибольшая суммарная совместимость")
    STABLE = "stable", _("устойчивый подбор (учёт предпочтений)")


class MatchingRule(OrganizationOwned, Authored):
    """The curator's override for one mentor-mentee pair: always form it (lock) or never (forbid)."""

    class Kind(models.TextChoices):
        LOCK = "lock", _("закреплена")
        FORBID = "forbid", _("запрещена")

    mentee = models.ForeignKey(
        "participants.MenteeProfile",
        models.CASCADE,
        related_name="matching_rules",
        verbose_name=_("наставляемый"),
    )
    mentor = models.ForeignKey(
        "participants.MentorProfile",
        models.CASCADE,
        related_name="matching_rules",
        verbose_name=_("наставник"),
    )
    kind = models.CharField(_("правило"), max_length=8, choices=Kind.choices)

    class Meta:
        verbose_name = _("правило подбора")
        verbose_name_plural = _("правила подбора")
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["mentee", "mentor"], name="matchingrule_unique_pair")]

    def __str__(self) -> str:
        return f"{self.mentee} — {self.mentor}: {self.get_kind_display()}"


class MatchingRun(OrganizationOwned, Authored):
    """One run of the engine over the bases; `result` holds the proposal (schema in docs/matching.md)."""

    mode = models.CharField(_("режим"), max_length=16, choices=Mode.choices)
    form = models.ForeignKey(
        MentoringForm,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("форма наставничества"),
    )
    weights = models.JSONField(_("веса критериев"), default=dict, blank=True)
    result = models.JSONField(_("результат"), default=dict, blank=True)
    total_score = models.FloatField(_("суммарная совместимость"), default=0)
    pairs_count = models.PositiveIntegerField(_("пар"), default=0)
    unmatched_count = models.PositiveIntegerField(_("без пары"), default=0)
    blocking_pairs = models.PositiveIntegerField(_("блокирующих пар"), default=0)
    approved_at = models.DateTimeField(_("утверждён"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто утвердил"),
    )
    order = models.ForeignKey(
        Order, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("приказ")
    )

    class Meta:
        verbose_name = _("запуск подбора")
        verbose_name_plural = _("запуски подбора")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organization", "created_at"], name="matchingrun_created")]

    def __str__(self) -> str:
        return f"{self.get_mode_display()}, {self.created_at:%d.%m.%Y %H:%M}"

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None

    @property
    def mean_score(self) -> float:
        return self.total_score / self.pairs_count if self.pairs_count else 0.0


class ThesaurusLine(Authored):
    """One line added to the shipped thesaurus, in the data file's syntax («ОГЭ > ГИА», «generic: урок»)."""

    line = models.CharField(
        _("строка словаря"),
        max_length=300,
        help_text=_("«А = Б» — синонимы, «А > Б» — А частный случай Б; «generic: слова», «filler: слова»."),
    )

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.line

    def clean(self) -> None:
        """The engine's parser must accept the line (the admin and forms call this)."""
        from .services.thesaurus import clean_line  # noqa: PLC0415 (services import the models)

        self.line = clean_line(self.line)


class OrganizationThesaurusEntry(OrganizationOwned, ThesaurusLine):
    """An organization's own line of the matching thesaurus; applies to its runs only."""

    class Meta(ThesaurusLine.Meta):
        verbose_name = _("строка словаря подбора организации")
        verbose_name_plural = _("строки словаря подбора организаций")


class RegionThesaurusEntry(ThesaurusLine):
    """A region's line of the matching thesaurus; applies to every organization of the region."""

    region = models.ForeignKey(
        "organizations.Region", models.CASCADE, related_name="+", verbose_name=_("регион")
    )

    class Meta(ThesaurusLine.Meta):
        verbose_name = _("строка словаря подбора региона")
        verbose_name_plural = _("строки словаря подбора регионов")
