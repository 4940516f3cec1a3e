"""/api/v1/gathering-series: recurring gatherings (happy hours) read by members, created,
paused and resumed by organisers; another organisation's series is a 404."""

import datetime

import pytest
import time_machine

from hallway.gatherings.models import GatheringSeries, SeriesCadence
from hallway.gatherings.services.series import series_create
from tests.api.conftest import assert_error
from tests.factories import make_location, make_team, make_user

NOW = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=datetime.UTC)  # a Monday
URL = "/api/v1/gathering-series"


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def make_series(organisation, host, **fields):
    values = {
        "title": "Friday drinks",
        "cadence": SeriesCadence.WEEKLY_FRIDAY,
        "first_on": datetime.date(2026, 12, 1),
        "department": "Engineering",
    }
    return series_create(organisation=organisation, hosts=[host], by=host, **{**values, **fields})


def body(**fields):
    return {
        "title": "Friday drinks",
        "cadence": "FREQ=WEEKLY;BYDAY=FR",
        "first_on": "2026-12-07",
        "hour": 17,
        "minutes": 60,
        **fields,
    }


def test_an_organiser_creates_a_series_for_a_team(olga_api, acme, olga, alice, platform_team):
    response = olga_api.post(
        URL, body(team_id=platform_team.pk, host_emails=["ALICE@acme.test"], capacity=30)
    )
    assert response.status_code == 201, response.content
    data = response.json()
    series = GatheringSeries.objects.get(pk=data["id"])
    assert series.organisation == acme
    assert series.team == platform_team
    assert series.created_by == olga
    assert list(series.hosts.all()) == [alice]
    assert data["team_id"] == platform_team.pk
    assert data["location_id"] is None
    assert data["department"] == ""
    assert data["hosts"] == ["alice@acme.test"]
    assert data["capacity"] == 30
    assert data["kind"] == "happy_hour"
    assert data["active"] is True
    assert data["first_on"] == "2026-12-07"
    assert data["next_on"] == "2026-12-11"  # the Friday after Monday 7 December


def test_a_department_or_a_location_and_the_token_user_hosts(alice_api, alice, berlin):
    data = alice_api.post(URL, body(department="Sales")).json()
    assert data["department"] == "Sales"
    assert data["hosts"] == ["alice@acme.test"]
    data = alice_api.post(URL, body(location_id=berlin.pk, language="de")).json()
    assert data["location_id"] == berlin.pk
    assert data["language"] == "de"


def test_exactly_one_audience(alice_api, platform_team):
    for audience in ({}, {"team_id": platform_team.pk, "department": "Sales"}):
        response = alice_api.post(URL, body(**audience))
        error = assert_error(response, 422, "validation_error")
        assert [d["field"] for d in error["details"]] == ["team_id"]
    assert not GatheringSeries.objects.exists()


def test_another_organisations_team_or_location_is_unknown(alice_api, globex):
    response = alice_api.post(URL, body(team_id=make_team(globex, "Theirs").pk))
    error = assert_error(response, 422, "validation_error")
    assert [d["field"] for d in error["details"]] == ["team_id"]
    response = alice_api.post(URL, body(location_id=make_location(globex, "NYC").pk))
    error = assert_error(response, 422, "validation_error")
    assert [d["field"] for d in error["details"]] == ["location_id"]
    assert not GatheringSeries.objects.exists()


def test_the_schema_and_the_service_refuse_with_field_names(alice_api, mallory):
    response = alice_api.post(URL, body(department="Sales", cadence="FREQ=DAILY"))
    error = assert_error(response, 422, "validation_error")
    assert "cadence" in [d["field"] for d in error["details"]]
    response = alice_api.post(URL, body(department="Sales", hour=24))
    assert "hour" in [
        d["field"] for d in assert_error(response, 422, "validation_error")["details"]
    ]
    response = alice_api.post(URL, body(department="Sales", title="   "))
    assert [d["field"] for d in assert_error(response, 422, "validation_error")["details"]] == [
        "title"
    ]
    response = alice_api.post(URL, body(department="Sales", host_emails=[mallory.email]))
    assert [d["field"] for d in assert_error(response, 422, "validation_error")["details"]] == [
        "host_emails"
    ]
    assert not GatheringSeries.objects.exists()


def test_members_read_but_cannot_create_or_pause(bob_api, acme, alice):
    series = make_series(acme, alice)
    assert_error(bob_api.post(URL, body(department="Sales")), 403, "forbidden")
    page = bob_api.get(URL).json()
    assert page["count"] == 1
    assert page["next"] is None
    assert page["previous"] is None
    assert page["results"][0]["id"] == series.pk
    assert page["results"][0]["next_on"] == "2026-12-11"
    assert bob_api.get(f"{URL}/{series.pk}").json()["title"] == "Friday drinks"
    assert_error(bob_api.patch(f"{URL}/{series.pk}", {"active": False}), 403, "forbidden")
    series.refresh_from_db()
    assert series.active


def test_an_organiser_pauses_and_resumes(olga_api, acme, alice):
    series = make_series(acme, alice)
    data = olga_api.patch(f"{URL}/{series.pk}", {"active": False}).json()
    assert data["active"] is False
    assert data["next_on"] is None
    series.refresh_from_db()
    assert not series.active
    data = olga_api.patch(f"{URL}/{series.pk}", {"active": True}).json()
    assert data["active"] is True
    assert data["next_on"] == "2026-12-11"
    response = olga_api.patch(f"{URL}/{series.pk}", {"active": None})
    assert [d["field"] for d in assert_error(response, 422, "validation_error")["details"]] == [
        "active"
    ]


def test_another_organisations_series_is_a_404(mallory_api, acme, alice):
    series = make_series(acme, alice)
    assert mallory_api.get(URL).json()["count"] == 0
    assert_error(mallory_api.get(f"{URL}/{series.pk}"), 404, "not_found")
    assert_error(mallory_api.patch(f"{URL}/{series.pk}", {"active": False}), 404, "not_found")
    series.refresh_from_db()
    assert series.active


def test_the_list_reads_a_page_in_a_fixed_number_of_queries(
    bob_api, acme, alice, django_assert_max_num_queries
):
    for n in range(6):
        make_series(acme, make_user(f"host{n}@acme.test", acme), title=f"Drinks {n}")
    with django_assert_max_num_queries(8):
        assert bob_api.get(URL).json()["count"] == 6
