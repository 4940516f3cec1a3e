"""API fixtures: tokens for the shared personas and a small JSON client."""

import json
from typing import Any

import pytest
from django.test import Client

from hallway.accounts.models import Role
from hallway.accounts.tokens import token_create
from tests.factories import make_location, make_person, make_team, make_user


class ApiClient:
    """Django's test client with a bearer token and JSON bodies."""

    def __init__(self, token: str | None = None, language: str | None = None) -> None:
        self.client = Client(raise_request_exception=False)
        self.headers: dict[str, str] = {}
        if token:
            self.headers["Authorization"] = f"Bearer {token}"
        if language:
            self.headers["Accept-Language"] = language

    def request(self, method: str, path: str, body: Any = None, **kwargs: Any) -> Any:
        call = getattr(self.client, method.lower())
        headers = {**self.headers, **kwargs.pop("headers", {})}
        if body is not None and method.upper() in {"POST", "PUT", "PATCH", "DELETE"}:
            kwargs.setdefault("data", json.dumps(body))
            kwargs.setdefault("content_type", "application/json")
        return call(path, headers=headers, **kwargs)

    def get(
        self, path: str, params: dict[str, Any] | None = None, headers: dict[str, str] | None = None
    ) -> Any:
        return self.client.get(path, params or {}, headers={**self.headers, **(headers or {})})

    def post(self, path: str, body: Any = None, **kwargs: Any) -> Any:
        return self.request("POST", path, body, **kwargs)

    def patch(self, path: str, body: Any = None, **kwargs: Any) -> Any:
        return self.request("PATCH", path, body, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> Any:
        return self.request("DELETE", path, **kwargs)


def token_for(user, organisation) -> str:  # type: ignore[no-untyped-def]
    return token_create(organisation=organisation, user=user, name="tests")[1]


@pytest.fixture
def olga(acme):
    """An organiser in Acme: may create and update people, not delete them."""
    return make_user("olga@acme.test", acme, Role.ORGANISER)


@pytest.fixture
def olga_api(olga, acme):
    return ApiClient(token_for(olga, acme))


@pytest.fixture
def anonymous_api(db):
    return ApiClient()


@pytest.fixture
def dave(acme, carol):
    """A second person in Acme, in Amsterdam, managed by Carol, with messages in Dutch."""
    return make_person(
        acme,
        "Dave de Vries",
        email="dave@acme.test",
        team=make_team(acme, "Sales"),
        location=make_location(acme, "Amsterdam", country="NL", timezone="Europe/Amsterdam"),
        timezone="Europe/Amsterdam",
        languages=["nl", "en"],
        preferred_language="nl",
        manager=carol,
        interests=["Sailing"],
    )


def assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    """The response has `status` and the one error format with `code`; returns the error."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == {"code", "message", "details"}
    assert error["code"] == code
    assert isinstance(error["message"], str)
    assert error["message"]
    for detail in error["details"]:
        assert {"field", "message", "code"} <= set(detail)
    return error  # type: ignore[no-any-return]
