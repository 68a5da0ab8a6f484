"""hemis's URLs plus one bare view: the ceiling that Django with hemis's middleware can reach."""

from django.http import HttpResponse
from django.urls import path

from hemis.urls import urlpatterns as hemis_urlpatterns

_CONSTANT = b'{"status": "ok", "constant": true}'


def constant_view(request):
    return HttpResponse(_CONSTANT, content_type="application/json")


urlpatterns = [path("bench/constant", constant_view), *hemis_urlpatterns]
