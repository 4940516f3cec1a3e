"""The OpenID Connect relying party: discovery, the authorization request and checking what
the provider sends back (authorization code flow with PKCE, state and nonce).

Authlib rather than mozilla-django-oidc: each organisation brings its own provider, and
Authlib's `OAuth2Session` is a plain object made per request from that organisation's
settings, while mozilla-django-oidc reads one provider from Django's settings. ID tokens
are verified with joserfc (Authlib's JOSE library) against the provider's published keys.
"""

import secrets
from dataclasses import dataclass
from typing import Any, cast

import requests
from authlib.integrations.base_client import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet, KeySetSerialization

TIMEOUT_SECONDS = 10
SCOPE = "openid email profile"
# Asymmetric algorithms only: an HMAC-signed token would be checked with the client secret,
# which is not a key the provider publishes.
ID_TOKEN_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384"]
CLOCK_LEEWAY_SECONDS = 60


class SsoError(Exception):
    """Signing in through the provider failed; `code` says why (the views explain it)."""

    def __init__(self, code: str, detail: str = "", *, email: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail
        self.email = email  # the address the provider named, when it got that far


@dataclass(frozen=True)
class Provider:
    issuer: str
    client_id: str
    client_secret: str


@dataclass(frozen=True)
class PendingSignIn:
    """What the callback needs to check the answer; kept in the session meanwhile."""

    state: str
    nonce: str
    code_verifier: str


def _get_json(url: str) -> dict[str, Any]:
    try:
        response = requests.get(url, timeout=TIMEOUT_SECONDS)
        response.raise_for_status()
        value = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise SsoError("unreachable", f"{url}: {exc}") from exc
    if not isinstance(value, dict):
        raise SsoError("unreachable", f"{url}: not a JSON object")
    return value


def discovery(issuer: str) -> dict[str, Any]:
    """The provider's metadata; its issuer must be exactly the configured one."""
    document = _get_json(issuer.rstrip("/") + "/.well-known/openid-configuration")
    if document.get("issuer") != issuer:
        raise SsoError(
            "misconfigured", f"the provider calls itself {document.get('issuer')!r}, not {issuer!r}"
        )
    for key in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        if not isinstance(document.get(key), str):
            raise SsoError("misconfigured", f"the provider's metadata has no {key}")
    return document


def _session(provider: Provider, redirect_uri: str) -> Any:
    return OAuth2Session(
        client_id=provider.client_id,
        client_secret=provider.client_secret,
        scope=SCOPE,
        redirect_uri=redirect_uri,
        code_challenge_method="S256",
    )


def authorization_url(
    provider: Provider, *, redirect_uri: str, login_hint: str = ""
) -> tuple[str, PendingSignIn]:
    """Where to send the browser, and what to remember until it comes back."""
    endpoint = discovery(provider.issuer)["authorization_endpoint"]
    pending = PendingSignIn(
        state=secrets.token_urlsafe(32),
        nonce=secrets.token_urlsafe(32),
        code_verifier=secrets.token_urlsafe(64),
    )
    extra = {"login_hint": login_hint} if login_hint else {}
    url, _state = _session(provider, redirect_uri).create_authorization_url(
        endpoint,
        state=pending.state,
        code_verifier=pending.code_verifier,
        nonce=pending.nonce,
        **extra,
    )
    return str(url), pending


def states_match(expected: str, received: str) -> bool:
    return bool(expected) and secrets.compare_digest(expected.encode(), received.encode())


def verified_claims(
    provider: Provider, *, pending: PendingSignIn, code: str, redirect_uri: str
) -> dict[str, Any]:
    """Exchange the code for tokens and return the ID token's claims once its signature
    (against the provider's JWKS), issuer, audience, expiry and nonce are checked."""
    metadata = discovery(provider.issuer)
    try:
        token = _session(provider, redirect_uri).fetch_token(
            metadata["token_endpoint"],
            code=code,
            code_verifier=pending.code_verifier,
            timeout=TIMEOUT_SECONDS,
        )
    except requests.RequestException as exc:
        raise SsoError("unreachable", str(exc)) from exc
    except OAuthError as exc:
        raise SsoError("token_refused", str(exc)) from exc
    id_token = token.get("id_token") if isinstance(token, dict) else None
    if not isinstance(id_token, str):
        raise SsoError("token_refused", "no id_token in the token response")
    keys = _get_json(metadata["jwks_uri"])
    return id_token_claims(
        id_token,
        keys=keys,
        issuer=provider.issuer,
        client_id=provider.client_id,
        nonce=pending.nonce,
    )


def id_token_claims(
    id_token: str, *, keys: dict[str, Any], issuer: str, client_id: str, nonce: str
) -> dict[str, Any]:
    try:
        key_set = KeySet.import_key_set(cast(KeySetSerialization, keys))
        decoded = jwt.decode(id_token, key_set, algorithms=ID_TOKEN_ALGORITHMS)
    except (JoseError, ValueError, KeyError, TypeError) as exc:
        raise SsoError("bad_signature", str(exc)) from exc
    claims = decoded.claims
    registry = jwt.JWTClaimsRegistry(
        leeway=CLOCK_LEEWAY_SECONDS,
        iss={"essential": True, "value": issuer},
        sub={"essential": True},
        exp={"essential": True},
        iat={"essential": True},
        nonce={"essential": True, "value": nonce},
    )
    try:
        registry.validate(claims)
    except JoseError as exc:
        raise SsoError("bad_claims", str(exc)) from exc
    audiences = claims.get("aud")
    audiences = [audiences] if isinstance(audiences, str) else audiences
    if not isinstance(audiences, list) or client_id not in audiences:
        raise SsoError("bad_claims", "the ID token is meant for another client")
    if len(audiences) > 1 and claims.get("azp") != client_id:
        raise SsoError("bad_claims", "the ID token's authorised party is another client")
    return claims
