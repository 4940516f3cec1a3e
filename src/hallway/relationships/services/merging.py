"""Merging duplicate contacts: one contact is kept, the others are folded into it.

The kept contact keeps its own values and takes an empty field from the first other contact
that has it; addresses are united (the others' main addresses become further addresses);
touches, details, notes, orders, owners and tags move to it, and so does anything another
part of Hallway links to a contact (every relation is moved, whoever declared it). One
transaction: a merge happens completely or not at all.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ManyToManyField, ManyToManyRel, Model
from django.utils.translation import gettext as _

from hallway.accounts.models import Organisation, User
from hallway.audit.services import audit_record
from hallway.relationships.models import Contact, ContactEmail, Order

# The contact's own fields a merge fills from the others when the kept one lacks them.
MERGED_FIELDS = (
    "email",
    "phone",
    "kind",
    "company",
    "job_title",
    "language",
    "timezone",
    "work_start",
    "work_end",
    "working_days",
    "holiday_region",
    "legal_basis",
    "consent_on",
    "source",
    "cadence_days",
)


@dataclass(frozen=True)
class MergedField:
    name: str
    label: str
    value: Any
    display: str
    # The contact the value comes from (the kept one unless it had none).
    source: Contact


@dataclass
class MergePlan:
    keep: Contact
    others: list[Contact]
    fields: list[MergedField] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    # What moves, counted where counting reveals nothing: details and notes are not counted,
    # as another author's private ones would show in the number.
    moved: dict[str, int] = field(default_factory=dict)


def _empty(value: Any) -> bool:
    return value in (None, "", [])


def _display(contact: Contact, name: str) -> str:
    value = getattr(contact, name)
    if _empty(value):
        return "—"
    display = getattr(contact, f"get_{name}_display", None)
    if callable(display):
        return str(display())
    if name == "working_days":
        from hallway.people.cell_values import format_working_days

        return format_working_days(value)
    return str(value)


def _check(organisation: Organisation, keep: Contact, others: Sequence[Contact]) -> None:
    if not others:
        raise ValidationError(_("Choose at least one other contact to merge into this one."))
    if any(c.organisation_id != organisation.pk for c in (keep, *others)):
        raise ValidationError(_("Choose contacts from this organisation."))
    if any(c.pk == keep.pk for c in others):
        raise ValidationError(_("A contact cannot be merged into itself."))


def contacts_merge_plan(
    *, organisation: Organisation, keep: Contact, others: Sequence[Contact]
) -> MergePlan:
    """What `contacts_merge` would do, changing nothing (the preview)."""
    _check(organisation, keep, others)
    plan = MergePlan(keep=keep, others=list(others))
    for name in MERGED_FIELDS:
        source = keep
        if _empty(getattr(keep, name)):
            source = next((o for o in others if not _empty(getattr(o, name))), keep)
        model_field = Contact._meta.get_field(name)
        plan.fields.append(
            MergedField(
                name=name,
                label=str(getattr(model_field, "verbose_name", name)),
                value=getattr(source, name),
                display=_display(source, name),
                source=source,
            )
        )
    main = next(f.value for f in plan.fields if f.name == "email") or ""
    addresses = {c.email for c in (keep, *others) if c.email}
    addresses |= set(
        ContactEmail.objects.filter(contact__in=[keep, *others]).values_list("email", flat=True)
    )
    plan.emails = [main, *sorted(addresses - {main})] if main else sorted(addresses)
    ids = [o.pk for o in others]
    plan.moved = {
        "touches": Contact.touches.through.objects.filter(contact_id__in=ids).count(),
        "orders": Order.objects.filter(contact_id__in=ids).count(),
    }
    return plan


def _move_relations(keep: Contact, ids: list[int]) -> None:
    """Point every relation of the others at `keep`: foreign keys and many-to-many links,
    including those of apps that know nothing of merging."""
    for relation in Contact._meta.related_objects:
        related = relation.related_model
        if not isinstance(related, type) or related is ContactEmail:
            continue
        if isinstance(relation, ManyToManyRel) and isinstance(relation.field, ManyToManyField):
            through = cast("type[Model]", relation.through)
            links = through._default_manager
            # The link table's column to the other model, and to the contact.
            source = relation.field.m2m_field_name()
            target = relation.field.m2m_reverse_field_name()
            rows = links.filter(**{f"{target}_id__in": ids})
            linked = set(
                links.filter(**{f"{target}_id": keep.pk}).values_list(f"{source}_id", flat=True)
            )
            wanted = set(rows.values_list(f"{source}_id", flat=True)) - linked
            links.bulk_create(
                through(**{f"{source}_id": pk, f"{target}_id": keep.pk}) for pk in wanted
            )
            rows.delete()
        elif relation.one_to_many or relation.one_to_one:
            name = relation.field.name
            related._default_manager.filter(**{f"{name}_id__in": ids}).update(**{name: keep})


def _union_many(keep: Contact, others: Sequence[Contact], name: str, target: str) -> None:
    through = getattr(Contact, name).through
    have = set(through.objects.filter(contact=keep).values_list(f"{target}_id", flat=True))
    more = set(
        through.objects.filter(contact__in=list(others)).values_list(f"{target}_id", flat=True)
    )
    through.objects.bulk_create(
        through(**{"contact_id": keep.pk, f"{target}_id": pk}) for pk in more - have
    )


@transaction.atomic
def contacts_merge(
    *, organisation: Organisation, keep: Contact, others: Sequence[Contact], by: User | None
) -> Contact:
    """Fold `others` into `keep` (see the module docstring) and delete them."""
    plan = contacts_merge_plan(organisation=organisation, keep=keep, others=others)
    ids = [o.pk for o in others]
    names = [o.name for o in others]
    for merged in plan.fields:
        setattr(keep, merged.name, merged.value)
    latest = [c.last_touch_at for c in (keep, *others) if c.last_touch_at is not None]
    keep.last_touch_at = max(latest) if latest else None
    _union_many(keep, others, "owners", "user")
    _union_many(keep, others, "tags", "contacttag")
    _move_relations(keep, ids)
    ContactEmail.objects.filter(contact_id__in=[keep.pk, *ids]).delete()
    Contact.objects.filter(pk__in=ids).delete()
    keep.save()
    ContactEmail.objects.bulk_create(
        ContactEmail(organisation=organisation, contact=keep, email=email)
        for email in plan.emails
        if email != keep.email
    )
    audit_record(
        "contacts_merged",
        organisation=organisation,
        actor=by,
        target=keep.name,
        details={"kept": keep.pk, "merged": ids, "names": names},
    )
    return keep
