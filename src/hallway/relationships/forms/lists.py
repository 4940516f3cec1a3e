"""The lists' search, filters and bulk actions. Invalid filter values are ignored."""

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from hallway.accounts.models import Organisation, User
from hallway.accounts.tenancy import scoped
from hallway.core.forms import form_field
from hallway.core.widgets import LongSelect
from hallway.people.forms import IdListField
from hallway.relationships.models import Company, CompanyKind, ContactKind
from hallway.relationships.selectors.lists import (
    QUIET_DAYS,
    company_choices,
    contact_tag_names,
    industry_names,
    member_choices,
)

MINE = "mine"
SORT_CHOICES = [
    ("name", _("Name (A–Z)")),
    ("-name", _("Name (Z–A)")),
    ("last_touch", _("Longest without a touch")),
    ("-last_touch", _("Most recently touched")),
]


def _search_field(help_text: Any) -> forms.CharField:
    return forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text=help_text,
    )


class ListFilterForm(forms.Form):
    """What both lists share: the query string kept for links, the owner filter."""

    def __init__(self, *args: Any, organisation: Organisation, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.members = member_choices(organisation=organisation)
        owner = form_field(self, "owner", forms.ChoiceField)
        owner.choices = [
            ("", _("Anyone")),
            (MINE, _("Mine")),
            *[(str(pk), name) for pk, name in self.members],
        ]

    def owner_id(self) -> int | None:
        value = self.cleaned_data.get("owner") or ""
        if value == MINE:
            return self.user.pk
        return int(value) if value.isdigit() else None

    def export_query(self) -> str:
        """The valid, non-empty filters as a query string (for links that keep them)."""
        self.is_valid()
        kept = {
            name: self.data[name]
            for name in self.fields
            if self.cleaned_data.get(name) and name in self.data
        }
        return urlencode(kept)


class ContactFilterForm(ListFilterForm):
    q = _search_field(_("Name, email address or company."))
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *ContactKind.choices]
    )
    company = forms.TypedChoiceField(
        label=_("Company"), required=False, coerce=int, empty_value=None, widget=LongSelect
    )
    owner = forms.ChoiceField(label=_("Owner"), required=False, widget=LongSelect)
    tag = forms.ChoiceField(label=_("Tag"), required=False)
    quiet = forms.BooleanField(label=_("No touch for 90 days or more"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args: Any, organisation: Organisation, user: User, **kwargs: Any) -> None:
        super().__init__(*args, organisation=organisation, user=user, **kwargs)
        # Options straight from the names: a model per company costs more than the page.
        company = form_field(self, "company", forms.TypedChoiceField)
        choices = company_choices(organisation=organisation)
        if choices is None:
            # Too many to list: only the company a link chose (the search finds the others).
            chosen = str(self.data.get("company", ""))
            choices = list(
                scoped(Company, organisation)
                .filter(pk=int(chosen) if chosen.isdigit() else 0)
                .values_list("pk", "name")
            )
        company.choices = [("", _("All companies")), *choices]
        self.tag_names = contact_tag_names(organisation=organisation)
        tag = form_field(self, "tag", forms.ChoiceField)
        tag.choices = [("", _("Any tag")), *[(name, name) for name in self.tag_names]]

    def search_arguments(self) -> dict[str, Any]:
        self.is_valid()
        data = self.cleaned_data
        quiet_since = None
        if data.get("quiet"):
            quiet_since = timezone.now() - datetime.timedelta(days=QUIET_DAYS)
        return {
            "query": data.get("q") or "",
            "kind": data.get("kind") or "",
            "company_id": data.get("company"),
            "owner_id": self.owner_id() if "owner" in data else None,
            "tag": data.get("tag") or "",
            "quiet_since": quiet_since,
            "order": data.get("sort") or "name",
        }


class CompanyFilterForm(ListFilterForm):
    q = _search_field(_("Name, website or industry."))
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *CompanyKind.choices]
    )
    owner = forms.ChoiceField(label=_("Owner"), required=False, widget=LongSelect)
    industry = forms.ChoiceField(label=_("Industry"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args: Any, organisation: Organisation, user: User, **kwargs: Any) -> None:
        super().__init__(*args, organisation=organisation, user=user, **kwargs)
        industry = form_field(self, "industry", forms.ChoiceField)
        industry.choices = [
            ("", _("Any industry")),
            *[(name, name) for name in industry_names(organisation=organisation)],
        ]

    def search_arguments(self) -> dict[str, Any]:
        self.is_valid()
        data = self.cleaned_data
        return {
            "query": data.get("q") or "",
            "kind": data.get("kind") or "",
            "owner_id": self.owner_id() if "owner" in data else None,
            "industry": data.get("industry") or "",
            "order": data.get("sort") or "name",
        }


class BulkAction:
    OWNER = "owner"
    TAG = "tag"
    KIND = "kind"
    DELETE = "delete"


class BulkForm(forms.Form):
    """An action for the rows ticked on one page of a list."""

    ids = IdListField(required=False)
    page_ids = IdListField(required=False)
    select_page = forms.BooleanField(label=_("Select all on this page"), required=False)
    owner = forms.TypedChoiceField(
        label=_("New owner"), required=False, coerce=int, empty_value=None, widget=LongSelect
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "bulk_%s")
        super().__init__(*args, **kwargs)
        owner = form_field(self, "owner", forms.TypedChoiceField)
        owner.choices = [("", "—"), *member_choices(organisation=organisation)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # Without JavaScript "select all" cannot tick the boxes: the page's ids come along.
        chosen = data.get("page_ids") if data.get("select_page") else data.get("ids")
        if not chosen:
            self.add_error(None, ValidationError(_("Select at least one row first."), code="empty"))
        data["chosen"] = chosen or []
        action = data.get("action")
        if action == BulkAction.OWNER and not data.get("owner"):
            self.add_error("owner", _("Choose the new owner."))
        if action == BulkAction.TAG and not (data.get("tag_name") or "").strip():
            self.add_error("tag_name", _("Enter the tag to add."))
        if action == BulkAction.KIND and not data.get("kind"):
            self.add_error("kind", _("Choose the kind."))
        return data


class ContactBulkForm(BulkForm):
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[
            (BulkAction.OWNER, _("Set the owner")),
            (BulkAction.TAG, _("Add a tag")),
            (BulkAction.KIND, _("Set the kind")),
            (BulkAction.DELETE, _("Delete")),
        ],
    )
    tag_name = forms.CharField(
        label=_("Tag to add"),
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"list": "tag-options", "autocomplete": "off"}),
    )
    kind = forms.ChoiceField(
        label=_("New kind"), required=False, choices=[("", "—"), *ContactKind.choices]
    )


class CompanyBulkForm(BulkForm):
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[
            (BulkAction.OWNER, _("Set the owner")),
            (BulkAction.KIND, _("Set the kind")),
            (BulkAction.DELETE, _("Delete")),
        ],
    )
    kind = forms.ChoiceField(
        label=_("New kind"), required=False, choices=[("", "—"), *CompanyKind.choices]
    )
