"""A project lead in a real browser: creates a client project, puts people of both sides on
the roster, opens the 1:1 coverage matrix, previews the plan and sends it, and sees the
cells turn "planned". Every page passes axe and fits a 390 px phone. With
HALLWAY_SCREENSHOTS=1 it writes docs/screenshots/projects-list.png and
projects-coverage.png."""

import datetime
import os
from pathlib import Path

from playwright.sync_api import expect

from hallway.accounts.models import Role
from hallway.messaging.models import OutboxMessage
from hallway.projects.models import OneOnOne, OneOnOneStatus, Project
from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import log_in
from tests.factories import PASSWORD, make_company, make_contact, make_person, make_user

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PHONE = {"width": 390, "height": 844}
PAGE_OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def _screenshot(page, name: str) -> None:
    if os.environ.get("HALLWAY_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.set_viewport_size({"width": 1280, "height": 900})
        page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


def _fits_a_phone(page, url: str) -> None:
    page.set_viewport_size(PHONE)
    page.goto(url)
    assert page.evaluate(PAGE_OVERFLOW) == 0, url
    page.set_viewport_size({"width": 1280, "height": 900})


def _add(form, *, who: str, role: str, key: bool, side: str = "") -> None:
    if side:
        form.get_by_label("Side").select_option(label=side)
    form.get_by_label("Person" if not side else "Contact").select_option(label=who)
    form.get_by_label("Role").fill(role)
    if key:
        form.get_by_label("Key counterpart").check()


def test_a_project_lead_builds_the_roster_and_plans_the_one_on_ones(page, acme):
    make_user("olga@acme.test", acme, Role.ORGANISER, first_name="Olga", last_name="Lead")
    lakeshore = make_company(
        acme,
        "Lakeshore Outfitters",
        timezone="America/New_York",
        work_start=datetime.time(9),
        work_end=datetime.time(17),
    )
    make_contact(acme, "Megan Brooks", company=lakeshore)
    make_contact(acme, "Tyler Reed", company=lakeshore)
    make_person(acme, "Jonas Weber", timezone="Europe/Berlin")
    make_person(acme, "Sanne de Vries", timezone="Europe/Amsterdam")
    log_in(page, "olga@acme.test", PASSWORD)

    # The list starts empty, with a way to begin.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Projects").click()
    page.get_by_text("No projects yet.").wait_for()
    page.get_by_role("link", name="New project").click()
    page.get_by_label("Name", exact=True).fill("US shop rollout")
    page.get_by_label("Client company").select_option(label="Lakeshore Outfitters")
    page.get_by_label("Common goal").fill(
        "Launch the US shop by 1 March with the same checkout as in Europe."
    )
    page.get_by_role("button", name="Create").click()
    page.get_by_role("heading", level=1, name="US shop rollout").wait_for()
    project = Project.objects.get(organisation=acme)
    assert page.get_by_text("Launch the US shop by 1 March").is_visible()

    # The roster, on both sides.
    ours = page.get_by_role("form", name="One of ours")
    for who, role, key in (
        ("Jonas Weber", "Engagement lead", True),
        ("Sanne de Vries", "Developer", False),
    ):
        _add(ours, who=who, role=role, key=key)
        ours.get_by_role("button", name="Add to our side").click()
        page.get_by_text(f"{who} is on the project now.").wait_for()
    theirs = page.get_by_role("form", name="From the client or a partner")
    for who, role, key in (
        ("Megan Brooks", "VP Digital", True),
        ("Tyler Reed", "Store ops", False),
    ):
        _add(theirs, who=f"{who} (Lakeshore Outfitters)", role=role, key=key, side="Client")
        theirs.get_by_role("button", name="Add to their side").click()
        page.get_by_text(f"{who} is on the project now.").wait_for()
    client_side = page.get_by_role("region", name="The client’s side")
    expect(client_side.get_by_role("rowheader")).to_have_count(2)
    assert "America/New_York" in client_side.inner_text()
    assert_accessible(page, "the project page")

    # The kickoff: a time inside everyone's hours (Berlin, Amsterdam, New York), an
    # invitation to everyone with the agenda, the card and their "about you" link.
    page.get_by_role("link", name="Kickoff").click()
    page.get_by_text("These times are inside everyone's working hours").wait_for()
    page.get_by_role("radio").first.check()
    page.get_by_role("button", name="Send the invitations").click()
    page.get_by_text("The kickoff invitations are on their way.").wait_for()
    project.refresh_from_db()
    assert project.kickoff_at is not None
    assert OutboxMessage.objects.filter(message_type="projects_kickoff").count() == 4
    assert_accessible(page, "the kickoff page")
    page.goto(f"/projects/{project.pk}/")

    # The coverage matrix: Jonas and Megan are key, so three pairs are required.
    page.get_by_role("link", name="1:1 coverage").first.click()
    page.get_by_text("0 of 3 required 1:1s took place.").wait_for()
    matrix = page.get_by_role("table")
    expect(matrix.get_by_text("Missing", exact=True)).to_have_count(3)
    expect(matrix.get_by_text("Not required")).to_have_count(1)
    assert_accessible(page, "the coverage matrix")

    # A preview first: nothing is written until the lead sends.
    assert page.get_by_label("Within (weeks)").input_value() == "3"
    page.get_by_role("button", name="Preview the plan").click()
    page.get_by_text("Nothing is sent yet.").wait_for()
    assert page.get_by_role("heading", name="3 1:1s to send").is_visible()
    assert not OneOnOne.objects.exists()
    assert_accessible(page, "the plan's preview")
    page.get_by_role("button", name="Send the invitations").click()
    page.get_by_text("Planned 3 1:1s and sent the invitations.").wait_for()
    expect(page.get_by_role("table").get_by_text("Planned", exact=True)).to_have_count(3)
    assert OneOnOne.objects.filter(project=project, status=OneOnOneStatus.PLANNED).count() == 3
    _screenshot(page, "projects-coverage.png")

    page.goto("/projects/")
    page.get_by_role("link", name="US shop rollout", exact=True).wait_for()
    assert_accessible(page, "the project list")
    _screenshot(page, "projects-list.png")

    for url in ("/projects/", f"/projects/{project.pk}/", f"/projects/{project.pk}/coverage/"):
        _fits_a_phone(page, url)
