"""The menu each role sees: entries appear only when the user may open them.

Apps add their pages here (one line each); an entry whose URL is not installed yet is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext_noop

from nastavnik.accounts.permissions import can

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from nastavnik.accounts.models import User
    from nastavnik.organizations.models import Organization


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    action: str


#: Per-organization pages, in menu order. The URL takes the organization's slug.
ORGANIZATION_ITEMS: list[NavItem] = [
    NavItem(gettext_noop("Организация"), "organizations:detail", "organizations.view_organization"),
    NavItem(gettext_noop("Панель программы"), "dashboard:dashboard", "dashboard.view_dashboard"),
    NavItem(gettext_noop("Дорожная карта"), "roadmaps:roadmap", "roadmaps.view_roadmap"),
    NavItem(gettext_noop("Мои задачи"), "roadmaps:my_tasks", "organizations.view_organization"),
    NavItem(gettext_noop("Наставляемые"), "participants:mentees", "participants.view_base"),
    NavItem(gettext_noop("Наставники"), "participants:mentors", "participants.view_base"),
    NavItem(gettext_noop("Мои данные"), "participants:me", "organizations.view_organization"),
    NavItem(gettext_noop("Анкеты"), "questionnaires:index", "questionnaires.view_results"),
    NavItem(gettext_noop("Подбор пар"), "matching:index", "matching.run_matching"),
    NavItem(gettext_noop("Пары и группы"), "mentoring:pairings", "participants.view_base"),
    NavItem(gettext_noop("Моя пара"), "mentoring:my_pairing", "organizations.view_organization"),
    NavItem(gettext_noop("Мониторинг"), "monitoring:indicators", "monitoring.view_monitoring"),
    NavItem(gettext_noop("Риски"), "dashboard:risks", "roadmaps.view_risks"),
    NavItem(gettext_noop("Документы"), "documents:index", "documents.view_documents"),
    NavItem(gettext_noop("Сотрудники и роли"), "organizations:members", "organizations.view_members"),
    NavItem(gettext_noop("Журнал доступа"), "audit:access_log", "audit.view_access_log"),
    NavItem(gettext_noop("Публичная страница"), "public:manage", "public.view_public_page_settings"),
]


@lru_cache(maxsize=8192)
def _reverse(urlconf: str | None, prefix: str, name: str, args: tuple[str, ...]) -> str | None:
    try:
        return reverse(name, urlconf=urlconf, args=args)
    except NoReverseMatch:
        return None


def cached_url(name: str, *args: str) -> str | None:
    """`reverse(name, args=args)`, or None for a URL that is not installed; remembered per URL configuration
    and script prefix. The menu and the header of every page need two dozen URLs that never change while the
    process runs (about 1 ms of `reverse` a page)."""
    return _reverse(get_urlconf(), get_script_prefix(), name, args)


def items_for(user: User | AnonymousUser, organization: Organization) -> list[dict[str, str]]:
    items: list[dict[str, str]] = []
    for item in ORGANIZATION_ITEMS:
        if not can(user, item.action, organization):
            continue
        url = cached_url(item.url_name, organization.slug)
        if url is not None:
            items.append({"label": item.label, "url": url})
    return items
