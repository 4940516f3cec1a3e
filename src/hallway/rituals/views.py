"""The rituals' front door and the organisation's ritual settings."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hallway.accounts.http import MemberRequest
from hallway.accounts.models import Role
from hallway.accounts.settings_views import section_tabs
from hallway.accounts.tenancy import role_required
from hallway.rituals.forms import RitualSettingsForm
from hallway.rituals.selectors.settings import ritual_settings_of
from hallway.rituals.tabs import ritual_tabs


@role_required(Role.MEMBER)
def home(request: MemberRequest) -> HttpResponse:
    tabs = ritual_tabs(request, "")
    if not tabs:
        return redirect("accounts:home")
    return redirect(tabs[0]["url"])


@role_required(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def settings_view(request: MemberRequest) -> HttpResponse:
    form = RitualSettingsForm(
        request.POST or None, instance=ritual_settings_of(request.organisation)
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Settings saved."))
        return redirect("rituals:settings")
    return render(
        request,
        "rituals/settings.html",
        {"tabs": section_tabs(request, "rituals:settings"), "form": form},
    )
