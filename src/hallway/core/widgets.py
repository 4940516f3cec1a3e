"""Form widgets that render fast where Django's templates are too slow."""

from html import escape
from typing import Any

from django import forms
from django.forms.renderers import BaseRenderer
from django.utils.choices import normalize_choices
from django.utils.safestring import SafeString, mark_safe


class LongSelect(forms.Select):
    """A `<select>` that writes its options in Python instead of one template per option.

    The same markup as Django's Select (flat choices only), for lists that grow with the
    organisation: a thousand teams took Django's widget templates about 50 ms per render.
    A list of choices is kept as given: Django normalises each choice on assignment, which
    for a thousand teams costs more than writing them out."""

    @property
    def choices(self) -> Any:
        return self._choices

    @choices.setter
    def choices(self, value: Any) -> None:
        self._choices = value if isinstance(value, list) else normalize_choices(value)

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: BaseRenderer | None = None,
    ) -> SafeString:
        chosen = set(self.format_value(value))
        options = []
        selected_one = False
        for option_value, label in self.choices:
            if isinstance(label, list | tuple):
                raise TypeError("LongSelect does not group options")
            text = "" if option_value is None else str(option_value)
            selected = text in chosen and (self.allow_multiple_selected or not selected_one)
            selected_one = selected_one or selected
            options.append(
                f'\n  <option value="{escape(text)}"{" selected" if selected else ""}>'
                f"{escape(str(label))}</option>"
            )
        final_attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        # As Django's attrs.html writes them: in order, True bare, False and None left out.
        written = "".join(
            f" {escape(key)}" if value is True else f' {escape(key)}="{escape(str(value))}"'
            for key, value in final_attrs.items()
            if value is not False and value is not None
        )
        html = f'<select name="{escape(name)}"{written}>{"".join(options)}\n</select>'
        return mark_safe(html)  # noqa: S308 (every part escaped above)


class LongSelectMultiple(LongSelect):
    """A `<select multiple>` written like LongSelect: the markup of Django's SelectMultiple."""

    allow_multiple_selected = True

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        return forms.SelectMultiple().value_from_datadict(data, files, name)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False  # an unselected <select multiple> is not in the POST data at all
