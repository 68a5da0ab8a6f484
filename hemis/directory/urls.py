from django.urls import path

from hemis.directory import views, views_edition, views_exchange, views_import

app_name = "directory"

urlpatterns = [
    path("", views.index_view, name="index"),
    path("coverage/", views.coverage_view, name="coverage"),
    path("export", views_exchange.export_view, name="export"),
    path("import/", views_import.import_view, name="import"),
    path("edition/", views_edition.edition_view, name="edition"),
    path("edition/<uuid:edition_id>.pdf", views_edition.edition_file_view, name="edition_file"),
    path("contacts/<uuid:contact_id>/", views.contact_view, name="contact"),
    path("contacts/<uuid:contact_id>/edit/", views.contact_edit_view, name="contact_edit"),
    path("contacts/<uuid:contact_id>/replace/", views.contact_replace_view, name="contact_replace"),
    path("contacts/<uuid:contact_id>/retire/", views.contact_retire_view, name="contact_retire"),
    path("contacts/<uuid:contact_id>/confirm/", views.contact_confirm_view, name="contact_confirm"),
    path("contacts/<uuid:contact_id>/verify/", views.contact_verify_view, name="contact_verify"),
    path("contacts/<uuid:contact_id>/vcard", views_exchange.contact_vcard_view, name="vcard"),
    path("states/<str:iso3>/contacts/new/", views.contact_create_view, name="contact_create"),
    path(
        "states/<str:iso3>/authorities/new/", views.authority_create_view, name="authority_create"
    ),
    path("authorities/<uuid:authority_id>/", views.authority_view, name="authority"),
    path("authorities/<uuid:authority_id>/edit/", views.authority_edit_view, name="authority_edit"),
]
