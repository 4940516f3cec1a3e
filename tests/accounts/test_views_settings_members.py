from django.urls import reverse

from hallway.accounts.models import Membership, Role
from tests.factories import make_user


def membership(user, organisation):
    return Membership.objects.get(user=user, organisation=organisation)


def change_role(client, target, role):
    return client.post(
        reverse("accounts:settings_member_role", args=[target.pk]), {f"m{target.pk}-role": role}
    )


def test_members_page_lists_everyone_with_their_role(alice_client, bob, olga):
    page = alice_client.get(reverse("accounts:settings_members"))
    content = page.content.decode()
    for email in ["alice@acme.test", "bob@acme.test", "olga@acme.test"]:
        assert email in content
    # Owners first.
    assert content.index("olga@acme.test") < content.index("alice@acme.test")


def test_admin_is_not_offered_to_manage_an_owner(alice_client, acme, olga, bob):
    content = alice_client.get(reverse("accounts:settings_members")).content.decode()
    olga_m, bob_m = membership(olga, acme), membership(bob, acme)
    assert reverse("accounts:settings_member_role", args=[bob_m.pk]) in content
    assert reverse("accounts:settings_member_remove", args=[bob_m.pk]) in content
    assert reverse("accounts:settings_member_role", args=[olga_m.pk]) not in content
    assert reverse("accounts:settings_member_remove", args=[olga_m.pk]) not in content
    assert 'value="owner"' not in content


def test_owner_is_offered_the_owner_role(olga_client, bob):
    content = olga_client.get(reverse("accounts:settings_members")).content.decode()
    assert 'value="owner"' in content


def test_admin_changes_a_role(alice_client, acme, bob):
    target = membership(bob, acme)
    response = change_role(alice_client, target, Role.ORGANISER)
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.role == Role.ORGANISER
    page = alice_client.get(response["Location"])
    assert b"is now Organiser" in page.content


def test_admin_cannot_make_an_owner_through_a_forged_form(alice_client, acme, bob):
    target = membership(bob, acme)
    response = change_role(alice_client, target, Role.OWNER)
    target.refresh_from_db()
    assert target.role == Role.MEMBER
    page = alice_client.get(response["Location"])
    assert b"Only owners can make someone an owner." in page.content


def test_admin_cannot_demote_an_owner(alice_client, acme, olga):
    target = membership(olga, acme)
    response = change_role(alice_client, target, Role.MEMBER)
    target.refresh_from_db()
    assert target.role == Role.OWNER
    assert b"Only owners can change an owner" in alice_client.get(response["Location"]).content


def test_the_last_owner_cannot_demote_themselves(olga_client, acme, olga):
    target = membership(olga, acme)
    response = change_role(olga_client, target, Role.ADMIN)
    target.refresh_from_db()
    assert target.role == Role.OWNER
    assert b"You are the last owner" in olga_client.get(response["Location"]).content


def test_an_invalid_role_is_refused(alice_client, acme, bob):
    target = membership(bob, acme)
    response = change_role(alice_client, target, "emperor")
    target.refresh_from_db()
    assert target.role == Role.MEMBER
    assert b"Please choose one of the roles." in alice_client.get(response["Location"]).content


def test_role_change_needs_post(alice_client, acme, bob):
    url = reverse("accounts:settings_member_role", args=[membership(bob, acme).pk])
    assert alice_client.get(url).status_code == 405


def test_remove_asks_first_then_removes(alice_client, acme, bob):
    target = membership(bob, acme)
    url = reverse("accounts:settings_member_remove", args=[target.pk])
    confirm = alice_client.get(url)
    assert confirm.status_code == 200
    assert b"Remove Bob?" in confirm.content
    assert Membership.objects.filter(pk=target.pk).exists()
    response = alice_client.post(url)
    assert response["Location"] == reverse("accounts:settings_members")
    assert not Membership.objects.filter(pk=target.pk).exists()


def test_the_last_owner_cannot_remove_themselves(olga_client, acme, olga):
    target = membership(olga, acme)
    response = olga_client.post(reverse("accounts:settings_member_remove", args=[target.pk]))
    assert Membership.objects.filter(pk=target.pk).exists()
    assert b"You are the last owner" in olga_client.get(response["Location"]).content


def test_an_admin_who_removes_themselves_goes_home(alice_client, acme, alice, olga):
    target = membership(alice, acme)
    response = alice_client.post(reverse("accounts:settings_member_remove", args=[target.pk]))
    assert response["Location"] == reverse("home")
    assert not Membership.objects.filter(pk=target.pk).exists()


def test_admin_cannot_remove_an_owner(alice_client, acme, olga):
    target = membership(olga, acme)
    alice_client.post(reverse("accounts:settings_member_remove", args=[target.pk]))
    assert Membership.objects.filter(pk=target.pk).exists()


def test_owners_manage_other_owners(olga_client, acme):
    sam = make_user("sam@acme.test", acme, Role.OWNER)
    target = membership(sam, acme)
    change_role(olga_client, target, Role.ADMIN)
    target.refresh_from_db()
    assert target.role == Role.ADMIN
