"""Create and edit companies and contacts. The forms parse; `company_save` and
`contact_save` validate and write."""

from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from hallway.accounts.models import Organisation
from hallway.core.forms import form_field
from hallway.core.widgets import LongSelect
from hallway.people.field_kinds import DATE_INPUT, TIME_INPUT, split_list
from hallway.people.hours import WEEKDAYS
from hallway.relationships.models import Company, CompanyKind, Contact, ContactKind, LegalBasis
from hallway.relationships.selectors.lists import company_choices, member_choices, member_emails
from hallway.relationships.services.records import CompanyData, ContactData

CADENCE_CUSTOM = "custom"
CADENCE_CHOICES = [
    ("", _("No cadence")),
    ("14", _("Every 2 weeks")),
    ("30", _("Monthly")),
    ("91", _("Quarterly")),
    (CADENCE_CUSTOM, _("Every … days")),
]
WORKING_WEEK_FIELDS = (
    "language",
    "timezone",
    "work_start",
    "work_end",
    "working_days",
    "holiday_region",
)


class WorkingWeekForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", "—"), *settings.LANGUAGES]
    )
    timezone = forms.CharField(
        label=_("Time zone"),
        required=False,
        max_length=64,
        widget=forms.TextInput(attrs={"list": "timezone-options", "autocomplete": "off"}),
        help_text=_("An IANA time zone such as Europe/Amsterdam or Asia/Kolkata."),
    )
    work_start = forms.TimeField(label=_("Working hours start"), required=False, widget=TIME_INPUT)
    work_end = forms.TimeField(label=_("Working hours end"), required=False, widget=TIME_INPUT)
    working_days = forms.TypedMultipleChoiceField(
        label=_("Working days"),
        required=False,
        coerce=int,
        choices=list(WEEKDAYS.items()),
        widget=forms.CheckboxSelectMultiple,
    )
    holiday_region = forms.CharField(
        label=_("Public holidays"),
        required=False,
        max_length=16,
        help_text=_("A country, or country and region: NL, DE-NW."),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.members = member_emails(organisation=organisation)
        owners = form_field(self, "owners", forms.TypedMultipleChoiceField)
        owners.choices = member_choices(organisation=organisation)

    def working_week_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        week: dict[str, Any] = {key: data[key] for key in WORKING_WEEK_FIELDS if key in data}
        if "working_days" in week:
            week["working_days"] = week["working_days"] or None
        return week

    def owner_emails(self) -> list[str]:
        return [
            self.members[pk] for pk in self.cleaned_data.get("owners") or [] if pk in self.members
        ]

    @staticmethod
    def working_week_initial(obj: Company | Contact) -> dict[str, Any]:
        initial = {key: getattr(obj, key) for key in WORKING_WEEK_FIELDS}
        initial["working_days"] = obj.working_days or []
        initial["owners"] = list(obj.owners.values_list("pk", flat=True))
        return initial


def _owners_field() -> forms.TypedMultipleChoiceField:
    return forms.TypedMultipleChoiceField(
        label=_("Owners"),
        required=False,
        coerce=int,
        help_text=_("The colleagues who look after this relationship."),
    )


class CompanyForm(WorkingWeekForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=CompanyKind.choices)
    industry = forms.CharField(label=_("Industry"), required=False, max_length=120)
    website = forms.URLField(
        label=_("Website"), required=False, max_length=300, assume_scheme="https"
    )
    owners = _owners_field()
    field_order = ["name", "kind", "industry", "website", "owners"]

    @classmethod
    def initial_for(cls, company: Company) -> dict[str, Any]:
        return {
            "name": company.name,
            "kind": company.kind,
            "industry": company.industry,
            "website": company.website,
            **cls.working_week_initial(company),
        }

    def company_data(self) -> CompanyData:
        data = self.cleaned_data
        result: dict[str, Any] = {
            key: data[key] for key in ("name", "kind", "industry", "website") if key in data
        }
        result.update(self.working_week_data())
        result["owner_emails"] = self.owner_emails()
        return cast("CompanyData", result)


class ContactForm(WorkingWeekForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("Email address"), required=False)
    other_emails = forms.CharField(
        label=_("Other email addresses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Separated by commas or one per line."),
    )
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40)
    kind = forms.ChoiceField(label=_("Kind"), choices=ContactKind.choices)
    company = forms.TypedChoiceField(
        label=_("Company"), required=False, coerce=int, empty_value=None, widget=LongSelect
    )
    job_title = forms.CharField(label=_("Job title"), required=False, max_length=120)
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        help_text=_("Separated by commas."),
        widget=forms.TextInput(attrs={"list": "tag-options", "autocomplete": "off"}),
    )
    owners = _owners_field()
    cadence = forms.ChoiceField(label=_("Keep in touch"), required=False, choices=CADENCE_CHOICES)
    cadence_days = forms.IntegerField(
        label=_("Every how many days"), required=False, min_value=1, max_value=3660
    )
    legal_basis = forms.ChoiceField(
        label=_("Legal basis"), required=False, choices=LegalBasis.choices
    )
    consent_on = forms.DateField(label=_("Consent given on"), required=False, widget=DATE_INPUT)
    source = forms.CharField(
        label=_("Source"),
        required=False,
        max_length=120,
        help_text=_("Where this contact came from."),
    )
    field_order = [
        "name", "email", "other_emails", "phone", "kind", "company", "job_title", "tags",
        "owners", "cadence", "cadence_days", "legal_basis", "consent_on", "source",
    ]  # fmt: skip

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, organisation=organisation, **kwargs)
        choices = company_choices(organisation=organisation)
        if choices is None:
            # Too many to list: the company is typed by its name.
            self.fields["company"] = forms.CharField(
                label=_("Company"),
                required=False,
                max_length=200,
                help_text=_("Its name exactly as it appears under Companies."),
            )
            chosen = self.initial.get("company")
            if isinstance(chosen, int):
                found = self._company(chosen)
                self.initial["company"] = found.name if found else ""
        else:
            company = form_field(self, "company", forms.TypedChoiceField)
            company.choices = [("", _("No company")), *choices]

    @classmethod
    def initial_for(cls, contact: Contact) -> dict[str, Any]:
        days = contact.cadence_days
        cadence = ""
        if days:
            cadence = str(days) if str(days) in dict(CADENCE_CHOICES) else CADENCE_CUSTOM
        return {
            "name": contact.name,
            "email": contact.email,
            "other_emails": "\n".join(contact.other_emails.values_list("email", flat=True)),
            "phone": contact.phone,
            "kind": contact.kind,
            "company": contact.company_id,
            "job_title": contact.job_title,
            "tags": ", ".join(contact.tags.order_by("name").values_list("name", flat=True)),
            "cadence": cadence,
            "cadence_days": days if cadence == CADENCE_CUSTOM else None,
            "legal_basis": contact.legal_basis,
            "consent_on": contact.consent_on,
            "source": contact.source,
            **cls.working_week_initial(contact),
        }

    def _company(self, value: int | str | None) -> Company | None:
        companies = Company.objects.filter(organisation=self.organisation)
        if isinstance(value, int):
            return companies.filter(pk=value).first()
        name = " ".join((value or "").split())
        return companies.filter(name__iexact=name).order_by("id").first() if name else None

    def clean_company(self) -> int | str | None:
        value: int | str | None = self.cleaned_data.get("company")
        if isinstance(value, str) and value.strip() and self._company(value) is None:
            raise forms.ValidationError(
                _("No company is called “%(name)s”.") % {"name": value.strip()}
            )
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("cadence") == CADENCE_CUSTOM and not data.get("cadence_days"):
            self.add_error("cadence_days", _("Enter after how many days to get in touch again."))
        return data

    def contact_data(self) -> ContactData:
        data = self.cleaned_data
        plain = (
            "name",
            "email",
            "phone",
            "kind",
            "job_title",
            "legal_basis",
            "consent_on",
            "source",
        )
        result: dict[str, Any] = {key: data[key] for key in plain if key in data}
        result.update(self.working_week_data())
        result["owner_emails"] = self.owner_emails()
        if "other_emails" in data:
            result["other_emails"] = split_list(data["other_emails"], r"[,;\s]+")
        if "tags" in data:
            result["tags"] = split_list(data["tags"])
        if "company" in data:
            result["company"] = self._company(data["company"])
        cadence = data.get("cadence") or ""
        if cadence == CADENCE_CUSTOM:
            result["cadence_days"] = data.get("cadence_days")
        else:
            result["cadence_days"] = int(cadence) if cadence else None
        return cast("ContactData", result)
