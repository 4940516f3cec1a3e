"""The OpenAPI schema and the reference page built from it render, with the bearer scheme."""

import re

from hallway.api.router import operations


def test_openapi_schema(client, db):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Hallway API"
    assert schema["components"]["securitySchemes"]["TokenAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schema["components"]["securitySchemes"]["TokenAuth"]["description"],
    }
    paths = schema["paths"]
    assert {"/api/v1/people", "/api/v1/people/{person_id}", "/api/v1/me"} <= set(paths)
    people = paths["/api/v1/people"]
    assert set(people) == {"get", "post"}
    assert people["get"]["security"] == [{"TokenAuth": []}]
    filters = {p["name"] for p in people["get"]["parameters"]}
    assert {"q", "email", "team", "location", "tag", "status", "preferred_language"} <= filters
    assert {"limit", "offset"} <= filters
    assert "422" in people["post"]["responses"]
    assert "ErrorOut" in schema["components"]["schemas"]


# Routes whose credential is a signature over the body, not a token (see their docs).
SIGNED_ROUTES = {("post", "/api/v1/gong/webhook/{token}")}


def test_every_documented_route_is_authenticated(client, db):
    schema = client.get("/api/openapi.json").json()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            if (method, path) in SIGNED_ROUTES:
                assert "security" not in operation, (method, path)
                continue
            assert operation.get("security") == [{"TokenAuth": []}], (method, path)


def test_every_route_is_documented_except_the_catch_all(client, db):
    paths = client.get("/api/openapi.json").json()["paths"]
    undocumented = set()
    for method, path, operation in operations():
        documented_path = re.sub(r"\{\w+:(\w+)\}", r"{\1}", path)  # {int:id} -> {id}
        if method.lower() in paths.get(documented_path, {}):
            continue
        assert not operation.include_in_schema, (method, path)
        undocumented.add(path)
    assert undocumented == {"/api/{path:rest}"}


def test_docs_page_is_rendered_from_the_schema_without_scripts_from_elsewhere(client, db):
    schema = client.get("/api/openapi.json").json()
    response = client.get("/api/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'href="/api/openapi.json"' in page
    assert "cdn." not in page
    assert "swagger" not in page.lower()
    # Every operation and every schema has its section, and references link to them.
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            assert f'id="{operation["operationId"]}"' in page, (method, path)
    for name in schema["components"]["schemas"]:
        assert f'id="schema-{name}"' in page, name
    assert '<a href="#schema-PersonPage"><code>PersonPage</code></a>' in page
    assert "<code>Authorization: Bearer &lt;token&gt;</code>" in page  # the description's Markdown
    assert "default: 50 · at least 1 · at most 200" in page  # the limit parameter's facts


def test_docs_page_speaks_the_visitors_language(client, db):
    page = client.get("/api/docs", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "API-Referenz" in page
    assert "Antworten" in page
    assert "Pflicht" in page
    assert "oder <code>null</code>" in page


def test_schema_names_are_unique_across_the_api():
    """The OpenAPI components are keyed by class name: two schemas of one name would make one
    module's responses be documented (and checked) with the other's fields."""
    import importlib
    import pkgutil

    from ninja import Schema

    import hallway.api

    owners: dict[str, set[str]] = {}
    for module_info in pkgutil.iter_modules(hallway.api.__path__):
        module = importlib.import_module(f"hallway.api.{module_info.name}")
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, Schema)
                and value is not Schema
                and not value.__name__.startswith("_")  # module helpers, never in the schema
            ):
                owners.setdefault(value.__name__, set()).add(value.__module__)
    assert {name: where for name, where in owners.items() if len(where) > 1} == {}
