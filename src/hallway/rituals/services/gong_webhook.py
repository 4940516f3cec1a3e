"""Inbound webhooks: an ATS or CRM rings the gong ("placement made", "deal won").

`POST /api/v1/gong/webhook/<token>` with `X-Hallway-Signature: sha256=<hex HMAC-SHA256 of
the raw body>` under the webhook's secret. The token (in the address) finds the webhook; the
signature is the credential, compared in constant time. The secret is shown once, when the
webhook is made or its secret rotated, and stored encrypted (`core.crypto`, like the
channels' secrets). Every request is logged with its result, never with its body or
signature.

The webhook's mapping turns any JSON into a celebration::

    {"kind": "placement",                       # a kind, or a path to one in the payload
     "title": "{candidate} starts at {client}", # {field} takes a mapped field's value
     "text": "",                                # optional, same placeholders
     "candidate": "$.candidate.name",           # any other name: a field read by path
     "client": "$.job.company",
     "recruiter_email": "$.owner.email",        # a person in the directory, credited
     "external_id": "$.id"}                     # the same id again posts nothing

A payload whose `"event"` is one that a capability registered (`messaging.inbound`: a
candidate's stage, a placement, an order) goes to that capability instead.

Paths are dotted (`$.a.b`, list items as `$.items.0` or `$.items[0]`), read by the tiny
reader below: a JSONPath library would bring filters and wildcards that nobody needs here
and that an admin's typo could turn into surprising matches; a dotted path does one thing.
"""

import datetime
import hashlib
import hmac
import json
import re
import secrets
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from hallway.accounts.models import Organisation
from hallway.accounts.tenancy import scoped
from hallway.messaging.inbound import InboundEvent, inbound_event_get
from hallway.people.models import Person, PersonStatus
from hallway.rituals.models import (
    Celebration,
    CelebrationKind,
    CelebrationSource,
    DeliveryResult,
    GongWebhook,
    WebhookDelivery,
)
from hallway.rituals.services.gong import celebration_post

MAX_BODY_BYTES = 64 * 1024
SIGNATURE_HEADER = "X-Hallway-Signature"
RESERVED = ("kind", "title", "text", "recruiter_email", "external_id")
FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]{0,29}$")
PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]{0,29})\}")
PATH_STEP = re.compile(r"\.([^.\[\]]+)|\[(\d+)\]")
MAX_FIELDS = 10
# The log keeps the last deliveries of each webhook (a flood of forged requests cannot fill
# the database).
LOG_KEEP = 200

DEFAULT_MAPPING: dict[str, str] = {
    "kind": "placement",
    "title": "{candidate} starts at {client}",
    "candidate": "$.candidate.name",
    "client": "$.job.company",
    "recruiter_email": "$.owner.email",
    "external_id": "$.id",
}


class PathMissing(Exception):
    """A path that leads nowhere in the payload."""


def path_read(document: Any, path: str) -> Any:
    """The value at a dotted path (`$.a.b.0`, `$.a.b[0]`); raises PathMissing."""
    if not path.startswith("$"):
        raise PathMissing(path)
    rest = path[1:]
    value = document
    position = 0
    while position < len(rest):
        step = PATH_STEP.match(rest, position)
        if step is None:
            raise PathMissing(path)
        key, index = step.group(1), step.group(2)
        position = step.end()
        if isinstance(value, dict) and key is not None and key in value:
            value = value[key]
        elif isinstance(value, list) and (index or key or "").isdigit():
            number = int(index or key)
            if number >= len(value):
                raise PathMissing(path)
            value = value[number]
        else:
            raise PathMissing(path)
    return value


def _is_path(value: str) -> bool:
    return value.startswith("$.") or value.startswith("$[")


def mapping_problems(mapping: object) -> list[str]:
    """What is wrong with a mapping (every problem at once), in the viewer's language."""
    if not isinstance(mapping, dict):
        return [_("The mapping is a JSON object of names and values.")]
    problems = []
    for name, value in mapping.items():
        if not isinstance(value, str):
            problems.append(_("“%(name)s” must be text.") % {"name": name})
        elif name not in RESERVED and not FIELD_NAME.match(str(name)):
            problems.append(
                _("“%(name)s” is not a field name (small letters, digits and _).") % {"name": name}
            )
        elif name not in ("kind", "title", "text") and not _is_path(value):
            problems.append(
                _("“%(name)s” must be a path into the payload, such as $.candidate.name.")
                % {"name": name}
            )
    if problems:
        return problems
    kind = str(mapping.get("kind", ""))
    if not kind:
        problems.append(_("Give the kind (such as placement) or a path to it."))
    elif not _is_path(kind) and kind not in CelebrationKind.values:
        problems.append(
            _("“%(kind)s” is not a kind of win (one of %(kinds)s).")
            % {"kind": kind, "kinds": ", ".join(CelebrationKind.values)}
        )
    if not str(mapping.get("title", "")).strip():
        problems.append(_("Give a title, such as {candidate} starts at {client}."))
    fields = [name for name in mapping if name not in RESERVED]
    if len(fields) > MAX_FIELDS:
        problems.append(_("At most %(max)d fields.") % {"max": MAX_FIELDS})
    for name in ("title", "text"):
        for placeholder in PLACEHOLDER.findall(str(mapping.get(name, ""))):
            if placeholder not in fields and placeholder != "recruiter":
                problems.append(
                    _("{%(field)s} in the %(where)s is not a field of the mapping.")
                    % {"field": placeholder, "where": name}
                )
    return problems


def _scalar(value: Any) -> str | None:
    if isinstance(value, bool) or value is None:
        return None if value is None else str(value).lower()
    if isinstance(value, (str, int, float)):
        return str(value).strip()
    return None


@dataclass(frozen=True)
class Mapped:
    kind: str
    title: str
    text: str
    details: dict[str, str]
    recruiter_emails: list[str]
    external_id: str


class MappingFailed(Exception):
    pass


def payload_map(mapping: dict[str, str], payload: Any) -> Mapped:
    """A payload read through the mapping; raises MappingFailed saying what is missing."""

    def read(name: str) -> Any:
        try:
            return path_read(payload, mapping[name])
        except PathMissing as exc:
            raise MappingFailed(
                _("%(path)s (for “%(name)s”) is not in the payload.")
                % {"path": mapping[name], "name": name}
            ) from exc

    details: dict[str, str] = {}
    for name in mapping:
        if name in RESERVED:
            continue
        value = _scalar(read(name))
        if value is None:
            raise MappingFailed(
                _("%(path)s (for “%(name)s”) is not text or a number.")
                % {"path": mapping[name], "name": name}
            )
        details[name] = value[:200]
    kind = mapping["kind"]
    if _is_path(kind):
        kind = _scalar(read("kind")) or ""
        if kind not in CelebrationKind.values:
            raise MappingFailed(
                _("“%(kind)s” is not a kind of win (one of %(kinds)s).")
                % {"kind": kind, "kinds": ", ".join(CelebrationKind.values)}
            )
    emails: list[str] = []
    if mapping.get("recruiter_email"):
        found = read("recruiter_email")
        for value in found if isinstance(found, list) else [found]:
            if not isinstance(value, str):
                raise MappingFailed(
                    _("%(path)s (for “recruiter_email”) is not an email address.")
                    % {"path": mapping["recruiter_email"]}
                )
            emails.append(value.strip().lower())
    external_id = ""
    if mapping.get("external_id"):
        external_id = _scalar(read("external_id")) or ""
        if not external_id:
            raise MappingFailed(
                _("%(path)s (for “external_id”) is empty.") % {"path": mapping["external_id"]}
            )
    filled = {**details, "recruiter": ", ".join(emails)}

    def fill(template: str) -> str:
        # A regular expression, not str.format: "{a.__class__}" must not reach attributes.
        return PLACEHOLDER.sub(lambda match: filled.get(match.group(1), ""), template).strip()

    title = fill(mapping["title"])
    if not title:
        raise MappingFailed(_("The title is empty for this payload."))
    return Mapped(
        kind=kind,
        title=title[:200],
        text=fill(mapping.get("text", ""))[:2000],
        details=details,
        recruiter_emails=emails,
        external_id=external_id[:160],
    )


def _new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def gong_webhook_create(
    *, organisation: Organisation, name: str, mapping: dict[str, str], now: datetime.datetime
) -> tuple[GongWebhook, str]:
    """A new webhook and its secret (returned this once; stored encrypted)."""
    problems: dict[str, list[str]] = {}
    name = name.strip()
    if not name or len(name) > 60:
        problems["name"] = [_("A name of 1 to 60 characters.")]
    elif scoped(GongWebhook, organisation).filter(name=name).exists():
        problems["name"] = [_("A webhook of this name exists already.")]
    mapping_errors = mapping_problems(mapping)
    if mapping_errors:
        problems["mapping"] = mapping_errors
    if problems:
        raise ValidationError(problems)
    secret = _new_secret()
    webhook = GongWebhook(
        organisation=organisation,
        name=name,
        token=secrets.token_urlsafe(24),
        mapping=mapping,
        created_at=now,
        secret_rotated_at=now,
    )
    webhook.secret = secret
    with transaction.atomic():
        webhook.save()
    return webhook, secret


def gong_webhook_rotate(*, webhook: GongWebhook, now: datetime.datetime) -> str:
    """A new secret (the old one stops at once), returned this once."""
    secret = _new_secret()
    webhook.secret = secret
    webhook.secret_rotated_at = now
    webhook.save(update_fields=["secrets_encrypted", "secret_rotated_at"])
    return secret


def gong_webhook_set_enabled(*, webhook: GongWebhook, enabled: bool) -> GongWebhook:
    webhook.enabled = enabled
    webhook.save(update_fields=["enabled"])
    return webhook


def signature_valid(*, secret: str, body: bytes, header: str) -> bool:
    """`sha256=<hex>` of HMAC-SHA256(secret, body), compared in constant time."""
    scheme, _sep, given = header.strip().partition("=")
    if scheme != "sha256" or not given or not secret:
        return False
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, given.strip().lower())


def signature_of(secret: str, body: bytes) -> str:
    """The header value a sender computes (for tests, docs and `hallway gong`)."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class WebhookOutcome:
    status: int
    result: str
    message: str
    celebration: Celebration | None = None


def _log(
    webhook: GongWebhook,
    outcome: WebhookOutcome,
    now: datetime.datetime,
    external_id: str = "",
) -> WebhookOutcome:
    WebhookDelivery.objects.create(
        organisation_id=webhook.organisation_id,
        webhook=webhook,
        received_at=now,
        result=outcome.result,
        detail=outcome.message[:300],
        external_id=external_id[:200],
        celebration=outcome.celebration,
    )
    old = WebhookDelivery.objects.filter(webhook=webhook).order_by("-received_at", "-id")[LOG_KEEP:]
    stale = list(old.values_list("pk", flat=True)[:100])
    if stale:
        WebhookDelivery.objects.filter(pk__in=stale).delete()
    return outcome


def _event_receive(
    webhook: GongWebhook, event: InboundEvent, payload: dict[str, Any], now: datetime.datetime
) -> WebhookOutcome:
    """An ATS's event for another capability (a candidate's new stage, a placement), handed
    to the capability that registered it; all or nothing."""
    try:
        with transaction.atomic():
            note = event.handler(webhook.organisation, payload, now)
    except ValidationError as exc:
        return _log(
            webhook, WebhookOutcome(400, DeliveryResult.BAD_PAYLOAD, " ".join(exc.messages)), now
        )
    external_id = _scalar(payload.get("id")) or ""
    return _log(
        webhook,
        WebhookOutcome(202, DeliveryResult.ACCEPTED, f"{event.name}: {note}"),
        now,
        external_id=external_id,
    )


def gong_webhook_receive(
    *, token: str, body: bytes, signature: str, now: datetime.datetime
) -> WebhookOutcome:
    """One request to a webhook: 404 unknown (or switched off), 413 too large, 401 bad
    signature, 400 not JSON or not mappable (with the reason), 202 accepted (also for an
    external id posted before, which posts nothing). Only a 202 posts anything."""
    webhook = (
        GongWebhook.objects.select_related("organisation").filter(token=token).first()
        if token
        else None
    )
    if webhook is None:
        return WebhookOutcome(404, "", _("There is no webhook at this address."))
    if not webhook.enabled:
        return _log(
            webhook,
            WebhookOutcome(404, DeliveryResult.DISABLED, _("There is no webhook at this address.")),
            now,
        )
    if len(body) > MAX_BODY_BYTES:
        return _log(
            webhook,
            WebhookOutcome(
                413,
                DeliveryResult.TOO_LARGE,
                _("The body is larger than %(max)d KB.") % {"max": MAX_BODY_BYTES // 1024},
            ),
            now,
        )
    if not signature_valid(secret=webhook.secret, body=body, header=signature):
        return _log(
            webhook,
            WebhookOutcome(
                401,
                DeliveryResult.BAD_SIGNATURE,
                _("The %(header)s header is missing or does not match the body.")
                % {"header": SIGNATURE_HEADER},
            ),
            now,
        )
    try:
        payload = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return _log(
            webhook,
            WebhookOutcome(
                400,
                DeliveryResult.BAD_PAYLOAD,
                _("The body is not JSON: %(error)s") % {"error": exc},
            ),
            now,
        )
    event = inbound_event_get(payload.get("event")) if isinstance(payload, dict) else None
    if event is not None:
        return _event_receive(webhook, event, payload, now)
    try:
        mapped = payload_map(webhook.mapping, payload)
    except MappingFailed as exc:
        return _log(webhook, WebhookOutcome(400, DeliveryResult.BAD_PAYLOAD, str(exc)), now)
    organisation = webhook.organisation
    wanted = Q(pk__in=[])
    for email in mapped.recruiter_emails:
        wanted |= Q(email__iexact=email)
    credited = list(
        scoped(Person, organisation)
        .exclude(status=PersonStatus.LEFT)
        .filter(wanted)
        .select_related("team")
        .order_by("name", "pk")
    )
    source_ref = f"{webhook.pk}:{mapped.external_id}" if mapped.external_id else ""
    before = (
        scoped(Celebration, organisation)
        .filter(source=CelebrationSource.WEBHOOK, source_ref=source_ref)
        .first()
        if source_ref
        else None
    )
    try:
        celebration = before or celebration_post(
            organisation=organisation,
            kind=mapped.kind,
            title=mapped.title,
            text=mapped.text,
            people=credited,
            team=credited[0].team if credited else None,
            source=CelebrationSource.WEBHOOK,
            source_ref=source_ref,
            now=now,
            details=mapped.details,
        )
    except ValidationError as exc:
        return _log(
            webhook, WebhookOutcome(400, DeliveryResult.BAD_PAYLOAD, " ".join(exc.messages)), now
        )
    unknown = sorted(set(mapped.recruiter_emails) - {person.email.lower() for person in credited})
    detail = (
        _("Not in the directory, so not credited: %(emails)s") % {"emails": ", ".join(unknown)}
        if unknown
        else ""
    )
    result = DeliveryResult.DUPLICATE if before is not None else DeliveryResult.ACCEPTED
    return _log(
        webhook,
        WebhookOutcome(202, result, detail, celebration),
        now,
        external_id=mapped.external_id,
    )
