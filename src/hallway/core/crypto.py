"""Secrets at rest: what the database keeps of tokens and webhook addresses is ciphertext.

Fernet (AES-128-CBC with HMAC-SHA256, from the `cryptography` package) under the keys in
`HALLWAY_ENCRYPTION_KEYS`, newest first: the first key encrypts, every key decrypts, so a
new key can be put in front while the old one still reads what it wrote. `secrets_rotate`
re-encrypts with the first key; after that the old key can go. Without configured keys,
one key is derived from the secret key (HKDF), so a fresh installation needs no setup —
but then changing HALLWAY_SECRET_KEY makes the stored secrets unreadable.
"""

import base64
import hashlib
import json
from collections.abc import Callable, Iterable
from typing import Any, Protocol, TypeVar

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class SecretsUnreadable(Exception):
    """Stored secrets that none of the configured keys opens."""


def derived_key(secret_key: str) -> bytes:
    """A Fernet key derived from Django's secret key (the default when none is configured)."""
    raw = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"hallway secrets at rest"
    ).derive(secret_key.encode())
    return base64.urlsafe_b64encode(raw)


def _keys() -> list[str]:
    configured = [key for key in settings.HALLWAY_ENCRYPTION_KEYS if key]
    return configured or [derived_key(settings.SECRET_KEY).decode()]


def key_fingerprints() -> list[str]:
    """Short digests of the keys, newest first: enough to tell keys apart, useless to read
    anything (a backup records the first, so a restore can warn about a missing key)."""
    return [hashlib.sha256(key.encode()).hexdigest()[:16] for key in _keys()]


def _fernet() -> MultiFernet:
    keys = _keys()
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(
            "HALLWAY_ENCRYPTION_KEYS holds a key that is not a Fernet key "
            "(32 url-safe base64-encoded bytes; make one with "
            "`python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'`)."
        ) from exc


def encrypt_json(value: dict[str, Any]) -> str:
    """Ciphertext of a JSON object ("" for an empty one)."""
    if not value:
        return ""
    return _fernet().encrypt(json.dumps(value, sort_keys=True).encode()).decode()


def decrypt_json(token: str) -> dict[str, Any]:
    if not token:
        return {}
    try:
        plain = _fernet().decrypt(token.encode())
    except InvalidToken as exc:
        raise SecretsUnreadable(
            "none of the configured encryption keys opens the stored secrets "
            "(was HALLWAY_ENCRYPTION_KEYS or HALLWAY_SECRET_KEY changed?)"
        ) from exc
    value = json.loads(plain)
    return value if isinstance(value, dict) else {}


def rotate(token: str) -> str:
    """The same secrets, encrypted with the first (newest) key."""
    if not token:
        return ""
    try:
        return _fernet().rotate(token.encode()).decode()
    except InvalidToken as exc:
        raise SecretsUnreadable(
            "none of the configured encryption keys opens these secrets"
        ) from exc


EncryptedRow = TypeVar("EncryptedRow", bound="Encrypted")


class Encrypted(Protocol):
    """A stored row holding secrets encrypted here (a channel, a single sign-on provider)."""

    secrets_encrypted: str

    def save(self, *, update_fields: Iterable[str] | None = None) -> None: ...


def secrets_reencrypt(
    rows: Iterable[EncryptedRow], *, label: Callable[[EncryptedRow], str]
) -> tuple[int, list[str]]:
    """Re-encrypt each row's secrets with the first (newest) key, so older keys can be
    retired. How many were rewritten, and the labels of those no configured key opens
    (left as they are)."""
    count, unreadable = 0, []
    for row in rows:
        try:
            row.secrets_encrypted = rotate(row.secrets_encrypted)
        except SecretsUnreadable:
            unreadable.append(label(row))
            continue
        row.save(update_fields=["secrets_encrypted"])
        count += 1
    return count, unreadable


# Apps above messaging store secrets too (relationships' calendar addresses and mailbox
# passwords); `hallway channel rotate-keys` cannot import them, so they register here, in
# their AppConfig.ready(), how to re-encrypt theirs: a label ("calendar feeds and
# mailboxes") and a function returning what `secrets_reencrypt` returns.
SecretsRotation = Callable[[], tuple[int, list[str]]]
_rotations: dict[str, tuple[Any, SecretsRotation]] = {}


def secrets_rotation_register(name: str, *, label: Any, rotate: SecretsRotation) -> None:
    _rotations[name] = (label, rotate)


def secrets_rotations() -> list[tuple[Any, SecretsRotation]]:
    """The registered re-encryptions, in the order they were registered."""
    return list(_rotations.values())
