"""LongSelect writes the same <select> as Django's Select, without a template per option."""

import re

import pytest
from django import forms

from hallway.core.widgets import LongSelect, LongSelectMultiple

CHOICES = [("", "All teams"), (1, "Design & <Research>"), (2, 'Say "hi"'), (10, "Ops")]


def squeezed(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize("value", [None, "", 2, "2", "10", 99])
def test_renders_what_djangos_select_renders(value):
    attrs = {"id": "id_team", "aria-describedby": "id_team_helptext", "required": True}
    ours = LongSelect(choices=CHOICES).render("team", value, attrs=attrs)
    django = forms.Select(choices=CHOICES).render("team", value, attrs=attrs)
    assert squeezed(ours) == squeezed(django)


def test_marks_only_the_first_matching_option_selected():
    html = LongSelect(choices=[(1, "One"), ("1", "One again")]).render("n", "1")
    assert html.count(" selected") == 1


def test_refuses_grouped_options():
    widget = LongSelect(choices=[("Group", [(1, "One")])])
    with pytest.raises(TypeError):
        widget.render("n", None)


@pytest.mark.parametrize("value", [None, [], ["2"], [2, "10"], ["99"]])
def test_multiple_renders_what_djangos_select_multiple_renders(value):
    attrs = {"id": "id_people", "required": False}
    ours = LongSelectMultiple(choices=CHOICES).render("people", value, attrs=attrs)
    django = forms.SelectMultiple(choices=CHOICES).render("people", value, attrs=attrs)
    assert squeezed(ours) == squeezed(django)


def test_multiple_reads_every_chosen_value():
    from django.http import QueryDict

    data = QueryDict("people=1&people=10")
    assert LongSelectMultiple().value_from_datadict(data, {}, "people") == ["1", "10"]
    assert not LongSelectMultiple().value_omitted_from_data(data, {}, "people")
