"""What the relationships pages share: who may do what, where to go back to."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from hallway.accounts.http import MemberRequest
from hallway.accounts.models import Role
from hallway.relationships.models import Company, Contact


def permissions(request: MemberRequest) -> dict[str, bool]:
    """Everyone sees and edits the client book; deleting, bulk actions, merging and exports
    are for organisers and up. Pages hide the buttons the viewer cannot use."""
    return {
        "can_manage": request.membership.has_role(Role.ORGANISER),
        "can_erase": request.membership.has_role(Role.ADMIN),
    }


def back_url(request: HttpRequest, default: str) -> str:
    """The page the action came from (filters and page included), if it is ours."""
    target = request.POST.get("next", "") or request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)


def page_url(subject: Contact | Company) -> str:
    name = "relationships:contact" if isinstance(subject, Contact) else "relationships:company"
    return reverse(name, kwargs={"pk": subject.pk})
