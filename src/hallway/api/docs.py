"""/api/docs: the API reference, rendered on the server from the OpenAPI schema.

Why not the Swagger UI or Redoc that django-ninja bundles: both fail axe-core's serious
checks (Swagger UI: method badges of low contrast, buttons inside buttons; Redoc: code of
low contrast, a select without a label, no page language), and fixing them would mean
restyling and patching markup a third party generates. This page is plain HTML in the
product's own layout and styles: it works without JavaScript and without a CDN, speaks the
visitor's language around the schema's English texts, and reads the very schema that
/api/openapi.json serves, so it cannot drift from it. Trying requests is left to curl and
the examples in docs/api.md.
"""

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from ninja.openapi.docs import DocsBase

if TYPE_CHECKING:
    from ninja import NinjaAPI

Schema = dict[str, Any]
REF_PREFIX = "#/components/schemas/"
METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Field:
    """A parameter, a form field of a request body or a property of a schema."""

    name: str
    type: SafeString
    required: bool
    description: str
    facts: list[str]
    location: str = ""


@dataclass(frozen=True)
class Body:
    content_type: str
    type: SafeString
    fields: list[Field]


@dataclass(frozen=True)
class Response:
    status: str
    description: str
    type: SafeString


@dataclass(frozen=True)
class Operation:
    anchor: str
    method: str
    path: str
    summary: str
    description: SafeString
    parameters: list[Field]
    body: Body | None
    responses: list[Response]

    # Names of the tables' boxes, which become regions when they scroll on a small screen.
    @property
    def parameters_label(self) -> str:
        return _("Parameters of %(operation)s") % {"operation": f"{self.method} {self.path}"}

    @property
    def body_label(self) -> str:
        return _("Request body of %(operation)s") % {"operation": f"{self.method} {self.path}"}

    @property
    def responses_label(self) -> str:
        return _("Responses of %(operation)s") % {"operation": f"{self.method} {self.path}"}


@dataclass(frozen=True)
class Group:
    anchor: str
    name: str
    operations: list[Operation]


@dataclass(frozen=True)
class Model:
    anchor: str
    name: str
    description: SafeString
    type: SafeString
    fields: list[Field]

    @property
    def fields_label(self) -> str:
        return _("Fields of %(schema)s") % {"schema": self.name}


class ReferenceDocs(DocsBase):
    template = "api/docs.html"

    def render_page(self, request: HttpRequest, api: "NinjaAPI", **kwargs: Any) -> HttpResponse:
        schema = api.get_openapi_schema(path_params=kwargs)
        context = {
            "info": schema["info"],
            "description": prose(schema["info"].get("description", "")),
            "security": [
                prose(scheme.get("description", ""))
                for scheme in schema.get("components", {}).get("securitySchemes", {}).values()
            ],
            "groups": groups(schema),
            "models": models(schema),
            "openapi_url": self.get_openapi_url(api, kwargs),
        }
        return render(request, self.template, context)


def prose(text: str) -> SafeString:
    """The little Markdown our docstrings use: paragraphs, `code` and **bold**."""
    paragraphs = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        html = str(escape(" ".join(paragraph.split())))
        html = re.sub(r"`([^`]+)`", r"<code>\1</code>", html)
        html = re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", html)
        paragraphs.append(f"<p>{html}</p>")
    return mark_safe("\n".join(paragraphs) if text.strip() else "")  # noqa: S308 (escaped above)


def groups(schema: Schema) -> list[Group]:
    """The operations by tag, in the schema's order."""
    by_tag: dict[str, list[Operation]] = {}
    for path, methods in schema.get("paths", {}).items():
        for method in METHODS:
            if method in methods:
                spec = methods[method]
                tag = (spec.get("tags") or ["api"])[0]
                by_tag.setdefault(tag, []).append(operation(path, method, spec))
    return [
        Group(f"tag-{slug(tag)}", tag.capitalize(), operations)
        for tag, operations in by_tag.items()
    ]


def operation(path: str, method: str, spec: Schema) -> Operation:
    return Operation(
        anchor=slug(spec.get("operationId") or f"{method}-{path}"),
        method=method.upper(),
        path=path,
        summary=spec.get("summary", ""),
        description=prose(spec.get("description", "")),
        parameters=[
            field(
                parameter["name"],
                parameter.get("schema", {}),
                required=parameter.get("required", False),
                description=parameter.get("description", ""),
                location=location_label(parameter.get("in", "")),
            )
            for parameter in spec.get("parameters", [])
        ],
        body=body(spec["requestBody"]) if "requestBody" in spec else None,
        responses=[
            Response(status, answer.get("description", ""), content_type(answer))
            for status, answer in sorted(spec.get("responses", {}).items())
        ],
    )


def body(spec: Schema) -> Body:
    empty: Schema = {}
    media, content = next(iter(spec.get("content", {}).items()), ("", empty))
    schema: Schema = content.get("schema", {})
    return Body(
        content_type=media,
        type=type_html(schema) if "$ref" in schema else SafeString(""),
        fields=[] if "$ref" in schema else properties(schema),
    )


def content_type(answer: Schema) -> SafeString:
    content = answer.get("content", {})
    if not content:
        return SafeString("")
    return type_html(next(iter(content.values())).get("schema", {}))


def models(schema: Schema) -> list[Model]:
    return [
        Model(
            anchor=f"schema-{slug(name)}",
            name=name,
            description=prose(spec.get("description", "")),
            type=SafeString("") if "properties" in spec else type_html(spec),
            fields=properties(spec),
        )
        for name, spec in schema.get("components", {}).get("schemas", {}).items()
    ]


def properties(spec: Schema) -> list[Field]:
    required = set(spec.get("required", []))
    return [
        field(
            name,
            prop,
            required=name in required,
            description=prop.get("description", ""),
        )
        for name, prop in spec.get("properties", {}).items()
    ]


def field(
    name: str, schema: Schema, *, required: bool, description: str, location: str = ""
) -> Field:
    return Field(name, type_html(schema), required, description, facts(schema), location)


def facts(schema: Schema) -> list[str]:
    """Default, limits and examples, as short sentences."""
    found = []
    if "default" in schema:
        found.append(_("default: %(value)s") % {"value": shown(schema["default"])})
    if "minimum" in schema:
        found.append(_("at least %(value)s") % {"value": shown(schema["minimum"])})
    if "maximum" in schema:
        found.append(_("at most %(value)s") % {"value": shown(schema["maximum"])})
    if "minLength" in schema:
        found.append(_("at least %(count)s characters") % {"count": schema["minLength"]})
    if "maxLength" in schema:
        found.append(_("at most %(count)s characters") % {"count": schema["maxLength"]})
    for example in schema.get("examples", []):
        found.append(_("example: %(value)s") % {"value": shown(example)})
    return found


def type_html(schema: Schema) -> SafeString:
    """A schema's type in a few words, a link to each named schema it uses."""
    if "$ref" in schema:
        name = schema["$ref"].removeprefix(REF_PREFIX)
        return format_html('<a href="#schema-{}"><code>{}</code></a>', slug(name), name)
    options = schema.get("anyOf") or schema.get("oneOf") or schema.get("allOf")
    if options:
        return joined(or_(), [type_html(option) for option in options])
    if "const" in schema:
        return format_html("<code>{}</code>", shown(schema["const"]))
    if "enum" in schema:
        values = [format_html("<code>{}</code>", shown(value)) for value in schema["enum"]]
        return format_html("{} {}", _("one of"), joined(", ", values))
    kind = schema.get("type")
    if isinstance(kind, list):
        return joined(or_(), [type_html({**schema, "type": one}) for one in kind])
    if kind == "array":
        return format_html("{} {}", _("list of"), type_html(schema.get("items", {})))
    if kind == "object" and isinstance(schema.get("additionalProperties"), dict):
        return format_html("{} {}", _("map of"), type_html(schema["additionalProperties"]))
    label = kind or _("any value")
    if "format" in schema:
        label = f"{label} ({schema['format']})"
    return format_html("<code>{}</code>", label)


def or_() -> str:
    return " {} ".format(_("or"))


def joined(separator: str, parts: list[SafeString]) -> SafeString:
    return mark_safe(escape(separator).join(parts))  # noqa: S308 (parts are safe, separator escaped)


def shown(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def location_label(where: str) -> str:
    labels = {"path": _("path"), "query": _("query"), "header": _("header"), "cookie": _("cookie")}
    return labels.get(where, where)


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-")
