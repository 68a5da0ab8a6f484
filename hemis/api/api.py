"""The versioned JSON API at /api/v1/, with its OpenAPI document at /api/v1/openapi.json."""

from ninja import NinjaAPI

from hemis.accounts.api import router as accounts_router
from hemis.core import api_errors
from hemis.core.api import router as core_router
from hemis.directory.api import router as directory_router
from hemis.legislation.api import router as legislation_router
from hemis.questionnaires.api import router as questionnaires_router
from hemis.treaties.api import router as treaties_router

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
api.add_router("/", directory_router)
api.add_router("/", questionnaires_router)
api.add_router("/", treaties_router)
api.add_router("/", legislation_router)


api_errors.register(api)
