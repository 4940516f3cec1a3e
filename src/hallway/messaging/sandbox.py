"""The template language of organisation overrides: variables, `if`, `for` and a few filters.

Admins type the subject and body of their own messages (`TemplateOverride`). They are
trusted with their organisation's words, not with the server: Django's full template
language would let them dump the context (`{% debug %}`), read other templates
(`{% include %}`, `{% extends %}`), load any tag library (`{% load %}`), or turn escaping
off (`{% autoescape off %}`, `|safe`). So overrides are compiled by their own
`django.template.Engine`, not the project's, whose only builtins are this module's
`register`: Django's own `if` and `for` tags, the filters in `ALLOWED_FILTERS` and Hallway's
date filters (`DATE_FILTERS`). It has no template loaders and no libraries to load.

Values still resolve with Django's lookups, against the message's JSON context (strings,
numbers, lists, dicts), the datetimes `rendering.prepare_context` makes of it and a few
strings rendering adds (links, the language). None of them is a model or anything else
whose attributes reach further; names starting with an underscore are refused by Django's
parser; and `render` works on a deep copy, so a lookup such as `{{ calendar.clear }}`
(Django calls methods that take no arguments) cannot change the message itself.

`template_problem` explains, in the admin's language, why a text is refused; the checks
it names are the engine's own, so a text it accepts compiles and one the engine refuses
is never rendered.
"""

import copy
import functools
import logging
from typing import Any, ClassVar

from django.template import (
    Context,
    Engine,
    Library,
    Template,
    TemplateSyntaxError,
    defaultfilters,
    defaulttags,
)
from django.template.base import Lexer, TokenType, filter_re
from django.utils.translation import gettext as _

from hallway.core.templatetags import hallway_dates

logger = logging.getLogger("hallway.messaging")

# Tags that open, continue or close Django's `if` and `for`; nothing else.
ALLOWED_TAGS = ("if", "elif", "else", "endif", "for", "empty", "endfor")
# Filters that only format a value. Not `safe`/`safeseq` (a name typed by anyone could
# then carry HTML into the mail), not `escape`-toggles, nothing that reads files or settings.
ALLOWED_FILTERS = (
    "capfirst",
    "date",
    "default",
    "default_if_none",
    "first",
    "join",
    "last",
    "length",
    "linebreaksbr",
    "lower",
    "pluralize",
    "time",
    "title",
    "truncatechars",
    "truncatewords",
    "upper",
    "urlencode",
    "yesno",
)

# Hallway's own date filters: the forms its own templates write (see `core.dates`).
DATE_FILTERS = ("long_date", "medium_date", "short_date", "date_time", "short_date_time")

register = Library()
register.tag("if", defaulttags.do_if)
register.tag("for", defaulttags.do_for)
for _name in ALLOWED_FILTERS:
    # Django's own functions, with their flags (escaping, local time for `date`/`time`).
    register.filters[_name] = defaultfilters.register.filters[_name]
for _name in DATE_FILTERS:
    register.filters[_name] = hallway_dates.register.filters[_name]


class SandboxEngine(Engine):
    # Engine always adds Django's default tags and filters to the builtins it is given.
    default_builtins: ClassVar[list[str]] = []


@functools.cache
def engine() -> Engine:
    """The overrides' engine: this module's tags and filters, no loaders, no libraries."""
    return SandboxEngine(
        loaders=[],
        libraries={},
        builtins=["hallway.messaging.sandbox"],
        autoescape=True,
        debug=False,
    )


def allowed_tags_text() -> str:
    return (
        "{% if %} … {% elif %} … {% else %} … {% endif %}, {% for %} … {% empty %} … {% endfor %}"
    )


def allowed_filters_text() -> str:
    return ", ".join(f"|{name}" for name in sorted((*ALLOWED_FILTERS, *DATE_FILTERS)))


def _filters_in(expression: str) -> list[str]:
    return [
        match["filter_name"] for match in filter_re.finditer(expression) if match["filter_name"]
    ]


def template_problem(source: str) -> str:
    """Why `source` cannot be an override (one sentence, in the active language), or ""."""
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            bits = token.split_contents()
            tag = bits[0] if bits else ""
            if tag and tag not in ALLOWED_TAGS:
                return _(
                    "The tag “{%% %(tag)s %%}” (line %(line)d) cannot be used in a message "
                    "template. Allowed are %(allowed)s, variables such as {{ recipient_name }} "
                    "and the filters %(filters)s."
                ) % {
                    "tag": tag,
                    "line": token.lineno,
                    "allowed": allowed_tags_text(),
                    "filters": allowed_filters_text(),
                }
            expressions = bits[1:]
        elif token.token_type == TokenType.VAR:
            expressions = [token.contents]
        else:
            continue
        for expression in expressions:
            for name in _filters_in(expression):
                if name not in register.filters:
                    return _(
                        "The filter “|%(filter)s” (line %(line)d) cannot be used in a message "
                        "template. Allowed filters: %(filters)s."
                    ) % {"filter": name, "line": token.lineno, "filters": allowed_filters_text()}
    try:
        engine().from_string(source)
    except TemplateSyntaxError as exc:
        return _("This text cannot be used as a template: %(problem)s") % {"problem": exc}
    return ""


@functools.lru_cache(maxsize=512)
def _compiled(source: str) -> Template | None:
    try:
        return engine().from_string(source)
    except TemplateSyntaxError as exc:
        # Saved before these rules (or written to the database by hand): never run it.
        logger.warning("a template override is refused and Hallway's own text is used: %s", exc)
        return None


def render(source: str, values: dict[str, Any], *, autoescape: bool) -> str | None:
    """`source` rendered with `values`, or None when the sandbox refuses it."""
    template = _compiled(source)
    if template is None:
        return None
    return template.render(Context(copy.deepcopy(values), autoescape=autoescape))
