"""The public pages of an organization (/p/<slug>/…) and of a region (/p/region/<slug>/): no login, cached.

Every view receives the organization and its published page from `http.public_page` and runs inside that
organization's scope; what they show comes only from `queries` (consented adults, aggregates).
"""

from __future__ import annotations

import hashlib

from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from nastavnik.organizations.models import Organization, Region

from .. import queries
from ..http import CACHE_SECONDS, make_public, not_found, organization_context, public_page
from ..models import Case, NewsItem, PublicDocument, PublicPage

NEWS_ON_FRONT = 3
NEWS_IN_FEED = 30


@public_page
def page(request: HttpRequest, organization: Organization, page: PublicPage) -> HttpResponse:
    context = organization_context(
        organization,
        page,
        figures=queries.programme_figures(organization),
        documents=queries.documents(organization),
        honor=queries.honor_board(organization),
        cases=queries.cases(organization)[:3],
        news=queries.news(organization, NEWS_ON_FRONT),
        section="page",
    )
    return render(request, "public/page.html", context)


@public_page
def honor(request: HttpRequest, organization: Organization, page: PublicPage) -> HttpResponse:
    context = organization_context(
        organization, page, honor=queries.honor_board(organization), section="honor"
    )
    return render(request, "public/honor.html", context)


@public_page
def photo(request: HttpRequest, organization: Organization, page: PublicPage, pk: int) -> HttpResponse:
    """A mentor's photo, only while the mentor is on the public board (consent in force)."""
    entry = queries.visible_entry(organization, pk)
    if entry is None or not entry.photo:
        raise Http404
    with entry.photo.open("rb") as f:
        return HttpResponse(f.read(), content_type="image/jpeg")


@public_page
def cases(request: HttpRequest, organization: Organization, page: PublicPage) -> HttpResponse:
    context = organization_context(organization, page, cases=queries.cases(organization), section="cases")
    return render(request, "public/cases.html", context)


@public_page
def case(request: HttpRequest, organization: Organization, page: PublicPage, pk: int) -> HttpResponse:
    item = get_object_or_404(Case, organization=organization, pk=pk)
    return render(
        request, "public/case.html", organization_context(organization, page, case=item, section="cases")
    )


@public_page
def news(request: HttpRequest, organization: Organization, page: PublicPage) -> HttpResponse:
    context = organization_context(organization, page, news=queries.news(organization), section="news")
    return render(request, "public/news.html", context)


@public_page
def news_item(request: HttpRequest, organization: Organization, page: PublicPage, pk: int) -> HttpResponse:
    item = get_object_or_404(NewsItem, organization=organization, pk=pk)
    return render(
        request, "public/news_item.html", organization_context(organization, page, item=item, section="news")
    )


@public_page
def document(
    request: HttpRequest, organization: Organization, page: PublicPage, pk: int, filename: str
) -> HttpResponse:
    item = get_object_or_404(PublicDocument, organization=organization, pk=pk)
    if filename != item.filename:
        raise Http404
    with item.file.open("rb") as f:
        content = f.read()
    response = HttpResponse(content, content_type=_content_type(item.filename))
    response["Content-Disposition"] = content_disposition_header(False, item.filename) or ""
    return response


def _content_type(filename: str) -> str:
    types = {
        ".pdf": "application/pdf",
        ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".odt": "application/vnd.oasis.opendocument.text",
        ".ods": "application/vnd.oasis.opendocument.spreadsheet",
        ".doc": "application/msword",
        ".xls": "application/vnd.ms-excel",
        ".rtf": "application/rtf",
    }
    return types.get(filename[filename.rfind(".") :].lower(), "application/octet-stream")


class NewsFeed(Feed):
    """The Atom feed of an organization's news (django.contrib.syndication)."""

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, organization: Organization) -> Organization:
        return organization

    def title(self, obj: Organization) -> str:
        return _("Новости программы наставничества — %(name)s") % {"name": obj.short_name}

    def subtitle(self, obj: Organization) -> str:
        return obj.full_name

    def link(self, obj: Organization) -> str:
        return reverse("public:news", args=[obj.slug])

    def feed_url(self, obj: Organization) -> str:
        return reverse("public:feed", args=[obj.slug])

    def items(self, obj: Organization) -> list[NewsItem]:
        return queries.news(obj, NEWS_IN_FEED)

    def item_title(self, item: NewsItem) -> str:
        return item.title

    def item_description(self, item: NewsItem) -> str:
        return item.text

    def item_link(self, item: NewsItem) -> str:
        return reverse("public:news_item", args=[item.organization.slug, item.pk])

    def item_pubdate(self, item: NewsItem):  # type: ignore[no-untyped-def]
        return item.published_at

    def item_updateddate(self, item: NewsItem):  # type: ignore[no-untyped-def]
        return item.updated_at


_feed = NewsFeed()


@public_page
def feed(request: HttpRequest, organization: Organization, page: PublicPage) -> HttpResponse:
    return _feed(request, organization=organization)


def region(request: HttpRequest, slug: str) -> HttpResponse:
    """The regional honor board: the consented mentors of every published page of the region, cached under
    the versions of all those pages (any change to one of them builds it again)."""
    found = Region.objects.filter(slug=slug).first()
    if found is None:
        return not_found(request)
    pages = queries.region_pages(found)
    stamp = hashlib.sha256(repr(pages).encode()).hexdigest()[:32]
    key = f"public:region:{found.pk}:{stamp}:{get_language()}"
    content = cache.get(key)
    if content is None:
        honor = queries.region_honor_board(found, pages)
        content = render(request, "public/region.html", {"region": found, "honor": honor}).content
        cache.set(key, content, CACHE_SECONDS)
    return make_public(HttpResponse(content))
