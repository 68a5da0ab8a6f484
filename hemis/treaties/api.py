"""The treaties module in the JSON API."""

from ninja import Router

router = Router(tags=["treaties"])
