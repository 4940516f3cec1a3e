"""ID token checks (signature, issuer, audience, expiry, nonce) without a provider."""

import time

import pytest
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

from hallway.accounts.sso_client import SsoError, id_token_claims

ISSUER = "https://login.example/realms/acme"
CLIENT = "hallway"
NONCE = "n-0S6_WzA2Mj"


@pytest.fixture(scope="module")
def key():
    return RSAKey.generate_key(2048, parameters={"kid": "provider-key"})


@pytest.fixture(scope="module")
def jwks(key):
    return KeySet([key]).as_dict(private=False)


def token(key, **changes):
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "sub": "ada",
        "aud": CLIENT,
        "iat": now,
        "exp": now + 300,
        "nonce": NONCE,
        "email": "ada@acme.test",
        **changes,
    }
    claims = {name: value for name, value in claims.items() if value is not None}
    return jwt.encode({"alg": "RS256", "kid": key.kid}, claims, key)


def check(value, jwks):
    return id_token_claims(value, keys=jwks, issuer=ISSUER, client_id=CLIENT, nonce=NONCE)


def refusal(value, jwks) -> str:
    with pytest.raises(SsoError) as caught:
        check(value, jwks)
    return caught.value.code


def test_a_good_token_gives_its_claims(key, jwks):
    assert check(token(key), jwks)["email"] == "ada@acme.test"


def test_a_token_signed_by_another_key_is_refused(jwks):
    impostor = RSAKey.generate_key(2048, parameters={"kid": "provider-key"})
    assert refusal(token(impostor), jwks) == "bad_signature"


def test_a_changed_payload_is_refused(key, jwks):
    header, _payload, signature = token(key).split(".")
    _header, other_payload, _signature = token(key, email="mallory@acme.test").split(".")
    assert refusal(f"{header}.{other_payload}.{signature}", jwks) == "bad_signature"


def test_an_unsigned_token_is_refused(key, jwks):
    header, payload, _signature = token(key).split(".")
    none_header = "eyJhbGciOiJub25lIn0"  # {"alg":"none"}
    assert refusal(f"{none_header}.{payload}.", jwks) == "bad_signature"
    assert refusal(f"{header}.{payload}.", jwks) == "bad_signature"


@pytest.mark.parametrize(
    "changes",
    [
        {"iss": "https://evil.example"},
        {"aud": "another-client"},
        {"aud": [CLIENT, "another-client"]},  # several audiences need azp = us
        {"exp": int(time.time()) - 3600},
        {"nonce": "replayed"},
        {"nonce": None},
        {"sub": None},
    ],
    ids=["issuer", "audience", "azp", "expired", "nonce", "no-nonce", "no-sub"],
)
def test_wrong_claims_are_refused(key, jwks, changes):
    assert refusal(token(key, **changes), jwks) == "bad_claims"


def test_several_audiences_with_us_as_authorised_party_pass(key, jwks):
    assert check(token(key, aud=[CLIENT, "other"], azp=CLIENT), jwks)["sub"] == "ada"
