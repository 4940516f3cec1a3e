"""Bearer-token authentication: no token, a bad one, a revoked one, a user who left."""

import pytest

from hallway.accounts.models import Membership, Role
from hallway.accounts.tokens import token_create, token_revoke
from tests.api.conftest import ApiClient, assert_error
from tests.factories import make_membership

PEOPLE = "/api/v1/people"


def test_a_valid_token_reads_its_organisation(alice_api, carol):
    response = alice_api.get(PEOPLE)
    assert response.status_code == 200
    assert [p["email"] for p in response.json()["results"]] == ["carol@acme.test"]


def test_no_token_is_401_with_a_hint_and_a_challenge(anonymous_api, carol):
    response = anonymous_api.get(PEOPLE)
    error = assert_error(response, 401, "unauthorized")
    assert "Authorization: Bearer" in error["message"]
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "header",
    ["Bearer hw_not-a-real-token", "Bearer ", "Token hw_whatever", "Basic YWxpY2U6c2VjcmV0"],
)
def test_a_bad_token_is_401(db, header):
    response = ApiClient().get(PEOPLE, headers={"Authorization": header})
    assert_error(response, 401, "unauthorized")


def test_a_revoked_token_is_401(alice, acme, carol):
    token, raw = token_create(organisation=acme, user=alice)
    assert ApiClient(raw).get(PEOPLE).status_code == 200
    token_revoke(token=token)
    assert_error(ApiClient(raw).get(PEOPLE), 401, "unauthorized")


def test_a_user_removed_from_the_organisation_loses_access(alice, acme, carol):
    raw = token_create(organisation=acme, user=alice)[1]
    Membership.objects.filter(user=alice, organisation=acme).delete()
    assert_error(ApiClient(raw).get(PEOPLE), 401, "unauthorized")


def test_a_deactivated_user_loses_access(alice, acme, carol):
    raw = token_create(organisation=acme, user=alice)[1]
    alice.is_active = False
    alice.save()
    assert_error(ApiClient(raw).get(PEOPLE), 401, "unauthorized")


def test_a_browser_session_alone_does_not_authenticate(alice_client, carol):
    response = alice_client.get(PEOPLE)
    assert_error(response, 401, "unauthorized")


def test_the_token_not_the_session_decides_the_organisation(
    alice, acme, globex, carol, mallory_api, client
):
    """Alice signed in to Acme in her browser, but the request carries Mallory's Globex token."""
    client.force_login(alice)
    response = client.get(PEOPLE, headers=mallory_api.headers)
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_a_token_acts_in_its_own_organisation_only(alice, acme, globex, carol):
    """Alice belongs to both; her Globex token does not see Acme's people."""
    make_membership(alice, globex, Role.MEMBER)
    raw = token_create(organisation=globex, user=alice)[1]
    assert ApiClient(raw).get(PEOPLE).json()["count"] == 0
    assert_error(ApiClient(raw).get(f"{PEOPLE}/{carol.pk}"), 404, "not_found")


def test_using_a_token_records_when(alice, acme, carol):
    token, raw = token_create(organisation=acme, user=alice)
    assert token.last_used_at is None
    ApiClient(raw).get(PEOPLE)
    token.refresh_from_db()
    assert token.last_used_at is not None
