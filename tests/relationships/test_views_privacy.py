"""Private means private: another user's private note or detail appears on no page, in no
search result and in no export, whatever the viewer's role (alice admin, bob member, carol
the organisation's owner). Notes shared with the owners reach the owners only."""

import pytest
from django.urls import reverse

from hallway.accounts.models import Role
from hallway.relationships.models import Detail, Note, Visibility
from tests.factories import make_company, make_contact, make_user

SECRET = "Secret-4711"


@pytest.fixture
def carol_owner(acme):
    return make_user("carol@acme.test", acme, Role.OWNER)


@pytest.fixture
def dave(acme):
    """A member who owns the company."""
    return make_user("dave@acme.test", acme, Role.MEMBER)


@pytest.fixture
def book(acme, bob, dave):
    company = make_company(acme, "Brightside GmbH")
    company.owners.add(dave)
    nina = make_contact(acme, "Nina Vogel", company=company)
    Note.objects.create(organisation=acme, author=bob, contact=nina, text=f"{SECRET} note")
    Note.objects.create(organisation=acme, author=bob, company=company, text=f"{SECRET} company")
    Detail.objects.create(organisation=acme, author=bob, contact=nina, text=f"{SECRET} detail")
    Note.objects.create(
        organisation=acme,
        author=bob,
        contact=nina,
        text="Owners-only remark",
        visibility=Visibility.OWNERS,
    )
    return {"company": company, "nina": nina}


def pages(book):
    nina, company = book["nina"], book["company"]
    return [
        reverse("relationships:contacts"),
        reverse("relationships:contacts") + "?q=4711",
        reverse("relationships:companies") + "?q=4711",
        reverse("relationships:contact", kwargs={"pk": nina.pk}),
        reverse("relationships:contact_touches", kwargs={"pk": nina.pk}),
        reverse("relationships:company", kwargs={"pk": company.pk}),
        reverse("relationships:contact_edit", kwargs={"pk": nina.pk}),
    ]


@pytest.mark.parametrize("viewer", ["alice", "carol_owner", "dave"])
def test_another_users_private_notes_and_details_show_nowhere(client, request, book, viewer):
    user = request.getfixturevalue(viewer)
    client.force_login(user)
    for url in pages(book):
        response = client.get(url)
        assert response.status_code == 200, url
        assert SECRET not in response.content.decode(), url
    if user.memberships.get().has_role(Role.ORGANISER):
        for export in ("relationships:contact_export", "relationships:company_export"):
            content = client.get(reverse(export)).content.decode("utf-8-sig")
            assert SECRET not in content
            assert "Owners-only" not in content
    search = client.get(reverse("relationships:contacts"), {"q": "4711"})
    assert list(search.context["page"].object_list) == []


def test_the_author_sees_their_own(bob_client, book):
    html = bob_client.get(
        reverse("relationships:contact", kwargs={"pk": book["nina"].pk})
    ).content.decode()
    assert f"{SECRET} note" in html
    assert f"{SECRET} detail" in html


def test_owners_only_reaches_the_companys_owners(client, alice, dave, book):
    url = reverse("relationships:contact", kwargs={"pk": book["nina"].pk})
    client.force_login(dave)
    assert "Owners-only remark" in client.get(url).content.decode()
    client.force_login(alice)
    assert "Owners-only remark" not in client.get(url).content.decode()


def test_another_users_private_note_cannot_be_opened_by_id(alice_client, book):
    note = Note.objects.get(text=f"{SECRET} note")
    detail = Detail.objects.get()
    assert (
        alice_client.get(reverse("relationships:note_edit", kwargs={"pk": note.pk})).status_code
        == 404
    )
    assert (
        alice_client.post(
            reverse("relationships:detail_asked", kwargs={"pk": detail.pk})
        ).status_code
        == 404
    )
    detail.refresh_from_db()
    assert detail.asked_at is None
