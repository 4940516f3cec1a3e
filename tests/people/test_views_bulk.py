"""Bulk actions on the people list."""

import datetime
import re

import pytest
from django.urls import reverse

from hallway.people.models import Person, PersonStatus, Tag

NOON_UTC = datetime.datetime(2026, 1, 14, 12, 0, tzinfo=datetime.UTC)  # a Wednesday
TODAY = NOON_UTC.date()
LIST = reverse("people:list")


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(NOON_UTC, tick=False)


def fresh(person: Person) -> Person:
    return Person.objects.get(pk=person.pk)


def row_names(response) -> list[str]:
    return re.findall(
        r'<th scope="row"><a href="/people/\d+/">([^<]+)</a>', response.content.decode()
    )


def bulk(client, action: str, ids: list[int], **fields):
    return client.post(
        reverse("people:bulk"), {"action": action, "person_ids": ids, **fields}, follow=True
    )


def test_bulk_tag_ignores_another_organisations_people(olivia_client, carol, globex_person):
    response = bulk(olivia_client, "tag", [carol.pk, globex_person.pk], tag_name="chess")
    assert "Added the interest “chess” to 1 person." in response.content.decode()
    assert list(carol.interests.values_list("name", flat=True)) == ["chess"]
    assert not globex_person.interests.exists()


def test_bulk_pause_needs_a_future_date(olivia_client, carol, frozen):
    response = bulk(olivia_client, "pause", [carol.pk], paused_until=str(TODAY))
    assert "The date a pause ends must be in the future." in response.content.decode()
    assert fresh(carol).status == PersonStatus.ACTIVE
    response = bulk(olivia_client, "pause", [carol.pk], paused_until="2026-03-01")
    assert "Paused 1 person until" in response.content.decode()
    assert (fresh(carol).status, fresh(carol).paused_until) == (
        PersonStatus.PAUSED,
        datetime.date(2026, 3, 1),
    )


def test_bulk_mark_left_defaults_to_today_and_reactivate_undoes_it(
    olivia_client, carol, make_person, frozen
):
    dave = make_person("Dave")
    response = bulk(olivia_client, "leave", [carol.pk, dave.pk], left_on="")
    assert "Marked 2 people as left on" in response.content.decode()
    assert (fresh(carol).status, fresh(carol).left_on) == (PersonStatus.LEFT, TODAY)
    response = bulk(olivia_client, "reactivate", [carol.pk])
    assert "Set 1 person active again." in response.content.decode()
    assert (fresh(carol).status, fresh(carol).left_on) == (PersonStatus.ACTIVE, None)
    assert fresh(dave).status == PersonStatus.LEFT


def test_select_all_on_the_page_works_without_javascript(olivia_client, carol, make_person):
    dave = make_person("Dave")
    response = olivia_client.post(
        reverse("people:bulk"),
        {
            "action": "tag",
            "tag_name": "all hands",
            "select_page": "1",
            "page_ids": [carol.pk, dave.pk],
        },
        follow=True,
    )
    assert "to 2 people" in response.content.decode()
    assert dave.interests.filter(name="all hands").exists()


def test_bulk_without_a_selection_or_a_tag_explains_itself(olivia_client, carol):
    page = bulk(olivia_client, "tag", [], tag_name="chess").content.decode()
    assert "Select at least one person first." in page
    page = bulk(olivia_client, "tag", [carol.pk], tag_name=" ").content.decode()
    assert "Enter the interest to add." in page
    assert not Tag.objects.exists()


def test_bulk_returns_to_the_filtered_list_but_never_off_site(olivia_client, carol, platform_team):
    back = f"{LIST}?team={platform_team.pk}&page=1"
    response = olivia_client.post(
        reverse("people:bulk"), {"action": "reactivate", "person_ids": [carol.pk], "next": back}
    )
    assert response["Location"] == back
    response = olivia_client.post(
        reverse("people:bulk"),
        {"action": "reactivate", "person_ids": [carol.pk], "next": "https://evil.test/"},
    )
    assert response["Location"] == LIST


def test_bulk_is_post_only_and_for_organisers(olivia_client, client, bob, carol):
    assert olivia_client.get(reverse("people:bulk")).status_code == 405
    client.force_login(bob)
    response = client.post(reverse("people:bulk"), {"action": "leave", "person_ids": [carol.pk]})
    assert response.status_code == 404
    assert fresh(carol).status == PersonStatus.ACTIVE


def test_another_organisation_cannot_bulk_change_acmes_people(mallory_client, carol):
    response = bulk(mallory_client, "leave", [carol.pk], left_on="2026-01-01")
    assert "Marked 0 people as left" in response.content.decode()
    assert fresh(carol).status == PersonStatus.ACTIVE


def test_bulk_shows_every_problem_at_once(olivia_client, carol, frozen):
    page = bulk(olivia_client, "pause", [], paused_until=str(TODAY)).content.decode()
    assert "Select at least one person first." in page
    assert "The date a pause ends must be in the future." in page
    page = bulk(olivia_client, "tag", [], tag_name=" ").content.decode()
    assert "Select at least one person first." in page
    assert "Enter the interest to add." in page
    assert fresh(carol).status == PersonStatus.ACTIVE
