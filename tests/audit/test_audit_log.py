"""The audit log: sign-ins and failures, member, role, token and setting changes, exports and
erasures — who, when, from where — for the organisation's owners and admins only."""

import csv
import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hallway.accounts.models import Membership, Role
from hallway.audit.models import AuditEvent
from hallway.audit.services import audit_prune, audit_record
from hallway.messaging.channel_setup import channel_delete, channel_save
from tests.api.conftest import ApiClient, token_for
from tests.factories import make_user

PASSWORD = "correct horse battery staple"
LOG = "/accounts/settings/audit/"


def events(organisation, action=None):
    found = AuditEvent.objects.filter(organisation=organisation)
    return list(found.filter(action=action) if action else found)


def test_a_sign_in_is_recorded_with_address_and_browser(client, acme, globex):
    dora = make_user("dora@acme.test", acme, Role.MEMBER)
    Membership.objects.create(user=dora, organisation=globex, role=Role.MEMBER)
    dora.set_password(PASSWORD)
    dora.save()
    client.post(
        reverse("accounts:login"),
        {"username": "dora@acme.test", "password": PASSWORD},
        HTTP_USER_AGENT="Firefox/140",
        REMOTE_ADDR="203.0.113.9",
    )
    for organisation in (acme, globex):  # each organisation's admins see it
        (event,) = events(organisation, "signed_in")
        assert (event.actor, event.actor_label) == (dora, "dora@acme.test")
        assert (event.ip_address, event.user_agent) == ("203.0.113.9", "Firefox/140")


def test_behind_proxies_the_address_is_the_clients(client, acme, bob, settings):
    settings.HALLWAY_PROXY_COUNT = 1
    client.post(
        reverse("accounts:login"),
        {"username": "bob@acme.test", "password": "guess"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    (failed,) = events(acme, "sign_in_failed")
    assert failed.ip_address == "198.51.100.7"


def test_failed_sign_ins_are_recorded_without_the_password(client, acme, bob):
    client.post(reverse("accounts:login"), {"username": "bob@acme.test", "password": "guess-1"})
    client.post(reverse("accounts:login"), {"username": "nobody@acme.test", "password": "x"})
    (failed,) = events(acme, "sign_in_failed")
    assert failed.actor is None
    assert failed.target == "bob@acme.test"
    assert failed.details == {"known_account": True}
    unknown = AuditEvent.objects.get(organisation=None, action="sign_in_failed")
    assert unknown.target == "nobody@acme.test"
    assert "guess-1" not in repr(list(AuditEvent.objects.values()))


def test_member_changes_are_recorded_with_who_did_them(alice_client, acme, alice, bob):
    bob_membership = Membership.objects.get(user=bob, organisation=acme)
    alice_client.post(
        reverse("accounts:settings_member_role", args=[bob_membership.pk]),
        {f"m{bob_membership.pk}-role": Role.ORGANISER},
    )
    (changed,) = events(acme, "role_changed")
    assert (changed.actor, changed.target) == (alice, "bob@acme.test")
    assert changed.details == {"from": "member", "to": "organiser"}
    alice_client.post(reverse("accounts:settings_member_remove", args=[bob_membership.pk]))
    (removed,) = events(acme, "member_removed")
    assert (removed.actor, removed.target) == (alice, "bob@acme.test")


def test_tokens_and_organisation_settings_are_recorded(alice_client, acme, alice):
    alice_client.post(reverse("accounts:settings_tokens"), {"name": "CRM sync"})
    (created,) = events(acme, "token_created")
    assert created.target.endswith("CRM sync")
    assert created.actor == alice
    alice_client.post(
        reverse("accounts:settings_organisation"),
        {"name": "Acme Europe", "timezone": acme.timezone, "language": acme.language},
    )
    (changed,) = events(acme, "organisation_changed")
    assert changed.details == {"name": "Acme → Acme Europe"}


def test_exports_and_erasures_are_recorded(alice_client, acme, alice, carol):
    alice_client.get(reverse("people_transfer:export"))
    (exported,) = events(acme, "people_exported")
    assert exported.actor == alice
    assert exported.details["people"] == 1
    alice_client.post(reverse("people:delete", args=[carol.pk]))
    (erased,) = events(acme, "person_erased")
    assert (erased.actor, erased.target) == (alice, "Carol Meyer <carol@acme.test>")


def test_an_api_call_is_recorded_as_the_tokens_user(acme, alice, carol):
    api = ApiClient(token_for(alice, acme))
    assert api.delete(f"/api/v1/people/{carol.pk}").status_code == 204
    (erased,) = events(acme, "person_erased")
    assert erased.actor == alice


def test_channel_changes_are_recorded_without_secrets(acme):
    slack = channel_save(
        organisation=acme,
        kind="slack",
        name="Slack",
        values={"bot_token": "xoxb-4242-very-secret-token"},
    )
    channel_delete(channel=slack)
    assert [e.action for e in events(acme)] == ["channel_deleted", "channel_saved"]
    assert "very-secret" not in repr(list(AuditEvent.objects.values()))


def test_owners_and_admins_read_their_own_organisations_log(alice_client, bob, acme, globex):
    audit_record("people_exported", organisation=acme, target="acme-file.csv")
    audit_record("people_exported", organisation=globex, target="globex-file.csv")
    page = alice_client.get(LOG)
    assert page.status_code == 200
    html = page.content.decode()
    assert "acme-file.csv" in html
    assert "globex-file.csv" not in html
    assert "People exported" in html
    assert 'aria-current="page">Audit log</a>' in html
    member = Client()
    member.force_login(bob)
    assert member.get(LOG).status_code in (403, 404)


def test_the_log_filters_and_exports_as_csv(alice_client, acme):
    audit_record("people_exported", organisation=acme, target='=HYPERLINK("x")')
    audit_record("token_created", organisation=acme, target="hw_abc… CI")
    html = alice_client.get(LOG, {"action": "token_created"}).content.decode()
    assert "hw_abc… CI" in html
    assert "HYPERLINK" not in html
    response = alice_client.get(reverse("audit:export"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["When (UTC)", "Who", "Action"]
    assert '\'=HYPERLINK("x")' in [cell for row in rows for cell in row]
    assert events(acme, "audit_exported")  # reading the whole log out is itself recorded
    bad = alice_client.get(LOG, {"since": "2026-05-02", "until": "2026-05-01"})
    assert "The last day cannot be before the first." in bad.content.decode()


def test_events_older_than_the_retention_are_forgotten(acme, settings):
    settings.HALLWAY_AUDIT_RETENTION_DAYS = 30
    old = audit_record("people_exported", organisation=acme)
    AuditEvent.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=31)
    )
    recent = audit_record("people_exported", organisation=acme)
    assert audit_prune(now=timezone.now()) == 1
    assert list(AuditEvent.objects.all()) == [recent]


@pytest.mark.parametrize("path", [LOG, "/accounts/settings/audit/export.csv"])
def test_signed_out_visitors_are_sent_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
