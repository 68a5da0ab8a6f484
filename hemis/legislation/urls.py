from django.urls import path

from hemis.legislation import views, views_import

app_name = "legislation"

urlpatterns = [
    path("", views.index_view, name="index"),
    path("facets/", views.facets_view, name="facets"),
    path("export.<str:format>", views.export_view, name="export"),
    path("new/", views.law_create_view, name="law_create"),
    path("proposals/", views.proposals_view, name="proposals"),
    path("import/", views_import.import_view, name="import"),
    path("<uuid:law_id>/", views.law_view, name="law"),
    path("<uuid:law_id>/edit/", views.law_edit_view, name="law_edit"),
    path("<uuid:law_id>/full-text/", views.law_file_view, name="law_file"),
    path("<uuid:law_id>/validate/", views.law_validate_view, name="law_validate"),
    path("<uuid:law_id>/reject/", views.law_reject_view, name="law_reject"),
    path("<uuid:law_id>/provisions/new/", views.provision_create_view, name="provision_create"),
    path("provisions/<uuid:provision_id>/", views.provision_view, name="provision"),
    path("provisions/<uuid:provision_id>/edit/", views.provision_edit_view, name="provision_edit"),
    path(
        "provisions/<uuid:provision_id>/delete/",
        views.provision_delete_view,
        name="provision_delete",
    ),
]
