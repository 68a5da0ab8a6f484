"""The versioned JSON API at /api/v1/, with its OpenAPI document at /api/v1/openapi.json."""

from ninja import NinjaAPI

from hemis.accounts.api import router as accounts_router
from hemis.core.api import router as core_router

api = NinjaAPI(
    title="hemis API",
    version="1",
    description=(
        "Public data needs no token. Restricted data needs a personal API token "
        "(create one on your profile page) sent as `Authorization: Bearer <token>`; "
        "the same access rules apply as on the pages."
    ),
    urls_namespace="api-1",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
api.add_router("/", core_router)
api.add_router("/", accounts_router)
