import pytest

from hallway.accounts.models import Role
from hallway.relationships.models import Detail, Note, Visibility
from hallway.relationships.selectors.visibility import details_visible_to, notes_visible_to
from tests.factories import make_company, make_contact, make_user


@pytest.fixture
def carol(acme):
    return make_user("carol@acme.test", acme, Role.OWNER)


@pytest.mark.parametrize(
    ("visibility", "seen_by_owner", "seen_by_colleague"),
    [
        (Visibility.PRIVATE, False, False),
        (Visibility.OWNERS, True, False),
        (Visibility.ORGANISATION, True, True),
    ],
)
def test_who_sees_a_note_and_a_detail(
    acme, alice, bob, carol, mallory, visibility, seen_by_owner, seen_by_colleague
):
    company = make_company(acme, "Brightside GmbH")
    company.owners.add(bob)
    nina = make_contact(acme, "Nina Vogel", company=company)
    note = Note.objects.create(
        organisation=acme, author=alice, contact=nina, text="Two kids", visibility=visibility
    )
    detail = Detail.objects.create(
        organisation=acme, author=alice, contact=nina, text="Marathon", visibility=visibility
    )
    for user, expected in [
        (alice, True),
        (bob, seen_by_owner),  # owns the company
        (carol, seen_by_colleague),  # the organisation's owner: no exception for rank
    ]:
        assert (note in notes_visible_to(user, acme)) is expected
        assert (detail in details_visible_to(user, acme)) is expected
    assert not notes_visible_to(mallory, mallory.memberships.get().organisation).exists()
