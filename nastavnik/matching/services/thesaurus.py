"""The matching thesaurus an organization and a region add to the shipped one (lines in the data file's syntax).

Every line is checked with the engine's own parser before it is stored, so a stored line never breaks a run.
The read side (which lines apply to an organization) is `matching.problem.thesaurus_lines`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..engine import InstanceError
from ..engine.thesaurus import Thesaurus
from ..models import OrganizationThesaurusEntry, RegionThesaurusEntry

if TYPE_CHECKING:
    from nastavnik.accounts.models import User
    from nastavnik.organizations.models import Organization, Region

MAX_LINE = 300


def clean_line(line: str) -> str:
    """The line stripped, or a Russian ValidationError naming it when the engine's parser rejects it."""
    text = " ".join(line.split())
    if not text or text.startswith("#"):
        raise ValidationError(_("Строка словаря пуста."))
    if len(text) > MAX_LINE:
        raise ValidationError(_("Строка словаря длиннее %(max)d знаков.") % {"max": MAX_LINE})
    try:
        Thesaurus.build((text,))
    except InstanceError as exc:
        raise ValidationError(
            _("Строка «%(line)s» не принята: %(reason)s") % {"line": text, "reason": str(exc)}
        ) from exc
    return text


@transaction.atomic
def add_organization_entry(
    organization: Organization, line: str, *, acting_user: User | None
) -> OrganizationThesaurusEntry:
    """Add a line to the organization's thesaurus (applies to its next runs)."""
    return OrganizationThesaurusEntry.objects.create(
        organization=organization, line=clean_line(line), created_by=acting_user
    )


@transaction.atomic
def delete_organization_entry(
    organization: Organization, entry: OrganizationThesaurusEntry, *, acting_user: User | None
) -> None:
    """Remove one of the organization's lines; another organization's line is refused."""
    if entry.organization_id != organization.pk:
        raise ValidationError(_("Строка словаря принадлежит другой организации."))
    entry.delete()


@transaction.atomic
def add_region_entry(region: Region, line: str, *, acting_user: User | None) -> RegionThesaurusEntry:
    """Add a line to the region's thesaurus (applies to every organization of the region)."""
    return RegionThesaurusEntry.objects.create(region=region, line=clean_line(line), created_by=acting_user)


@transaction.atomic
def delete_region_entry(region: Region, entry: RegionThesaurusEntry, *, acting_user: User | None) -> None:
    """Remove one of the region's lines; another region's line is refused."""
    if entry.region_id != region.pk:
        raise ValidationError(_("Строка словаря принадлежит другому региону."))
    entry.delete()
