"""The REST API: /api/v1/…, OpenAPI at /api/openapi.json, its reference at /api/docs.

Every route needs `Authorization: Bearer <token>` (see `hallway.api.auth`) and answers
errors in one format (see `hallway.api.errors`).
"""

from typing import Any, NoReturn

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver
from django.utils.translation import gettext as _
from django.views import defaults
from ninja import NinjaAPI, Router
from ninja.renderers import JSONRenderer

from hallway.api import (
    coffee,
    directory,
    gatherings,
    imports,
    outbox,
    outreach_campaigns,
    outreach_care,
    outreach_jobs,
    outreach_personal,
    outreach_quiet,
    outreach_sequences,
    people,
    projects,
    projects_rhythm,
    relationships,
    relationships_rhythm,
    rituals_gong,
    rituals_pulse,
    rituals_standups,
)
from hallway.api.auth import TokenAuth
from hallway.api.docs import ReferenceDocs
from hallway.api.errors import (
    ApiError,
    error_response,
    install_error_handlers,
    with_error_format,
)
from hallway.api.parsing import HallwayParser
from hallway.api.schemas import ErrorOut

DESCRIPTION = """
The people directory of one organisation, its coffee programs (rounds, pairings and
feedback), its client book (companies, contacts, touches and orders), its gatherings
(guests, invitations, suggested times and breakout rounds) and its outbox of messages, for
scripts and integrations.

**Authentication.** Send `Authorization: Bearer <token>`. A token belongs to one user in
one organisation (create one with `hallway token create --org SLUG --user EMAIL`); every
request acts in that organisation with that user's role. Members may read, organisers
may also create, update and import, admins may also delete.

**Errors** always look like
`{"error": {"code": "validation_error", "message": "…", "details": [{"field": "timezone", "message": "…", "code": "invalid_timezone"}]}}`.
Codes: `unauthorized` (401), `forbidden` (403), `not_found` (404, also for objects of
other organisations), `method_not_allowed` (405), `invalid_input` (400), `conflict` (409),
`payload_too_large` (413), `validation_error` (422), `internal_error` (500). Messages
follow `Accept-Language` (en, de, nl).

**Lists** take `limit` (1–200, default 50) and `offset`, and answer
`{"count", "next", "previous", "results"}` in a stable order (by name, then id).

**Input.** A JSON body that is not valid JSON is a 400; a field the schema does not
know, a value of the wrong type or outside the documented range is a 422 naming the
field. Times of day are `HH:MM` without an offset, dates `YYYY-MM-DD`. Query parameters
the schema does not list are ignored.
"""


class Utf8JSONRenderer(JSONRenderer):
    # Names and messages in German, Dutch or Portuguese stay readable (the charset is UTF-8).
    json_dumps_params = {"ensure_ascii": False}


class HallwayAPI(NinjaAPI):
    def _get_urls(self) -> list[URLPattern | URLResolver]:
        return with_error_format(self, super()._get_urls())


api = HallwayAPI(
    title="Hallway API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    docs_url="/docs",
    docs=ReferenceDocs(),
    openapi_url="/openapi.json",
    auth=TokenAuth(),
    renderer=Utf8JSONRenderer(),
    parser=HallwayParser(),
)
install_error_handlers(api)

api.add_router("/v1", people.router)
api.add_router("/v1", directory.router)
api.add_router("/v1", imports.router)
api.add_router("/v1", outbox.router)
api.add_router("/v1", coffee.router)
api.add_router("/v1", relationships.router)
api.add_router("/v1", relationships_rhythm.router)
api.add_router("/v1", gatherings.router)
api.add_router("/v1", rituals_gong.router)
api.add_router("/v1", rituals_pulse.router)
api.add_router("/v1", rituals_standups.router)
api.add_router("/v1", projects.router)
api.add_router("/v1", projects_rhythm.router)
api.add_router("/v1", outreach_personal.router)
api.add_router("/v1", outreach_campaigns.router)
api.add_router("/v1", outreach_jobs.router)
api.add_router("/v1", outreach_care.router)
api.add_router("/v1", outreach_sequences.router)
api.add_router("/v1", outreach_quiet.router)

# Added last so it only catches what no route above matched: a JSON 404, not the HTML page.
unknown = Router()


@unknown.api_operation(
    ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"],
    "/{path:rest}",
    auth=None,
    include_in_schema=False,
    response={404: ErrorOut},
)
def no_such_endpoint(request: HttpRequest, rest: str) -> NoReturn:
    raise ApiError(404, "not_found", _("There is no API endpoint at this address."))


api.add_router("/", unknown)


def not_found_anywhere(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The site's 404 handler: the API's JSON error under /api/ (a path that no route can
    match at all, such as one with a line break, never reaches `no_such_endpoint`), the
    HTML page everywhere else."""
    if request.path_info.startswith("/api/"):
        return error_response(
            api, request, 404, message=_("There is no API endpoint at this address.")
        )
    return defaults.page_not_found(request, exception)


def operations() -> list[tuple[str, str, Any]]:
    """(method, path, operation) of every route, for tests that must cover all of them."""
    found = []
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                for method in operation.methods:
                    found.append((method, "/api/" + (prefix + path).lstrip("/"), operation))
    return found
