"""The actions the audit log records, with their labels. Senders use the keys."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTIONS: dict[str, Promise] = {
    "signed_in": _("Signed in"),
    "sign_in_failed": _("Sign-in failed"),
    "signed_out": _("Signed out"),
    "role_changed": _("Role changed"),
    "member_removed": _("Member removed"),
    "member_joined": _("Member joined"),
    "invitation_sent": _("Invitation sent"),
    "invitation_revoked": _("Invitation revoked"),
    "token_created": _("API token created"),
    "token_revoked": _("API token revoked"),
    "organisation_changed": _("Organisation settings changed"),
    "sso_changed": _("Single sign-on changed"),
    "channel_saved": _("Channel saved"),
    "channel_deleted": _("Channel deleted"),
    "mail_reading_changed": _("Mail read into touches changed"),
    "people_exported": _("People exported"),
    "person_erased": _("Person erased"),
    "audit_exported": _("Audit log exported"),
    "contact_exported": _("Contact exported"),
    "contact_erased": _("Contact erased"),
    "contacts_imported": _("Contacts imported"),
    "contacts_exported": _("Contacts exported"),
    "contacts_deleted": _("Contacts deleted"),
    "companies_deleted": _("Companies deleted"),
    "contacts_merged": _("Contacts merged"),
}


def action_label(action: str) -> str:
    label = ACTIONS.get(action)
    return str(label) if label is not None else action
