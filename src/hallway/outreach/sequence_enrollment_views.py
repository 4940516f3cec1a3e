"""Who is in a sequence: the list with each one's state and next step, adding contacts by
hand (search, tick, add), and taking someone out."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from hallway.accounts.http import MemberRequest
from hallway.accounts.models import Role
from hallway.accounts.tenancy import get_scoped_or_404, role_required
from hallway.outreach.models import Enrollment
from hallway.outreach.selectors.sequences import contacts_to_pick, enrollments_of
from hallway.outreach.sequence_views import may_write, page, sequence_for
from hallway.outreach.services.sequences import enrollment_remove, sequence_enroll

PAGE_SIZE = 50


def _ids(values: list[str]) -> list[int]:
    return [int(value) for value in values if value.isdigit() and len(value) < 19]


@role_required(Role.MEMBER)
def enrollments(request: MemberRequest, pk: int) -> HttpResponse:
    sequence = sequence_for(request, pk)
    if request.method == "POST":
        if not may_write(request):
            return HttpResponse(status=404)
        try:
            added = sequence_enroll(
                sequence=sequence,
                contact_ids=_ids(request.POST.getlist("contacts")),
                now=timezone.now(),
                by=request.user,
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d contact entered the sequence.",
                    "%(count)d contacts entered the sequence.",
                    len(added),
                )
                % {"count": len(added)},
            )
        return redirect("outreach:sequence_enrollments", pk=sequence.pk)
    steps = {step.position: step for step in sequence.steps.all()}
    found = Paginator(enrollments_of(sequence), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {"enrollment": enrollment, "next": steps.get(enrollment.position)} for enrollment in found
    ]
    query = request.GET.get("q", "")[:100]
    return page(
        request,
        "outreach/sequences/enrollments.html",
        {
            "sequence": sequence,
            "rows": rows,
            "found": found,
            "q": query,
            "candidates": contacts_to_pick(request.organisation, query)
            if may_write(request)
            else [],
        },
    )


@role_required(Role.ORGANISER)
@require_POST
def enrollment_remove_view(request: MemberRequest, pk: int) -> HttpResponse:
    enrollment = get_scoped_or_404(
        Enrollment.objects.select_related("contact"), request.organisation, pk=pk
    )
    try:
        enrollment_remove(enrollment=enrollment, now=timezone.now())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%(name)s was taken out of the sequence.") % {"name": enrollment.contact.name},
        )
    return redirect("outreach:sequence_enrollments", pk=enrollment.sequence_id)
