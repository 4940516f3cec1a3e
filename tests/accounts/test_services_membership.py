import pytest
from django.core.exceptions import ValidationError

from hallway.accounts.models import ApiToken, Membership, Role
from hallway.accounts.services import membership_change_role, membership_remove
from hallway.accounts.tokens import token_authenticate, token_create
from tests.factories import make_membership, make_user


def membership(user, organisation):
    return Membership.objects.get(user=user, organisation=organisation)


def role_of(user, organisation):
    return membership(user, organisation).role


def test_admin_changes_a_members_role(alice, bob, acme):
    changed = membership_change_role(
        membership=membership(bob, acme), role=Role.ORGANISER, actor=alice
    )
    assert changed.role == Role.ORGANISER
    assert role_of(bob, acme) == Role.ORGANISER


def test_admin_may_promote_to_admin_but_not_to_owner(alice, bob, acme):
    membership_change_role(membership=membership(bob, acme), role=Role.ADMIN, actor=alice)
    assert role_of(bob, acme) == Role.ADMIN
    with pytest.raises(ValidationError, match="Only owners can make someone an owner"):
        membership_change_role(membership=membership(bob, acme), role=Role.OWNER, actor=alice)
    assert role_of(bob, acme) == Role.ADMIN


def test_admin_cannot_touch_an_owner(alice, olga, acme):
    with pytest.raises(ValidationError, match="Only owners can change an owner's role"):
        membership_change_role(membership=membership(olga, acme), role=Role.MEMBER, actor=alice)
    with pytest.raises(ValidationError, match="Only owners can remove an owner"):
        membership_remove(membership=membership(olga, acme), actor=alice)
    assert role_of(olga, acme) == Role.OWNER


def test_owner_makes_an_owner_and_may_then_step_down(olga, bob, acme):
    membership_change_role(membership=membership(bob, acme), role=Role.OWNER, actor=olga)
    membership_change_role(membership=membership(olga, acme), role=Role.ADMIN, actor=olga)
    assert role_of(bob, acme) == Role.OWNER
    assert role_of(olga, acme) == Role.ADMIN


def test_the_last_owner_cannot_be_demoted(olga, acme):
    with pytest.raises(ValidationError, match="You are the last owner") as caught:
        membership_change_role(membership=membership(olga, acme), role=Role.ADMIN, actor=olga)
    assert caught.value.code == "last_owner"
    assert role_of(olga, acme) == Role.OWNER


def test_the_last_owner_cannot_remove_themselves(olga, acme):
    with pytest.raises(ValidationError, match="You are the last owner"):
        membership_remove(membership=membership(olga, acme), actor=olga)
    assert role_of(olga, acme) == Role.OWNER


def test_an_owner_may_remove_another_owner_but_not_the_last(olga, acme):
    second = make_user("sam@acme.test", acme, Role.OWNER)
    membership_remove(membership=membership(second, acme), actor=olga)
    assert not Membership.objects.filter(user=second).exists()
    with pytest.raises(ValidationError, match="last owner"):
        membership_remove(membership=membership(olga, acme), actor=olga)


def test_an_owner_who_is_not_the_last_may_leave(olga, acme):
    make_user("sam@acme.test", acme, Role.OWNER)
    membership_remove(membership=membership(olga, acme), actor=olga)
    assert not Membership.objects.filter(user=olga, organisation=acme).exists()


@pytest.mark.parametrize("role", [Role.ORGANISER, Role.MEMBER])
def test_organisers_and_members_manage_nobody(acme, bob, role):
    actor = make_user("actor@acme.test", acme, role)
    with pytest.raises(ValidationError, match="Only owners and admins"):
        membership_change_role(membership=membership(bob, acme), role=Role.ADMIN, actor=actor)
    with pytest.raises(ValidationError, match="Only owners and admins"):
        membership_remove(membership=membership(bob, acme), actor=actor)
    assert role_of(bob, acme) == Role.MEMBER


def test_an_admin_of_another_organisation_cannot_manage_acme(bob, acme, mallory):
    with pytest.raises(ValidationError):
        membership_change_role(membership=membership(bob, acme), role=Role.ADMIN, actor=mallory)
    with pytest.raises(ValidationError):
        membership_remove(membership=membership(bob, acme), actor=mallory)
    assert role_of(bob, acme) == Role.MEMBER


def test_an_unknown_role_is_refused(alice, bob, acme):
    with pytest.raises(ValidationError, match="is not a role"):
        membership_change_role(membership=membership(bob, acme), role="king", actor=alice)
    assert role_of(bob, acme) == Role.MEMBER


def test_removal_revokes_the_members_tokens_in_that_organisation_only(alice, bob, acme, globex):
    make_membership(bob, globex, Role.MEMBER)
    _, acme_raw = token_create(organisation=acme, user=bob)
    _, globex_raw = token_create(organisation=globex, user=bob)
    membership_remove(membership=membership(bob, acme), actor=alice)
    assert not Membership.objects.filter(user=bob, organisation=acme).exists()
    assert token_authenticate(acme_raw) is None
    assert token_authenticate(globex_raw) is not None
    # Rejoining later must not bring the old token back to life.
    make_membership(bob, acme, Role.MEMBER)
    assert token_authenticate(acme_raw) is None
    assert ApiToken.objects.get(organisation=acme, user=bob).revoked_at is not None


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_owners_stepping_down_at_once_leave_one_owner(acme):
    """The organisation row lock serialises the "is there another owner?" check."""
    import threading

    from django.db import connection

    owners = [make_user(f"owner{i}@acme.test", acme, Role.OWNER) for i in range(2)]
    barrier = threading.Barrier(2)
    outcomes = []

    def step_down(owner):
        try:
            target = Membership.objects.get(user=owner, organisation=acme)
            barrier.wait(timeout=10)
            membership_change_role(membership=target, role=Role.ADMIN, actor=owner)
            outcomes.append("demoted")
        except ValidationError as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=step_down, args=(owner,)) for owner in owners]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["demoted", "last_owner"]
    assert Membership.objects.filter(organisation=acme, role=Role.OWNER).count() == 1
