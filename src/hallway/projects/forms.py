"""The forms of the projects' pages: a project, its roster, planning and recording 1:1s.

Field names are the services' (`ProjectFields`, `RoleFields`), so a service's problems land
next to the field they are about.
"""

from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from hallway.accounts.models import Organisation, User
from hallway.accounts.tenancy import scoped
from hallway.core.validators import validate_timezone
from hallway.core.widgets import LongSelect
from hallway.people.field_kinds import DATE_INPUT
from hallway.people.models import Person, PersonStatus
from hallway.projects.models import Project, ProjectStatus, RosterMember, Side
from hallway.projects.services.projects import ProjectFields
from hallway.projects.services.roster import RoleFields
from hallway.relationships.interface import Company, Contact


def member_label(user: User) -> str:
    return user.get_full_name() or user.email


def members_of(organisation: Organisation) -> QuerySet[User]:
    return User.objects.filter(memberships__organisation=organisation).order_by(
        "first_name", "email"
    )


class ProjectForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    company = forms.ModelChoiceField(
        label=_("Client company"),
        queryset=Company.objects.none(),
        widget=LongSelect,
        help_text=_("From your relationships; add a company there first if it is missing."),
    )
    goal = forms.CharField(
        label=_("Common goal"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One paragraph both sides agree on; shown wherever the project appears."),
    )
    starts_on = forms.DateField(label=_("Start"), widget=DATE_INPUT)
    ends_on = forms.DateField(label=_("End"), widget=DATE_INPUT, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=ProjectStatus.choices)
    lead = forms.ModelChoiceField(
        label=_("Project lead"), queryset=User.objects.none(), widget=LongSelect
    )
    language = forms.ChoiceField(
        label=_("Meeting language"),
        choices=[("", _("The organisation’s")), *settings.LANGUAGES],
        required=False,
    )
    timezone = forms.CharField(
        label=_("Time zone"),
        max_length=64,
        required=False,
        validators=[validate_timezone],
        widget=forms.TextInput(attrs={"list": "timezone-options", "autocomplete": "off"}),
        help_text=_(
            "Of the project's meetings, for example America/New_York. Empty: the organisation's."
        ),
    )
    coverage_weeks = forms.IntegerField(
        label=_("1:1s within (weeks)"),
        min_value=1,
        max_value=26,
        help_text=_("Every new member meets each key counterpart on the other side within this."),
    )
    one_on_ones_per_week = forms.IntegerField(
        label=_("1:1s per person and week, at most"), min_value=1, max_value=10
    )
    one_on_one_minutes = forms.IntegerField(
        label=_("Length of a 1:1 (minutes)"), min_value=15, max_value=90
    )
    sponsor = forms.ModelChoiceField(
        label=_("Sponsor"),
        queryset=RosterMember.objects.none(),
        required=False,
        help_text=_("On the client's side: the health shows the days since your last touch."),
    )

    def __init__(
        self, *args: Any, organisation: Organisation, project: Project | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        company = self.fields["company"]
        assert isinstance(company, forms.ModelChoiceField)
        company.queryset = scoped(Company, organisation).order_by("name")
        lead = self.fields["lead"]
        assert isinstance(lead, forms.ModelChoiceField)
        lead.queryset = members_of(organisation)
        lead.label_from_instance = member_label  # type: ignore[method-assign,assignment]
        if project is None:
            # The roster is empty until the project exists.
            del self.fields["sponsor"]
        else:
            sponsor = self.fields["sponsor"]
            assert isinstance(sponsor, forms.ModelChoiceField)
            sponsor.queryset = (
                scoped(RosterMember, organisation)
                .filter(project=project)
                .exclude(side=Side.OURS)
                .select_related("contact")
                .order_by("contact__name")
            )

    def values(self) -> ProjectFields:
        """What the form could read, for the service (None where it could not)."""
        data = getattr(self, "cleaned_data", {})
        return ProjectFields(
            name=data.get("name"),
            company=data.get("company"),
            goal=data.get("goal"),
            starts_on=data.get("starts_on"),
            ends_on=data.get("ends_on"),
            status=data.get("status"),
            lead=data.get("lead"),
            language=data.get("language"),
            timezone=data.get("timezone"),
            coverage_weeks=data.get("coverage_weeks"),
            one_on_ones_per_week=data.get("one_on_ones_per_week"),
            one_on_one_minutes=data.get("one_on_one_minutes"),
            sponsor=data.get("sponsor"),
        )


def project_initial(project: Project) -> dict[str, Any]:
    return {
        "name": project.name,
        "company": project.company_id,
        "goal": project.goal,
        "starts_on": project.starts_on,
        "ends_on": project.ends_on,
        "status": project.status,
        "lead": project.lead_id,
        "language": project.language,
        "timezone": project.timezone,
        "coverage_weeks": project.coverage_weeks,
        "one_on_ones_per_week": project.one_on_ones_per_week,
        "one_on_one_minutes": project.one_on_one_minutes,
        "sponsor": project.sponsor_id,
    }


class RoleForm(forms.Form):
    role = forms.CharField(label=_("Role"), max_length=120, required=False)
    responsibilities = forms.CharField(
        label=_("Responsibilities"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    key_counterpart = forms.BooleanField(
        label=_("Key counterpart"),
        required=False,
        help_text=_("Everyone on the other side meets them one-on-one."),
    )
    sub_project = forms.CharField(label=_("Sub-project"), max_length=80, required=False)

    def role_values(self) -> RoleFields:
        data = getattr(self, "cleaned_data", {})
        return RoleFields(
            role=data.get("role", ""),
            responsibilities=data.get("responsibilities", ""),
            key_counterpart=bool(data.get("key_counterpart")),
            sub_project=data.get("sub_project", ""),
        )


class OursForm(RoleForm):
    """One of ours, from the directory."""

    person = forms.ModelChoiceField(
        label=_("Person"), queryset=Person.objects.none(), widget=LongSelect
    )
    field_order = ["person", "role", "responsibilities", "key_counterpart", "sub_project"]

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "ours")
        super().__init__(*args, **kwargs)
        person = self.fields["person"]
        assert isinstance(person, forms.ModelChoiceField)
        person.queryset = (
            scoped(Person, project.organisation)
            .exclude(status=PersonStatus.LEFT)
            .exclude(
                pk__in=RosterMember.objects.filter(project=project, person__isnull=False).values(
                    "person"
                )
            )
            .order_by("name")
        )


class TheirsForm(RoleForm):
    """Someone of the client's or a partner's: an existing contact, the client company's
    people listed first."""

    side = forms.ChoiceField(
        label=_("Side"),
        choices=[(Side.CLIENT, Side.CLIENT.label), (Side.PARTNER, Side.PARTNER.label)],
    )
    contact = forms.TypedChoiceField(label=_("Contact"), coerce=int)
    field_order = ["side", "contact", "role", "responsibilities", "key_counterpart", "sub_project"]

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "theirs")
        super().__init__(*args, **kwargs)
        self.project = project
        # Without the NULLs of ours: NOT IN with a NULL excludes everyone.
        taken = RosterMember.objects.filter(project=project, contact__isnull=False).values(
            "contact"
        )
        contacts = list(
            scoped(Contact, project.organisation)
            .exclude(pk__in=taken)
            .select_related("company")
            .order_by("name")
        )
        own = [c for c in contacts if c.company_id and c.company_id == project.company_id]
        others = [c for c in contacts if c not in own]

        def label(contact: Contact) -> str:
            company = contact.company.name if contact.company is not None else ""
            return f"{contact.name} ({company})" if company else contact.name

        choices: list[Any] = [("", "—")]
        if own and project.company is not None:
            choices.append((project.company.name, [(c.pk, label(c)) for c in own]))
        if others:
            choices.append((_("Other contacts"), [(c.pk, label(c)) for c in others]))
        contact = self.fields["contact"]
        assert isinstance(contact, forms.TypedChoiceField)
        contact.choices = choices

    def chosen_contact(self) -> Contact | None:
        pk = getattr(self, "cleaned_data", {}).get("contact")
        if not pk:
            return None
        return scoped(Contact, self.project.organisation).filter(pk=pk).first()


class PlanForm(forms.Form):
    weeks = forms.IntegerField(label=_("Within (weeks)"), min_value=1, max_value=26)
    per_week = forms.IntegerField(
        label=_("1:1s per person and week, at most"), min_value=1, max_value=10
    )


RECORD_CHOICES = [
    ("met", _("Met")),
    ("declined", _("Declined")),
    ("not_yet", _("Plan again")),
]


class RecordForm(forms.Form):
    ours = forms.IntegerField()
    theirs = forms.IntegerField()
    status = forms.ChoiceField(choices=RECORD_CHOICES)
