"""How fast outreach runs for an agency with a large talent pool.

The organisation: CONTACTS candidates (consented, in Berlin, Amsterdam and Lisbon) owned by
OWNERS recruiters, a running sequence entered by the segment of all of them (a message, a
wait, a second message), and a shared article to the same segment.

Timed as the user runs them (a new process each time, Django's start included):
- `hallway sequences run-due --json`, the first run (everyone enters, every first message
  is drafted, those within the owners' daily limits go to the outbox) and a second run
  (nothing new: the cost every five minutes);
- `hallway campaign send ID --json` to the whole segment;
and through Django's test client (p95 of PAGES requests): the approval queue with 200
messages waiting, the article's page with its figures, the sequences list.
Targets: a run-due ≤ 120 s first (a worker job, once per new segment of thousands), ≤ 10 s
steady (every five minutes); the send ≤ 30 s (a click); pages ≤ 500 ms p95.
Runs on a throw-away SQLite file.

    .venv/bin/python bench/outreach.py
    CONTACTS=20000 .venv/bin/python bench/outreach.py
"""

import datetime
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CONTACTS = int(os.environ.get("CONTACTS", "5000"))
OWNERS = int(os.environ.get("OWNERS", "10"))
PAGES = int(os.environ.get("PAGES", "20"))
TARGET_FIRST_S = 120.0
TARGET_STEADY_S = 10.0
TARGET_SEND_S = 30.0
TARGET_PAGE_MS = 500.0
HERE = Path(__file__).resolve().parent
HALLWAY = HERE.parent / ".venv" / "bin" / "hallway"


def build() -> int:
    from hallway.accounts.models import Membership, Organisation, Role, User
    from hallway.outreach.models import (
        Campaign,
        Segment,
        Sequence,
        SequenceStatus,
        Step,
        StepKind,
        Trigger,
    )
    from hallway.relationships.models import Contact, LegalBasis

    organisation = Organisation.objects.create(name="Bench", slug="bench")
    owners = []
    for number in range(OWNERS):
        user = User.objects.create_user(email=f"owner{number}@bench.test", password=None)
        Membership.objects.create(user=user, organisation=organisation, role=Role.ORGANISER)
        owners.append(user)
    zones = [("Europe/Berlin", "de"), ("Europe/Amsterdam", "nl"), ("Europe/Lisbon", "en")]
    consent = datetime.date(2026, 6, 1)
    contacts = Contact.objects.bulk_create(
        Contact(
            organisation=organisation,
            name=f"Candidate {i}",
            email=f"candidate{i}@mail.example",
            kind="candidate",
            timezone=zones[i % 3][0],
            language=zones[i % 3][1],
            legal_basis=LegalBasis.CONSENT,
            consent_on=consent,
        )
        for i in range(CONTACTS)
    )
    Contact.owners.through.objects.bulk_create(
        Contact.owners.through(contact_id=c.pk, user_id=owners[i % OWNERS].pk)
        for i, c in enumerate(contacts)
    )
    segment = Segment.objects.create(
        organisation=organisation, name="Everyone", filters={"kinds": ["candidate"]}
    )
    now = datetime.datetime.now(datetime.UTC)
    sequence = Sequence.objects.create(
        organisation=organisation,
        name="Talent pool",
        trigger=Trigger.SEGMENT,
        trigger_config={"segment": segment.pk},
        status=SequenceStatus.ACTIVE,
        activated_at=now,
    )
    texts = {"en": {"subject": "Hello {first_name}", "body": "Hi {first_name}, how are you?"}}
    for position, (kind, days) in enumerate(
        [(StepKind.MESSAGE, 0), (StepKind.WAIT, 30), (StepKind.MESSAGE, 0)]
    ):
        Step.objects.create(
            organisation=organisation,
            sequence=sequence,
            position=position,
            kind=kind,
            wait_days=days,
            texts=texts if kind == StepKind.MESSAGE else {},
        )
    campaign = Campaign.objects.create(
        organisation=organisation,
        title="Salary guide",
        url="https://example.com/guide",
        intros={"en": "Hi {first_name}, this is for you."},
        segment=segment,
        skip_touched_days=0,
        skip_sent_days=0,
    )
    return campaign.pk


def whole_command(data_dir: str, *args: str) -> tuple[float, object]:
    started = time.perf_counter()
    done = subprocess.run(  # noqa: S603  (our own command, fixed arguments)
        [str(HALLWAY), *args, "--org", "bench", "--json"],
        env={**os.environ, "HALLWAY_DATA_DIR": data_dir},
        capture_output=True,
        text=True,
        check=True,
    )
    return time.perf_counter() - started, json.loads(done.stdout)


def page_p95(client: object, url: str) -> float:
    client.get(url)  # type: ignore[attr-defined]  # the first request compiles the templates
    times = []
    for _ in range(PAGES):
        started = time.perf_counter()
        response = client.get(url)  # type: ignore[attr-defined]
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.quantiles(times, n=20)[-1]


def main() -> None:
    data_dir = tempfile.mkdtemp(prefix="hallway-bench-outreach-")
    os.environ["HALLWAY_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hallway.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    campaign_id = build()

    first_s, first = whole_command(data_dir, "sequences", "run-due")
    steady_s, steady = whole_command(data_dir, "sequences", "run-due")
    send_s, sent = whole_command(data_dir, "campaign", "send", str(campaign_id))
    print(f"article sent: {sent}")

    from django.conf import settings

    from hallway.accounts.models import User
    from hallway.outreach.models import MessageStatus, PersonalMessage

    owner = User.objects.get(email="owner0@bench.test")
    # 200 messages waiting for the first owner's approval.
    scheduled = PersonalMessage.objects.filter(owner=owner, status=MessageStatus.SCHEDULED)
    waiting = list(scheduled.order_by("id").values_list("pk", flat=True)[:200])
    PersonalMessage.objects.filter(pk__in=waiting).update(status=MessageStatus.PENDING)
    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    client.force_login(owner)
    pages = {}
    for name, url in (
        ("approval queue (200)", "/outreach/approvals/"),
        ("article with figures", f"/outreach/content/{campaign_id}/"),
        ("sequences list", "/outreach/sequences/"),
    ):
        try:
            pages[name] = page_p95(client, url)
        except AssertionError as exc:
            print(f"{name}: {exc}")
            pages[name] = float("nan")

    print(
        f"Outreach: {CONTACTS:,} candidates of {OWNERS} recruiters in a segment-triggered "
        f"sequence and an article (targets: run-due ≤ {TARGET_FIRST_S:.0f} s first, "
        f"≤ {TARGET_STEADY_S:.0f} s steady; send ≤ {TARGET_SEND_S:.0f} s; pages ≤ "
        f"{TARGET_PAGE_MS:.0f} ms p95)"
    )
    print(f"first run: {first}")
    print(f"second run: {steady}")
    print(f"{'run-due, first, whole command':<36} {first_s:>7.2f} s")
    print(f"{'run-due, steady, whole command':<36} {steady_s:>7.2f} s")
    print(f"{'campaign send, whole command':<36} {send_s:>7.2f} s")
    for name, p95 in pages.items():
        print(f"{name + ' p95':<36} {p95:>7.0f} ms")
    slow = (
        first_s > TARGET_FIRST_S
        or steady_s > TARGET_STEADY_S
        or send_s > TARGET_SEND_S
        or any(not p <= TARGET_PAGE_MS for p in pages.values())
    )
    if slow:
        print("over the target")
        sys.exit(1)


if __name__ == "__main__":
    main()
