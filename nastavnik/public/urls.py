from django.urls import path

from .views import manage, pages

app_name = "public"
urlpatterns = [
    # The region's board first: "region" is a reserved word among organization slugs (docs/public.md).
    path("p/region/<slug:slug>/", pages.region, name="region"),
    path("p/<slug:slug>/", pages.page, name="page"),
    path("p/<slug:slug>/honor/", pages.honor, name="honor"),
    path("p/<slug:slug>/honor/<int:pk>/photo.jpg", pages.photo, name="photo"),
    path("p/<slug:slug>/cases/", pages.cases, name="cases"),
    path("p/<slug:slug>/cases/<int:pk>/", pages.case, name="case"),
    path("p/<slug:slug>/news/", pages.news, name="news"),
    path("p/<slug:slug>/news/feed/", pages.feed, name="feed"),
    path("p/<slug:slug>/news/<int:pk>/", pages.news_item, name="news_item"),
    path("p/<slug:slug>/documents/<int:pk>/<str:filename>", pages.document, name="document"),
    # The curator's pages.
    path("o/<slug:org>/public/", manage.settings_page, name="manage"),
    path("o/<slug:org>/public/documents/", manage.documents, name="manage_documents"),
    path(
        "o/<slug:org>/public/documents/<int:pk>/unpublish/",
        manage.document_unpublish,
        name="document_unpublish",
    ),
    path("o/<slug:org>/public/honor/", manage.honor, name="manage_honor"),
    path("o/<slug:org>/public/honor/<int:pk>/", manage.honor_edit, name="honor_edit"),
    path("o/<slug:org>/public/honor/<int:pk>/remove/", manage.honor_remove, name="honor_remove"),
    path("o/<slug:org>/public/cases/", manage.items, {"kind": manage.CASES}, name="manage_cases"),
    path("o/<slug:org>/public/cases/<int:pk>/", manage.item_edit, {"kind": manage.CASES}, name="case_edit"),
    path(
        "o/<slug:org>/public/cases/<int:pk>/delete/",
        manage.item_delete,
        {"kind": manage.CASES},
        name="case_delete",
    ),
    path("o/<slug:org>/public/news/", manage.items, {"kind": manage.NEWS}, name="manage_news"),
    path("o/<slug:org>/public/news/<int:pk>/", manage.item_edit, {"kind": manage.NEWS}, name="news_edit"),
    path(
        "o/<slug:org>/public/news/<int:pk>/delete/",
        manage.item_delete,
        {"kind": manage.NEWS},
        name="news_delete",
    ),
]
