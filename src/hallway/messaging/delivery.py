"""Delivering the outbox: claim due messages, send each through its transport, record it.

Claiming. A worker takes a small batch of due messages by marking them SENDING with its
id and a lease, in one short transaction: on PostgreSQL the rows are picked with
`SELECT … FOR UPDATE SKIP LOCKED`, so workers never take the same row; on SQLite the
transaction is IMMEDIATE (a write lock from its first statement), so claims run one after
another. A message whose lease ran out, or whose worker is known to be gone (its heartbeat
is stale, or it restarted after the claim — see `hallway.core.liveness`), is claimed again.

Recording. Each message is recorded in its own transaction right after its transport
returned: the attempt row and the new status together. So a crash loses at most the one
message in flight; it was either not sent (it is sent after the restart) or sent but not
recorded (it is sent again: the one unavoidable window, see docs/operations.md). Where the
channel allows a key, the resend carries the same one: email keeps its Message-ID,
webhooks their delivery id.

Failures. A transient error retries with exponential backoff and jitter, up to
MAX_ATTEMPTS; a permanent one stops and marks the address (or the channel) failing.

Expiry. A message with `expires_at` is never sent at or after that moment: when it is
claimed too late, when the recipient's sending window (or their absence) would hold it until
then, or when its next retry would come too late, it is recorded as EXPIRED with the reason
in `last_error`, and nothing is sent.
"""

import datetime
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from hallway.core.liveness import STALE_AFTER
from hallway.core.models import WorkerHeartbeat
from hallway.messaging.away import AwayHolds
from hallway.messaging.channels import EMAIL_KIND, kind_get
from hallway.messaging.channels.base import Transport, TransportError
from hallway.messaging.models import (
    AddressHealth,
    AttemptResult,
    DeliveryAttempt,
    HealthStatus,
    MessagingSettings,
    OutboxMessage,
    Status,
    Suppression,
)
from hallway.messaging.rendering import outbox_render, override_cache
from hallway.messaging.types import message_type_get
from hallway.messaging.windows import Window

logger = logging.getLogger("hallway.messaging")

BATCH_SIZE = 20
LEASE = datetime.timedelta(minutes=10)
# A message is not started when less than this is left of its lease.
LEASE_MARGIN = datetime.timedelta(minutes=1)
MAX_ATTEMPTS = 8
BACKOFF_BASE = datetime.timedelta(minutes=1)
BACKOFF_CAP = datetime.timedelta(hours=6)
ERROR_MAX_LENGTH = 2000


def transport_for(message: OutboxMessage) -> Transport:
    """A fresh transport for the channel `message` goes through (opened by the caller)."""
    kind = kind_get(message.channel)
    if kind is None:
        raise TransportError(
            f"no channel kind {message.channel!r} is installed", permanent=True, scope="channel"
        )
    if message.via_id is None and message.channel != EMAIL_KIND:
        raise TransportError(
            f"the {message.channel} channel of this message was removed",
            permanent=True,
            scope="channel",
        )
    return kind.transport(message.via)


def backoff_delay(attempt: int, *, rng: random.Random | None = None) -> datetime.timedelta:
    """The wait after failed attempt number `attempt` (1, 2, …): doubling, capped, jittered.

    The jitter (50-100 % of the step) spreads retries of messages that failed together,
    so a mail server coming back is not hit by all of them in the same second.
    """
    step: datetime.timedelta = min(BACKOFF_BASE * (2 ** max(attempt - 1, 0)), BACKOFF_CAP)
    factor = 0.5 + (rng or random).random() / 2
    return step * factor


@dataclass
class DeliveryReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    suppressed: int = 0
    deferred: int = 0
    expired: int = 0
    more_due: bool = False
    seconds: float = 0.0

    @property
    def handled(self) -> int:
        return (
            self.sent + self.retried + self.failed + self.suppressed + self.deferred + self.expired
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "sent": self.sent,
            "retried": self.retried,
            "failed": self.failed,
            "suppressed": self.suppressed,
            "deferred": self.deferred,
            "expired": self.expired,
            "more_due": self.more_due,
        }


def _reclaimable(now: datetime.datetime) -> Q:
    """SENDING messages whose claim is no longer held: lease over, or the worker is gone."""
    condition = Q(status=Status.SENDING, lease_until__lt=now)
    holders = set(
        OutboxMessage.objects.filter(status=Status.SENDING)
        .order_by()
        .values_list("claimed_by", flat=True)
        .distinct()
    )
    if not holders:
        return condition
    stale = now - STALE_AFTER
    for beat in WorkerHeartbeat.objects.filter(worker_id__in=holders):
        if beat.last_seen < stale:
            condition |= Q(status=Status.SENDING, claimed_by=beat.worker_id)
        else:
            # Same id, later start: a restarted worker (or one that disowned its claims).
            condition |= Q(
                status=Status.SENDING,
                claimed_by=beat.worker_id,
                claimed_at__lt=beat.started_at,
            )
    return condition


def outbox_claim(
    *,
    worker: str,
    now: datetime.datetime,
    limit: int = BATCH_SIZE,
    only: list[int] | None = None,
) -> list[OutboxMessage]:
    """Take up to `limit` due messages (of `only`, if given) for `worker`; no other worker
    gets the same ones."""
    due = Q(status=Status.QUEUED, due_at__lte=now) | _reclaimable(now)
    with transaction.atomic():
        candidates = OutboxMessage.objects.filter(due).order_by("due_at", "id")
        if only is not None:
            candidates = candidates.filter(id__in=only)
        if connection.vendor == "postgresql":
            candidates = candidates.select_for_update(skip_locked=True, of=("self",))
        ids = list(candidates.values_list("id", flat=True)[:limit])
        if not ids:
            return []
        OutboxMessage.objects.filter(id__in=ids).update(
            status=Status.SENDING,
            claimed_by=worker,
            claimed_at=now,
            lease_until=now + LEASE,
        )
    return list(
        OutboxMessage.objects.select_related("organisation", "person", "via")
        .filter(id__in=ids, claimed_by=worker, claimed_at=now)
        .order_by("due_at", "id")
    )


def _held(message: OutboxMessage, worker: str) -> Any:
    return OutboxMessage.objects.filter(
        pk=message.pk, status=Status.SENDING, claimed_by=worker, claimed_at=message.claimed_at
    )


RELEASED = {"claimed_by": "", "claimed_at": None, "lease_until": None}


def _release(messages: list[OutboxMessage], worker: str) -> None:
    """Give back claimed messages that were not tried (the worker is stopping)."""
    for message in messages:
        _held(message, worker).update(status=Status.QUEUED, **RELEASED)


def _utc(moment: datetime.datetime) -> str:
    return f"{moment.astimezone(datetime.UTC):%Y-%m-%d %H:%M} UTC"


def windows_enabled() -> bool:
    return bool(getattr(settings, "HALLWAY_SENDING_WINDOWS", True))


class SettingsCache:
    """Organisation settings and suppressions looked up once per delivery run."""

    def __init__(self) -> None:
        self._settings: dict[int, MessagingSettings] = {}

    def settings_of(self, organisation_id: int) -> MessagingSettings:
        if organisation_id not in self._settings:
            found = MessagingSettings.objects.filter(organisation_id=organisation_id).first()
            self._settings[organisation_id] = found or MessagingSettings(
                organisation_id=organisation_id
            )
        return self._settings[organisation_id]


def message_window(message: OutboxMessage, org_settings: MessagingSettings) -> Window | None:
    """When `message` may arrive, or None when it may arrive at any time."""
    if message.transactional or not windows_enabled() or not org_settings.sending_windows:
        return None
    person = message.person
    kind = message_type_get(message.message_type)
    if person is not None and (kind is None or kind.working_hours):
        return Window(
            timezone=person.timezone,
            work_start=person.work_start,
            work_end=person.work_end,
            working_days=frozenset(int(day) for day in (person.working_days or [])),
            quiet_start=org_settings.quiet_start,
            quiet_end=org_settings.quiet_end,
        )
    return Window(
        timezone=person.timezone if person is not None else message.timezone,
        quiet_start=org_settings.quiet_start,
        quiet_end=org_settings.quiet_end,
    )


def _suppression_key(message: OutboxMessage) -> tuple[int, str, str]:
    address = message.address.lower() if message.channel == EMAIL_KIND else message.address
    return (message.organisation_id, message.channel, address)


def batch_suppressed(batch: list[OutboxMessage]) -> set[tuple[int, str, str]]:
    """(organisation, channel, address) of the batch's recipients who unsubscribed."""
    keys = {_suppression_key(m) for m in batch if not m.transactional}
    if not keys:
        return set()
    found = Suppression.objects.filter(
        organisation_id__in={key[0] for key in keys},
        channel__in={key[1] for key in keys},
        address__in={key[2] for key in keys},
    ).values_list("organisation_id", "channel", "address")
    return set(found) & keys


# (organisation, kind, channel id or None, address; "" for the whole channel)
HealthKey = tuple[int, str, int | None, str]


def batch_failing(batch: list[OutboxMessage]) -> set[HealthKey]:
    """Addresses (and channels, address "") of the batch's organisations marked failing."""
    return set(
        AddressHealth.objects.filter(
            organisation_id__in={m.organisation_id for m in batch}, status=HealthStatus.FAILING
        ).values_list("organisation_id", "channel", "via_id", "address")
    )


class Deliverer:
    """One delivery run of one worker: transports opened once and reused across messages."""

    def __init__(
        self,
        *,
        worker: str,
        clock: Callable[[], datetime.datetime] = timezone.now,
        transports: Callable[[OutboxMessage], Transport] = transport_for,
        rng: random.Random | None = None,
    ) -> None:
        self.worker = worker[:64]
        self.clock = clock
        self.make_transport = transports
        self.rng = rng or random.Random()
        self.cache = SettingsCache()
        self._transports: dict[tuple[str, int, int | None], Transport] = {}
        # Looked up once per batch rather than once per message.
        self._suppressed: set[tuple[int, str, str]] = set()
        self._failing: set[HealthKey] = set()
        self._away = AwayHolds([], now=self.clock())

    def close(self) -> None:
        for transport in self._transports.values():
            try:
                transport.__exit__(None, None, None)
            except Exception:
                logger.warning("closing a %s transport failed", type(transport).__name__)
        self._transports = {}

    @staticmethod
    def _transport_key(message: OutboxMessage) -> tuple[str, int, int | None]:
        return (message.channel, message.organisation_id, message.via_id)

    def transport(self, message: OutboxMessage) -> Transport:
        key = self._transport_key(message)
        if key not in self._transports:
            transport = self.make_transport(message)
            self._transports[key] = transport.__enter__()
        return self._transports[key]

    def run(
        self,
        *,
        budget: float | None = None,
        stop: Callable[[], bool] = lambda: False,
        limit: int | None = None,
        only: list[int] | None = None,
    ) -> DeliveryReport:
        """Deliver due messages until none is due, `budget` seconds passed, or `stop()`."""
        report = DeliveryReport()
        started = time.monotonic()
        overrides = override_cache.set({})
        try:
            while True:
                if stop() or (budget is not None and time.monotonic() - started >= budget):
                    report.more_due = True
                    break
                if limit is not None and report.handled >= limit:
                    report.more_due = True
                    break
                batch = outbox_claim(worker=self.worker, now=self.clock(), only=only)
                if not batch:
                    break
                self._suppressed = batch_suppressed(batch)
                self._failing = batch_failing(batch)
                self._away = AwayHolds(batch, now=self.clock())
                for index, message in enumerate(batch):
                    assert message.lease_until is not None  # claimed, so leased
                    over_budget = budget is not None and time.monotonic() - started >= budget
                    if stop() or over_budget or self.clock() >= message.lease_until - LEASE_MARGIN:
                        _release(batch[index:], self.worker)
                        report.more_due = True
                        break
                    self.deliver(message, report)
        finally:
            override_cache.reset(overrides)
            self.close()
        report.seconds = time.monotonic() - started
        return report

    def deliver(self, message: OutboxMessage, report: DeliveryReport) -> None:
        now = self.clock()
        org_settings = self.cache.settings_of(message.organisation_id)
        if not message.transactional and _suppression_key(message) in self._suppressed:
            _held(message, self.worker).update(status=Status.SUPPRESSED, updated_at=now, **RELEASED)
            report.suppressed += 1
            return
        expires = message.expires_at
        if expires is not None and now >= expires:
            self.expire(message, f"expired at {_utc(expires)} before it could be sent", report)
            return
        window = message_window(message, org_settings)
        if window is not None:
            # Away (a holiday, out of office): not before their first day back.
            opens = self._away.back_at(message) or window.next_open(now)
            if expires is not None and opens >= expires:
                # Waiting would only end in expiry; say now why it was not sent.
                self.expire(
                    message,
                    f"expired unsent: the recipient can be reached from {_utc(opens)} "
                    f"(their sending window or an absence), after it expires at {_utc(expires)}",
                    report,
                )
                return
            if opens > now:
                _held(message, self.worker).update(
                    status=Status.QUEUED, due_at=opens, updated_at=now, **RELEASED
                )
                report.deferred += 1
                return
        error: TransportError | None = None
        try:
            # Rendered once, here, in the recipient's language and zone; the transport
            # only delivers it.
            rendered = outbox_render(message)
            self.transport(message).send(message, rendered)
        except TransportError as exc:
            error = exc
        except DatabaseError:
            raise
        except Exception as exc:  # a bug or an unexpected library error: retried, then failed
            logger.exception("message %s: unexpected error while sending", message.pk)
            error = TransportError(f"{type(exc).__name__}: {exc}", permanent=False, scope="message")
        if error is not None and not error.permanent:
            # The connection may be in a bad state: open a fresh one for the next message.
            self._drop_transport(message)
        self.record(message, started=now, error=error, report=report)

    def expire(self, message: OutboxMessage, reason: str, report: DeliveryReport) -> None:
        """Record `message` as not sent because it would arrive too late (no attempt: nothing
        was tried)."""
        _held(message, self.worker).update(
            status=Status.EXPIRED,
            last_error=reason[:ERROR_MAX_LENGTH],
            updated_at=self.clock(),
            **RELEASED,
        )
        report.expired += 1
        logger.info("message %s not sent: %s", message.pk, reason)

    def _drop_transport(self, message: OutboxMessage) -> None:
        transport = self._transports.pop(self._transport_key(message), None)
        if transport is not None:
            try:
                transport.__exit__(None, None, None)
            except Exception:
                logger.debug("closing a broken transport failed", exc_info=True)

    def record(
        self,
        message: OutboxMessage,
        *,
        started: datetime.datetime,
        error: TransportError | None,
        report: DeliveryReport,
    ) -> None:
        finished = self.clock()
        number = message.attempt_count + 1
        if error is None:
            result = AttemptResult.SENT
            changes: dict[str, Any] = {
                "status": Status.SENT,
                "sent_at": finished,
                "external_id": (message.external_id or "")[:255],
                "last_error": "",
            }
        elif error.permanent or number >= MAX_ATTEMPTS:
            result = AttemptResult.FAILED
            changes = {"status": Status.FAILED, "last_error": str(error)[:ERROR_MAX_LENGTH]}
        else:
            result = AttemptResult.RETRY
            retry_at = finished + backoff_delay(number, rng=self.rng)
            changes = {
                "status": Status.QUEUED,
                "due_at": retry_at,
                "last_error": str(error)[:ERROR_MAX_LENGTH],
            }
            if message.expires_at is not None and retry_at >= message.expires_at:
                # The next try would be too late: this attempt was the last.
                result = AttemptResult.FAILED
                changes = {
                    "status": Status.EXPIRED,
                    "last_error": (f"{error} (no retry: it expires at {_utc(message.expires_at)})")[
                        :ERROR_MAX_LENGTH
                    ],
                }
        with transaction.atomic():
            _commit_without_flush_wait()
            held = _held(message, self.worker).update(
                attempt_count=F("attempt_count") + 1, updated_at=finished, **changes, **RELEASED
            )
            if not held:
                # Our lease ran out and another worker has it now; keep the history honest.
                logger.warning(
                    "message %s: claim lost while sending (worker %s)", message.pk, self.worker
                )
            DeliveryAttempt.objects.create(
                message=message,
                number=number,
                started_at=started,
                finished_at=finished,
                result=result,
                error="" if error is None else str(error)[:ERROR_MAX_LENGTH],
                worker=self.worker,
            )
            healing = {
                (message.organisation_id, message.channel, message.via_id, address)
                for address in ("", message.address)
            } & self._failing
            if error is None and healing:
                AddressHealth.objects.filter(
                    organisation_id=message.organisation_id,
                    channel=message.channel,
                    via_id=message.via_id,
                    address__in=["", message.address],
                    status=HealthStatus.FAILING,
                ).update(status=HealthStatus.OK, failures=0, last_success_at=finished)
            elif (
                error is not None
                and changes["status"] == Status.FAILED
                and error.scope
                in (
                    "address",
                    "channel",
                )
            ):
                _mark_failing(message, error, at=finished)
                address = "" if error.scope == "channel" else message.address
                self._failing.add(
                    (message.organisation_id, message.channel, message.via_id, address)
                )
        if error is None:
            report.sent += 1
        elif changes["status"] == Status.EXPIRED:
            report.expired += 1
            logger.info("message %s not sent: %s", message.pk, changes["last_error"])
        elif result == AttemptResult.FAILED:
            report.failed += 1
            logger.warning("message %s failed for good: %s", message.pk, error)
        else:
            report.retried += 1
            logger.info("message %s will be retried: %s", message.pk, error)


def _commit_without_flush_wait() -> None:
    """On PostgreSQL, let this transaction's commit return before its WAL is on disk.

    A worker that dies still leaves the record committed (the server has it); only a crash
    of the database server itself within a fraction of a second could lose it, and then the
    message is sent again rather than lost. That is the same window the worker already has
    between the mail server's "accepted" and our commit, and it saves a disk flush per
    message.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def _mark_failing(message: OutboxMessage, error: TransportError, *, at: datetime.datetime) -> None:
    address = "" if error.scope == "channel" else message.address
    health, _created = AddressHealth.objects.get_or_create(
        organisation_id=message.organisation_id,
        channel=message.channel,
        via_id=message.via_id,
        address=address,
    )
    health.status = HealthStatus.FAILING
    health.failures += 1
    health.last_error = str(error)[:ERROR_MAX_LENGTH]
    health.last_failure_at = at
    health.save()


def outbox_deliver_due(
    *,
    worker: str,
    budget: float | None = None,
    stop: Callable[[], bool] = lambda: False,
    clock: Callable[[], datetime.datetime] = timezone.now,
    transports: Callable[[OutboxMessage], Transport] = transport_for,
) -> DeliveryReport:
    """Deliver what is due now as `worker` (see the module docstring)."""
    return Deliverer(worker=worker, clock=clock, transports=transports).run(
        budget=budget, stop=stop
    )


def outbox_deliver_now(*, message: OutboxMessage, worker: str) -> OutboxMessage:
    """Deliver `message` at once, if it is due, the way a worker does (claim, send, record):
    for someone waiting for it (a password link, `hallway send-test`). A failure is recorded
    like any other, and the message stays in the outbox for the workers' retries."""
    Deliverer(worker=worker).run(only=[message.pk])
    message.refresh_from_db()
    return message
