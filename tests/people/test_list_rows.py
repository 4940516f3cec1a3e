"""The people list's rows, written in Python, are the markup the template wrote."""

import datetime
import re

import pytest
from django.template import Context, Template
from django.utils import translation

from hallway.people.list_rows import people_rows
from hallway.people.models import Person, PersonStatus
from tests.factories import make_person

# The row as people/_results.html wrote it before the rows moved to Python.
TEMPLATE_ROW = """{% load i18n people_extras %}{% for person in people %}
      <tr>
        {% if can_edit %}<td class="select-cell"><input type="checkbox" name="person_ids" value="{{ person.pk }}" id="bulk_person_{{ person.pk }}"><label for="bulk_person_{{ person.pk }}" class="visually-hidden">{% blocktranslate with name=person.name %}Select {{ name }}{% endblocktranslate %}</label></td>{% endif %}
        <th scope="row"><a href="{% url 'people:detail' person.pk %}">{{ person.name }}</a>{% if person.job_title %}<span class="subline">{{ person.job_title }}</span>{% endif %}</th>
        <td>{{ person.team.name|default:"—" }}</td>
        <td class="optional">{{ person.location.name|default:"—" }}</td>
        <td>{% local_time person.timezone as there %}{% blocktranslate with time=there %}{{ time }} there{% endblocktranslate %}<span class="subline">{{ person.timezone }}</span></td>
        <td>{% include "people/_status.html" %}</td>
        <td class="optional">{{ person.languages|join:", "|default:"—" }}</td>
      </tr>
      {% endfor %}"""


def squeezed(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


@pytest.fixture
def people(acme, carol):
    make_person(
        acme,
        'Dan "D" <O\'Neil> & Co',
        job_title="Head of <Things> & Stuff",
        team="R&D <core>",
        location="São Paulo",
        timezone="America/Sao_Paulo",
        status=PersonStatus.PAUSED,
        paused_until=datetime.date(2031, 3, 4),
        languages=["pt", "<en>"],
    )
    make_person(
        acme,
        "Eve Left",
        timezone="Asia/Kolkata",
        status=PersonStatus.LEFT,
        left_on=datetime.date(2024, 5, 6),
        languages=[],
    )
    make_person(acme, "Fay Paused", status=PersonStatus.PAUSED, languages=["en"])
    return list(Person.objects.filter(organisation=acme).order_by("name"))


@pytest.mark.parametrize("can_edit", [True, False])
@pytest.mark.parametrize("language", ["en", "de"])
def test_rows_are_what_the_template_wrote(people, can_edit, language):
    with translation.override(language):
        expected = Template(TEMPLATE_ROW).render(Context({"people": people, "can_edit": can_edit}))
        ours = people_rows(people, can_edit=can_edit, local_times={})
    assert squeezed(ours) == squeezed(expected)
    assert "&lt;Things&gt; &amp; Stuff" in ours
    assert ("bulk_person_" in ours) is can_edit
