from django.urls import path

from hemis.treaties import views

app_name = "treaties"

urlpatterns = [
    path("", views.index_view, name="index"),
    path("map/", views.map_view, name="map"),
    path("gaps/", views.gaps_view, name="gaps"),
    path("export.<str:fmt>", views.matrix_export_view, name="matrix_export"),
    path("<str:code>/", views.instrument_view, name="instrument"),
    path("<str:code>/export.<str:fmt>", views.instrument_export_view, name="instrument_export"),
    path("<str:code>/<str:iso3>/", views.record_view, name="record"),
    path("<str:code>/<str:iso3>/edit/", views.record_edit_view, name="record_edit"),
]
