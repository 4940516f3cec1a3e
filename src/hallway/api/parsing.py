"""Reading request bodies and query strings: JSON as usual, but no NUL characters.

PostgreSQL cannot store U+0000 in text (SQLite can, and nothing good comes of it), so a NUL
anywhere in the input is a 422 naming the field, before any service sees it; Django's forms
refuse it the same way on the web pages.
"""

import json
from collections.abc import Iterator
from typing import Any, cast

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja.parser import Parser
from ninja.types import DictStrAny

from hallway.api.errors import ApiError, default_message


def _nul_paths(value: Any, path: str = "") -> Iterator[str]:
    if isinstance(value, str):
        if "\x00" in value:
            yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            if "\x00" in str(key):
                yield f"{path}.{key!r}".lstrip(".")
            yield from _nul_paths(item, f"{path}.{key}".lstrip("."))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _nul_paths(item, f"{path}.{index}".lstrip("."))


def _refuse_nul(data: Any) -> None:
    paths = list(_nul_paths(data))
    if paths:
        message = _("Text cannot contain the NUL character (U+0000).")
        raise ApiError(
            422,
            "validation_error",
            default_message(422),
            [
                {"field": path or None, "message": message, "code": "null_character"}
                for path in paths
            ],
        )


class HallwayParser(Parser):
    def parse_body(self, request: HttpRequest) -> DictStrAny:
        data = cast(DictStrAny, json.loads(request.body))
        _refuse_nul(data)
        return data

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> DictStrAny:
        result = super().parse_querydict(data, list_fields, request)
        _refuse_nul(result)
        return result
