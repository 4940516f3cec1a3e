"""The contractor's check-in form behind its signed link: in the link's language, never
indexed and without a referrer; a forged or expired link is a friendly 404; the answer is
named for the owner, the client's rating is anonymous. End to end over real SMTP."""

import datetime
import re

import pytest
import time_machine

from hallway.messaging.delivery import outbox_deliver_due
from hallway.outreach.care_links import check_in_token, check_in_url
from hallway.outreach.models import CheckIn, ClientRating, OwnerTask
from hallway.outreach.services.care import care_run_due
from hallway.outreach.services.due import outreach_run_due
from hallway.relationships.models import Touch
from tests.outreach.care_helpers import NOW, UTC, contractor_of, place

D = datetime.date


@pytest.fixture
def check_in(acme, alice):
    placement = place(acme, alice, starts_on=D(2026, 10, 1), ends_on=D(2027, 6, 30))
    with time_machine.travel(NOW, tick=False):
        care_run_due(organisation=acme, now=NOW)
    return placement.check_ins.exclude(sent_at=None).get()


def path_of(url):
    return re.sub(r"^https?://[^/]+", "", url)


def test_the_form_is_in_the_links_language_and_private(client, check_in):
    response = client.get(path_of(check_in_url(check_in=check_in, language="de")))
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex"
    assert response["Referrer-Policy"] == "no-referrer"
    page = response.content.decode()
    assert '<html lang="de">' in page
    assert 'name="robots" content="noindex"' in page
    assert "Brightside GmbH" in page
    assert 'name="rating_score"' in page
    assert "nur zusammen mit mindestens 5 anderen" in page


@pytest.mark.parametrize("mangle", ["forged", "other_purpose", "expired"])
def test_a_forged_or_expired_link_is_a_friendly_404(client, check_in, mangle):
    token = check_in_token(check_in)
    if mangle == "forged":
        token = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    if mangle == "other_purpose":
        from hallway.messaging.links import link_token

        token = link_token(
            purpose="preferences", organisation_id=check_in.organisation_id, person_id=1
        )
    path = f"/outreach/check-in/en/{token}/"
    later = NOW + datetime.timedelta(days=31) if mangle == "expired" else NOW
    with time_machine.travel(later, tick=False):
        response = client.get(path)
        posted = client.post(path, {"score": "1"})
    assert response.status_code == 404
    assert posted.status_code == 404
    assert "This link does not work" in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex"
    check_in.refresh_from_db()
    assert check_in.answered_at is None


def test_the_generic_link_page_does_not_take_a_check_in_token(client, check_in):
    token = check_in_token(check_in)
    response = client.get(f"/messages/m/en/outreach_check_in/{token}/")
    assert response.status_code == 400


def test_answering_saves_the_answer_and_the_anonymous_rating_apart(client, acme, alice, check_in):
    path = path_of(check_in_url(check_in=check_in, language="en"))
    with time_machine.travel(NOW + datetime.timedelta(hours=2), tick=False):
        response = client.post(
            path,
            {
                "score": "2",
                "comment": "The team lead is never there",
                "wants_call": "on",
                "rating_score": "3",
                "rating_comment": "Chaotic onboarding",
            },
        )
    assert response.status_code == 302
    check_in.refresh_from_db()
    assert (check_in.score, check_in.wants_call, check_in.rated_client) == (2, True, True)
    assert {task.kind for task in OwnerTask.objects.filter(owner=alice)} == {"feedback", "call"}
    rating = ClientRating.objects.get()
    assert (rating.score, rating.comment) == (3, "Chaotic onboarding")
    assert Touch.objects.filter(external_id=f"check-in:{check_in.pk}").count() == 1
    # Opened again: the answer is filled in; the rating cannot be given twice.
    page = client.get(path).content.decode()
    assert "The team lead is never there" in page
    assert 'name="rating_score"' not in page


def test_a_missing_score_is_400_and_saves_nothing(client, check_in):
    path = path_of(check_in_url(check_in=check_in, language="nl"))
    response = client.post(path, {"comment": "x"})
    assert response.status_code == 400
    assert CheckIn.objects.get(pk=check_in.pk).answered_at is None


def test_a_check_in_mail_arrives_in_the_contractors_language_and_its_link_answers(
    client, acme, alice, smtp_server, time_machine
):
    contractor = contractor_of(acme, "Daan de Vries", language="nl", timezone="Europe/Amsterdam")
    place(acme, alice, contractor=contractor, starts_on=D(2026, 11, 7), ends_on=D(2027, 5, 31))
    monday = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=UTC)  # 10:00 in Amsterdam
    time_machine.move_to(monday, tick=False)
    report = outreach_run_due(organisation=acme, now=monday)
    assert (report.check_ins, report.queued) == (1, 1)
    outbox_deliver_due(worker="test")
    [mail] = smtp_server
    assert mail["Subject"] == "Hoe gaat het bij Brightside GmbH?"
    assert mail["To"].startswith("Daan de Vries")
    assert mail["Reply-To"] == alice.email
    text = mail.get_body(("plain",)).get_content()
    assert "Hoi Daan" in text
    (url,) = re.findall(r"https?://\S+/outreach/check-in/nl/\S+/", text)
    form = client.get(path_of(url))
    assert form.status_code == 200
    assert '<html lang="nl">' in form.content.decode()
    answered = client.post(path_of(url), {"score": "5", "comment": "Top!"})
    assert answered.status_code == 302
    check_in = CheckIn.objects.get(sent_at__isnull=False)
    assert (check_in.score, check_in.comment) == (5, "Top!")
    assert OwnerTask.objects.get(kind="feedback").owner == alice
