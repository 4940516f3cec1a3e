"""Variables in outreach texts: `{first_name}`, `{name}`, `{company}`, `{job}`,
`{owner_name}`, `{owner_first_name}`, `{organisation}`; unknown ones stay as written, so a
typo shows in the preview instead of vanishing.

A regular expression, not `str.format`: "{a.__class__}" in a user's template must not
reach attributes, and a stray brace must not break the message.
"""

import re

PLACEHOLDER = re.compile(r"\{([a-z_]{2,30})\}")
NAMES = ("first_name", "name", "company", "job", "owner_name", "owner_first_name", "organisation")


def first_name(name: str) -> str:
    parts = name.split()
    return parts[0] if parts else ""


def text_fill(template: str, values: dict[str, str]) -> str:
    """`template` with every known `{variable}` replaced by its value."""
    return PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), template)


def unknown_variables(template: str) -> list[str]:
    """The `{names}` in `template` that are not variables (for a form's error)."""
    return sorted({name for name in PLACEHOLDER.findall(template) if name not in NAMES})
