import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hallway.people.models import Person, PersonStatus, Tag, Team

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


def person_post_data(person: Person | None = None, **changes) -> dict:
    """What the edit form posts for `person` unchanged (or a minimal new person)."""
    data = {
        "name": "Nina Novak",
        "email": "nina@acme.test",
        "timezone": "Europe/Berlin",
        "work_start": "09:00",
        "work_end": "17:00",
        "working_days": ["1", "2", "3", "4", "5"],
        "preferred_language": "en",
        "status": "active",
    }
    if person is not None:
        data.update(
            name=person.name,
            email=person.email,
            team=person.team.name if person.team else "",
            location=person.location.name if person.location else "",
            timezone=person.timezone,
            languages=", ".join(person.languages),
            preferred_language=person.preferred_language,
            status=person.status,
        )
    data.update(changes)
    return data


# The list


def test_member_sees_the_list_without_controls_they_cannot_use(bob_client, carol, frozen):
    response = bob_client.get(LIST)
    assert response.status_code == 200
    page = response.content.decode()
    assert row_names(response) == ["Carol Meyer"]
    assert "Platform" in page
    assert "Berlin" in page
    assert "de, en" in page
    assert '<span class="badge badge-active">Active</span>' in page
    assert "1 person found" in page
    assert 'aria-live="polite"' in page
    assert 'name="person_ids"' not in page
    assert reverse("people:create") not in page


def test_list_shows_the_local_time_in_each_persons_zone(bob_client, make_person, frozen):
    make_person("Kiran", timezone="Asia/Kolkata")
    make_person("Tama", timezone="Pacific/Auckland")
    page = bob_client.get(LIST).content.decode()
    # Bob's zone is Acme's (Europe/Berlin), where it is Wednesday 13:00.
    assert '<time datetime="2026-01-14T17:30+05:30">17:30</time> there' in page
    # In Auckland it is already Thursday.
    assert '<time datetime="2026-01-15T01:00+13:00">Thu 01:00</time> there' in page


def test_organiser_gets_bulk_selection_and_the_add_button(olivia_client, carol):
    page = olivia_client.get(LIST).content.decode()
    assert f'name="person_ids" value="{carol.pk}"' in page
    assert 'name="select_page"' in page
    assert reverse("people:create") in page
    assert reverse("people:bulk") in page


def test_htmx_request_gets_only_the_results_partial(bob_client, carol, make_person):
    make_person("Dave Ops")
    response = bob_client.get(LIST, {"q": "carol"}, headers={"HX-Request": "true"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert 'role="search"' not in page
    assert row_names(response) == ["Carol Meyer"]
    assert 'id="results-status" hx-swap-oob="innerHTML"' in page
    assert "1 person found" in page
    assert "HX-Request" in response["Vary"]
    full = bob_client.get(LIST, {"q": "carol"}).content.decode()
    assert "<html" in full
    assert 'id="results"' in full
    assert "hx-swap-oob" not in full
    assert 'hx-push-url="true"' in full


def test_restoring_history_with_htmx_gets_the_whole_page(bob_client, carol):
    response = bob_client.get(
        LIST, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "engineer"}, ["Ana Souza"]),
        ({"q": "bram@"}, ["Bram de Vries"]),
        ({"team": "sales"}, ["Bram de Vries"]),
        ({"location": "amsterdam"}, ["Bram de Vries", "Chen Wei"]),
        ({"tag": "climbing"}, ["Ana Souza", "Bram de Vries"]),
        ({"status": "paused"}, ["Bram de Vries"]),
        ({"status": "left"}, ["Chen Wei"]),
        ({"language": "nl"}, ["Bram de Vries"]),
        ({"new_hires": "1"}, ["Chen Wei"]),
        ({"team": "platform", "location": "amsterdam"}, ["Chen Wei"]),
        ({}, ["Ana Souza", "Bram de Vries", "Chen Wei"]),
    ],
)
def test_filters_and_search_return_the_right_people(
    bob_client,
    make_person,
    berlin,
    amsterdam,
    platform_team,
    sales_team,
    globex,
    frozen,
    params,
    expected,
):
    make_person(
        "Ana Souza",
        team=platform_team,
        location=berlin,
        job_title="Engineer",
        interests=("climbing",),
        start_date=datetime.date(2020, 1, 1),
    )
    make_person(
        "Bram de Vries",
        team=sales_team,
        location=amsterdam,
        preferred_language="nl",
        interests=("Climbing",),
        status=PersonStatus.PAUSED,
        paused_until=TODAY + datetime.timedelta(days=9),
    )
    make_person(
        "Chen Wei",
        team=platform_team,
        location=amsterdam,
        status=PersonStatus.LEFT,
        left_on=TODAY,
        start_date=TODAY + datetime.timedelta(days=20),
    )
    make_person("Ana Elsewhere", organisation=globex, interests=("climbing",))
    ids = {"platform": platform_team.pk, "sales": sales_team.pk, "amsterdam": amsterdam.pk}
    query = {key: ids.get(value, value) for key, value in params.items()}
    assert row_names(bob_client.get(LIST, query)) == expected


def test_another_organisations_team_in_the_filter_is_refused_not_used(
    bob_client, carol, globex_person, globex_team
):
    response = bob_client.get(LIST, {"team": globex_team.pk})
    page = response.content.decode()
    assert "Select a valid choice" in page
    assert row_names(response) == ["Carol Meyer"]
    assert "Hank" not in page


def test_fifty_per_page_with_filters_kept_in_page_links(bob_client, make_person):
    for number in range(120):
        make_person(f"Person {number:03}", email=f"p{number}@acme.test")
    make_person(
        "Paused Person",
        email="paused@acme.test",
        status=PersonStatus.PAUSED,
        paused_until=datetime.date(2099, 1, 1),
    )
    first = bob_client.get(LIST, {"q": "person", "status": "active"})
    assert len(row_names(first)) == 50
    assert row_names(first)[0] == "Person 000"
    assert "120 people found" in first.content.decode()
    next_link = re.search(r'href="(\?[^"]*page=2[^"]*)"', first.content.decode())
    assert next_link is not None
    link = next_link.group(1).replace("&amp;", "&")
    assert "q=person" in link
    assert "status=active" in link
    last = bob_client.get(LIST + link.replace("page=2", "page=3"))
    assert row_names(last) == [f"Person {number:03}" for number in range(100, 120)]
    assert bob_client.get(LIST, {"page": "999"}).status_code == 200  # the last page instead


def test_list_queries_do_not_grow_with_the_number_of_people(
    olivia_client, make_person, berlin, platform_team, django_assert_max_num_queries
):
    def add_people(count: int, start: int) -> None:
        for number in range(start, start + count):
            make_person(
                f"P{number}",
                email=f"p{number}@acme.test",
                team=platform_team,
                location=berlin,
                interests=("chess", f"tag{number}"),
            )

    add_people(3, 0)
    with CaptureQueriesContext(connection) as few:
        olivia_client.get(LIST)
    add_people(45, 100)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = olivia_client.get(LIST, {"tag": "chess"})
    assert len(row_names(response)) == 48


# Detail


def test_detail_shows_every_field_and_working_hours_in_both_zones(
    alice_client, alice, carol, make_person, frozen
):
    alice.timezone = "America/New_York"
    alice.save()
    boss = make_person("Bea Boss")
    report = make_person("Rex Report", manager=carol)
    carol.manager = boss
    carol.job_title = "Staff Engineer"
    carol.department = "Engineering"
    carol.slack_id = "U01AB2CD3EF"
    carol.chat_ids = {"mattermost": "carol.m"}
    carol.start_date = datetime.date(2021, 4, 1)
    carol.status = PersonStatus.PAUSED
    carol.paused_until = datetime.date(2026, 2, 1)
    carol.save()
    carol.interests.add(Tag.objects.create(organisation=carol.organisation, name="sourdough"))
    page = alice_client.get(reverse("people:detail", args=[carol.pk])).content.decode()
    for text in [
        "Carol Meyer",
        "carol@acme.test",
        "Staff Engineer",
        "Engineering",
        "Platform",
        "Berlin",
        "Europe/Berlin",
        "U01AB2CD3EF",
        "carol.m",
        "sourdough",
        "German",
        "de, en",
        "Paused until",
    ]:
        assert text in page, text
    assert f'href="{reverse("people:detail", args=[boss.pk])}">Bea Boss' in page
    assert f'href="{reverse("people:detail", args=[report.pk])}">Rex Report' in page
    assert "Your time (America/New_York)" in page
    assert "<td>09:00–17:00</td>" in page  # Carol's own zone
    assert "<td>03:00–11:00</td>" in page  # six hours earlier in New York in January


def test_detail_names_the_day_when_hours_cross_midnight_for_the_viewer(
    bob_client, make_person, frozen
):
    person = make_person("Tama", timezone="Pacific/Auckland", working_days=[1])
    page = bob_client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "Sunday 21:00 – Monday 05:00" in page


def test_member_can_view_but_sees_no_edit_or_delete(bob_client, carol):
    page = bob_client.get(reverse("people:detail", args=[carol.pk])).content.decode()
    assert reverse("people:edit", args=[carol.pk]) not in page
    assert reverse("people:delete", args=[carol.pk]) not in page


def test_organiser_sees_edit_but_not_delete(olivia_client, carol):
    page = olivia_client.get(reverse("people:detail", args=[carol.pk])).content.decode()
    assert reverse("people:edit", args=[carol.pk]) in page
    assert reverse("people:delete", args=[carol.pk]) not in page


# Who may do what


@pytest.mark.parametrize("name", ["people:detail", "people:edit", "people:delete"])
def test_another_organisation_gets_404_for_a_person(mallory_client, carol, name):
    assert mallory_client.get(reverse(name, args=[carol.pk])).status_code == 404
    assert mallory_client.post(reverse(name, args=[carol.pk])).status_code == 404
    assert fresh(carol).name == "Carol Meyer"


def test_another_organisation_does_not_see_the_person_in_its_list(mallory_client, carol):
    assert "Carol" not in mallory_client.get(LIST).content.decode()


@pytest.mark.parametrize(
    ("name", "with_pk"),
    [("people:create", False), ("people:edit", True), ("people:delete", True)],
)
def test_member_cannot_create_edit_or_delete(bob_client, carol, name, with_pk):
    url = reverse(name, args=[carol.pk] if with_pk else [])
    assert bob_client.get(url).status_code == 404
    assert bob_client.post(url, person_post_data(carol, name="Hacked")).status_code == 404
    assert fresh(carol).name == "Carol Meyer"
    assert Person.objects.count() == 1


def test_organiser_cannot_delete(olivia_client, carol):
    assert olivia_client.post(reverse("people:delete", args=[carol.pk])).status_code == 404
    assert Person.objects.filter(pk=carol.pk).exists()


def test_signed_out_visitor_is_sent_to_sign_in(client, carol):
    response = client.get(reverse("people:detail", args=[carol.pk]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


# Create and edit


def test_organiser_creates_a_person_with_a_new_team_and_interests(olivia_client, acme, carol):
    response = olivia_client.post(
        reverse("people:create"),
        person_post_data(
            team="Growth",
            department="Marketing",
            location="Berlin",
            job_title="Analyst",
            languages="PT, en",
            interests="Climbing, board games,",
            manager=str(carol.pk),
            start_date="2026-02-02",
            slack_id="U999",
            working_days=["1", "3"],
        ),
    )
    nina = Person.objects.get(email="nina@acme.test")
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[nina.pk])
    assert nina.team == Team.objects.get(organisation=acme, name="Growth")
    assert nina.location == carol.location
    assert nina.languages == ["pt", "en"]
    assert nina.working_days == [1, 3]
    assert nina.manager == carol
    assert nina.start_date == datetime.date(2026, 2, 2)
    assert sorted(nina.interests.values_list("name", flat=True)) == ["Climbing", "board games"]


def test_edit_form_starts_from_the_stored_values(olivia_client, carol):
    carol.interests.add(Tag.objects.create(organisation=carol.organisation, name="chess"))
    page = olivia_client.get(reverse("people:edit", args=[carol.pk])).content.decode()
    assert 'value="Carol Meyer"' in page
    assert 'value="Platform"' in page
    assert 'value="chess"' in page
    assert 'value="de, en"' in page
    assert '<datalist id="timezone-options">' in page
    assert 'value="Asia/Kolkata"' in page
    assert "<legend>Working days</legend>" in page


def test_invalid_time_zone_is_shown_at_the_field_and_nothing_changes(alice_client, carol):
    response = alice_client.post(
        reverse("people:edit", args=[carol.pk]),
        person_post_data(carol, timezone="Europe/Atlantis", name="Carol Changed", team="New team"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["timezone"] == [
        "“Europe/Atlantis” is not a known IANA time zone (for example Europe/Berlin)."
    ]
    assert "Nothing was saved" in response.content.decode()
    carol = fresh(carol)
    assert (carol.name, carol.timezone, carol.team.name) == (
        "Carol Meyer",
        "Europe/Berlin",
        "Platform",
    )
    assert not Team.objects.filter(name="New team").exists()


def test_working_hours_ending_before_they_start_are_rejected(alice_client, carol):
    response = alice_client.post(
        reverse("people:edit", args=[carol.pk]),
        person_post_data(carol, work_start="18:00", work_end="08:30"),
    )
    assert response.context["form"].errors["work_end"] == [
        "Working hours must end after they start (18:00–08:30)."
    ]
    assert (fresh(carol).work_start, fresh(carol).work_end) == (
        datetime.time(9, 0),
        datetime.time(17, 0),
    )


def test_manager_from_another_organisation_cannot_be_chosen(alice_client, carol, globex_person):
    response = alice_client.post(
        reverse("people:edit", args=[carol.pk]),
        person_post_data(carol, manager=str(globex_person.pk)),
    )
    assert "manager" in response.context["form"].errors
    assert fresh(carol).manager is None


def test_service_errors_land_on_their_fields(alice_client, carol, make_person):
    make_person("Dave", email="dave@acme.test")
    response = alice_client.post(
        reverse("people:edit", args=[carol.pk]),
        person_post_data(carol, email="DAVE@acme.test", languages="deu", status="paused"),
    )
    errors = response.context["form"].errors
    assert "already has the email dave@acme.test" in errors["email"][0]
    assert errors["languages"] == [
        "Languages must be two-letter ISO 639-1 codes such as de, en, nl, pt."
    ]
    assert errors["paused_until"] == ["A paused person needs a date to return."]
    assert fresh(carol).email == "carol@acme.test"


# Delete


def test_admin_deletes_after_confirming(alice_client, carol, make_person):
    report = make_person("Rex", manager=carol)
    url = reverse("people:delete", args=[carol.pk])
    confirm = alice_client.get(url)
    assert "1 person reports to them" in confirm.content.decode()
    assert Person.objects.filter(pk=carol.pk).exists()
    response = alice_client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == LIST
    assert "Deleted Carol Meyer from the directory." in response.content.decode()
    assert not Person.objects.filter(pk=carol.pk).exists()
    assert fresh(report).manager is None


# Bulk actions


def test_every_problem_of_the_person_form_shows_at_once(alice_client, carol, make_person):
    make_person("Dave", email="dave@acme.test")
    response = alice_client.post(
        reverse("people:edit", args=[carol.pk]),
        person_post_data(
            carol,
            name="",
            email="DAVE@acme.test",
            timezone="Europe/Atlantis",
            work_start="18:00",
            work_end="08:30",
            status="paused",
            languages="deu",
        ),
    )
    errors = response.context["form"].errors
    assert set(errors) >= {"name", "email", "timezone", "work_end", "paused_until", "languages"}
    assert fresh(carol).name == "Carol Meyer"
