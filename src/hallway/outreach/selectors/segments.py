"""A segment's members: saved filters over the organisation's contacts, read fresh.

Filters (all optional, combined with AND; a list matches any of its values):
`kinds` (contact kinds), `industries` (the company's industry, any case), `tags`,
`languages` (the contact's own, else their company's), `touched_within_days` (touched in
the last N days), `not_touched_for_days` (not touched for N days, or never), `consent`
(true: only contacts who consented to marketing).
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from hallway.accounts.models import Organisation
from hallway.accounts.tenancy import scoped
from hallway.outreach.models import Segment
from hallway.relationships.interface import Contact, ContactKind, LegalBasis

LIST_FILTERS = ("kinds", "industries", "tags", "languages")
DAY_FILTERS = ("touched_within_days", "not_touched_for_days")
FILTERS = (*LIST_FILTERS, *DAY_FILTERS, "consent")


def segment_filters_clean(filters: object) -> dict[str, Any]:
    """The filters in their stored form; ValidationError naming every problem."""
    if not isinstance(filters, dict):
        raise ValidationError({"filters": _("The filters are a JSON object.")})
    problems: list[str] = []
    clean: dict[str, Any] = {}
    for name, value in filters.items():
        if name not in FILTERS:
            problems.append(_("“%(name)s” is not a filter.") % {"name": name})
        elif name in LIST_FILTERS:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                problems.append(_("“%(name)s” is a list of words.") % {"name": name})
            elif value:
                clean[name] = sorted({v.strip() for v in value if v.strip()})
        elif name in DAY_FILTERS:
            if value in (None, ""):
                continue
            if not isinstance(value, int) or isinstance(value, bool) or not 0 < value <= 3650:
                problems.append(_("“%(name)s” is a number of days (1 to 3650).") % {"name": name})
            else:
                clean[name] = value
        elif not isinstance(value, bool):
            problems.append(_("“consent” is true or false."))
        elif value:
            clean[name] = True
    unknown = set(clean.get("kinds", [])) - set(ContactKind.values)
    if unknown:
        problems.append(
            _("Unknown kinds: %(kinds)s (one of %(known)s).")
            % {"kinds": ", ".join(sorted(unknown)), "known": ", ".join(ContactKind.values)}
        )
    if problems:
        raise ValidationError({"filters": problems})
    return clean


def contacts_matching(
    *, organisation: Organisation, filters: dict[str, Any], now: datetime.datetime
) -> QuerySet[Contact]:
    contacts = scoped(Contact, organisation)
    if filters.get("kinds"):
        contacts = contacts.filter(kind__in=filters["kinds"])
    if filters.get("industries"):
        wanted = Q(pk__in=[])
        for industry in filters["industries"]:
            wanted |= Q(company__industry__iexact=industry)
        contacts = contacts.filter(wanted)
    if filters.get("tags"):
        contacts = contacts.filter(tags__name__in=filters["tags"])
    if filters.get("languages"):
        languages = filters["languages"]
        contacts = contacts.filter(
            Q(language__in=languages) | Q(language="", company__language__in=languages)
        )
    if filters.get("touched_within_days"):
        since = now - datetime.timedelta(days=filters["touched_within_days"])
        contacts = contacts.filter(last_touch_at__gte=since)
    if filters.get("not_touched_for_days"):
        before = now - datetime.timedelta(days=filters["not_touched_for_days"])
        contacts = contacts.filter(Q(last_touch_at__lt=before) | Q(last_touch_at__isnull=True))
    if filters.get("consent"):
        contacts = contacts.filter(legal_basis=LegalBasis.CONSENT, consent_on__isnull=False)
    return contacts.distinct().order_by("name", "id")


def segment_contacts(*, segment: Segment, now: datetime.datetime) -> QuerySet[Contact]:
    """The contacts in `segment` now."""
    return contacts_matching(organisation=segment.organisation, filters=segment.filters, now=now)
