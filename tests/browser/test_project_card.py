"""The project card as the client sees it (signed link, no login) and "tell us about
yourself" in a real browser at 390 px: no sideways scrolling, no serious accessibility
problem. docs/screenshots/projects-card.png comes from here (`HALLWAY_SCREENSHOTS=1`)."""

import datetime
import io
import os
from pathlib import Path
from urllib.parse import urlparse

from PIL import Image

from hallway.projects.card_links import about_url, card_url
from hallway.projects.models import Project, RosterMember, Side
from hallway.projects.photos import photo_prepare
from hallway.projects.services.roster import RoleFields, roster_add
from tests.browser.accessibility import assert_accessible
from tests.factories import make_company, make_contact, make_person

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _project(acme, alice):
    company = make_company(acme, "Lakeshore Outfitters", timezone="America/New_York")
    project = Project.objects.create(
        organisation=acme,
        name="US shop rollout",
        company=company,
        goal="Launch the US shop by 1 March with the same checkout as in Europe.",
        starts_on=datetime.date(2026, 1, 12),
        ends_on=datetime.date(2026, 3, 1),
        lead=alice,
    )
    for name, zone, role, key, about in (
        ("Jonas Weber", "Europe/Berlin", "Project lead", True, "Bouldering in the Harz"),
        ("Sanne de Vries", "Europe/Amsterdam", "Checkout engineer", False, ""),
    ):
        member = roster_add(
            project=project,
            side=Side.OURS,
            person=make_person(acme, name, timezone=zone),
            values=RoleFields(role=role, key_counterpart=key),
            joined_on=project.starts_on,
        )
        RosterMember.objects.filter(pk=member.pk).update(ask_me_about=about)
    for name, role, key, about in (
        ("Megan Brooks", "Head of E-commerce", True, "Sailing on Lake Michigan"),
        ("Tyler Reed-Montgomery-Castellanos", "QA lead, payments and fulfilment", False, ""),
    ):
        member = roster_add(
            project=project,
            side=Side.CLIENT,
            contact=make_contact(acme, name, company=company),
            values=RoleFields(
                role=role,
                key_counterpart=key,
                responsibilities="Signs off every release to the US storefront",
            ),
            joined_on=project.starts_on,
        )
        RosterMember.objects.filter(pk=member.pk).update(ask_me_about=about)
    megan = RosterMember.objects.get(project=project, contact__name="Megan Brooks")
    picture = io.BytesIO()
    Image.new("RGB", (320, 320), (11, 107, 87)).save(picture, format="PNG")
    picture.seek(0)
    megan.photo = photo_prepare(picture)
    megan.save(update_fields=["photo"])
    return project


def test_the_public_card_at_390_px(page, acme, alice):
    project = _project(acme, alice)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(urlparse(card_url(project)).path)
    page.get_by_role("heading", name="US shop rollout").wait_for()
    assert page.get_by_role("img", name="Photo of Megan Brooks").is_visible()
    assert page.get_by_text("Ask me about: Sailing on Lake Michigan").is_visible()
    assert "@" not in page.locator("main").inner_text()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the card scrolls sideways ({width} px)"
    assert_accessible(page, "public project card at 390 px")
    if os.environ.get("HALLWAY_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.set_viewport_size({"width": 900, "height": 900})
        page.screenshot(path=str(SCREENSHOTS / "projects-card.png"), full_page=True)


def test_telling_about_yourself_at_390_px(page, acme, alice, tmp_path):
    project = _project(acme, alice)
    sanne = RosterMember.objects.get(project=project, person__name="Sanne de Vries")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(urlparse(about_url(sanne, language="en")).path)
    page.get_by_role("heading", name="Tell us about yourself").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page, "about-you form at 390 px")
    photo = tmp_path / "me.jpg"
    Image.new("RGB", (1200, 800), (200, 120, 40)).save(photo, format="JPEG")
    page.get_by_label("Photo").set_input_files(str(photo))
    page.get_by_label("Ask me about").fill("Sourdough and canal swimming")
    page.get_by_label("Your time zone").fill("Europe/Amsterdam")
    page.get_by_label("Your working hours start").fill("08:30")
    page.get_by_label("Your working hours end").fill("16:30")
    page.get_by_role("button", name="Save my answers").click()
    page.get_by_text("your answers are saved").wait_for()
    sanne.refresh_from_db()
    assert sanne.ask_me_about == "Sourdough and canal swimming"
    assert sanne.work_start == datetime.time(8, 30)
    assert Image.open(io.BytesIO(bytes(sanne.photo))).size == (256, 256)
    assert page.get_by_label("Remove my photo").is_visible()
    assert_accessible(page, "about-you form, answered")
