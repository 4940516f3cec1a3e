import pytest
from django.urls import reverse

from hallway.accounts.models import ApiToken, Invitation, Membership, Organisation, User
from hallway.accounts.tokens import token_create


@pytest.fixture
def superuser_client(client, db):
    root = User.objects.create_superuser(email="root@hallway.test", password="root-pass-phrase")
    client.force_login(root)
    return client


@pytest.mark.parametrize("model", [Organisation, Membership, Invitation, ApiToken, User])
def test_changelists_render(superuser_client, alice, model):
    url = reverse(f"admin:accounts_{model._meta.model_name}_changelist")
    assert superuser_client.get(url).status_code == 200


def test_user_change_page_renders_with_email_login(superuser_client, alice):
    page = superuser_client.get(reverse("admin:accounts_user_change", args=[alice.pk]))
    assert page.status_code == 200
    assert b'name="email"' in page.content
    assert b'name="username"' not in page.content


def test_superuser_adds_a_user_by_email(superuser_client):
    response = superuser_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "New@Example.com",
            "usable_password": "true",
            "password1": "a-long-new-passphrase",
            "password2": "a-long-new-passphrase",
        },
    )
    assert response.status_code == 302, response.content
    user = User.objects.get(email="new@example.com")
    assert user.check_password("a-long-new-passphrase")


def test_adding_a_duplicate_email_in_other_case_is_refused(superuser_client, alice):
    response = superuser_client.post(
        reverse("admin:accounts_user_add"),
        {"email": "ALICE@acme.test", "usable_password": "false"},
    )
    assert response.status_code == 200
    assert b"already exists" in response.content
    assert User.objects.filter(email__iexact="alice@acme.test").count() == 1


def test_tokens_cannot_be_added_and_their_hash_is_read_only(superuser_client, alice, acme):
    token, _ = token_create(organisation=acme, user=alice)
    assert superuser_client.get(reverse("admin:accounts_apitoken_add")).status_code == 403
    page = superuser_client.get(reverse("admin:accounts_apitoken_change", args=[token.pk]))
    assert page.status_code == 200
    assert b'name="key_hash"' not in page.content
    assert token.key_hash.encode() in page.content


def test_members_cannot_open_the_admin(bob_client):
    response = bob_client.get(reverse("admin:index"))
    assert response.status_code == 302
