"""The access log: who read or exported which personal data of an organization, and when.

Changes are audited by django-simple-history; this table records *reads* (a person's card, an export,
a consent scan, an order), one row per read, kept for ``ACCESS_LOG_RETENTION_DAYS``.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nastavnik.core.ownership import OrganizationOwned


class AccessKind(models.TextChoices):
    PERSON = "person", _("карточка участника")
    MENTEES_EXPORT = "mentees_export", _("выгрузка базы наставляемых")
    MENTORS_EXPORT = "mentors_export", _("выгрузка базы наставников")
    REGISTER_EXPORT = "register_export", _("выгрузка реестра наставников")
    CONSENT_SCAN = "consent_scan", _("скан согласия")
    TRAINING_CERTIFICATE = "training_certificate", _("документ об обучении наставника")
    ORDER = "order", _("приказ о наставнических парах")
    DEVELOPMENT_PLAN = "development_plan", _("план развития пары")
    PAIRINGS_EXPORT = "pairings_export", _("выгрузка наставнических пар")
    QUESTIONNAIRE_RESULTS = "questionnaire_results", _("выгрузка результатов анкеты")
    QUESTIONNAIRE_LINKS = "questionnaire_links", _("выгрузка ссылок анкеты")
    DOCUMENT = "document", _("документ с именами участников (приказ о поощрении, сертификаты)")


class AccessRecord(OrganizationOwned):
    """One read of personal data. `subject_type`/`subject_id` name the object read (a participant,
    a questionnaire, an order); exports of a whole base have no subject and keep their filters in
    `detail`. The user is kept as a link and as an e-mail, so a deleted account still shows who read."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("пользователь"),
    )
    user_email = models.CharField(_("e-mail пользователя"), max_length=254, blank=True)
    at = models.DateTimeField(_("когда"), default=timezone.now, db_index=True)
    kind = models.CharField(_("что открыто"), max_length=32, choices=AccessKind.choices)
    subject_type = models.CharField(_("вид объекта"), max_length=32, blank=True)
    subject_id = models.BigIntegerField(_("номер объекта"), null=True, blank=True)
    detail = models.CharField(_("подробности"), max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(_("IP-адрес"), null=True, blank=True)

    class Meta:
        verbose_name = _("запись журнала доступа")
        verbose_name_plural = _("журнал доступа")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["organization", "-at"], name="access_org_at")]

    def __str__(self) -> str:
        return f"{self.at:%d.%m.%Y %H:%M} {self.user_email} {self.kind}"
