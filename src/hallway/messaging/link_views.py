"""Pages behind signed links: people without a login answer, pause or unsubscribe here.

GET shows what the link does and one button; only POST acts (see `hallway.messaging.links`).
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt

from hallway.accounts.links import InvalidLink, LinkProblem
from hallway.messaging.link_actions import ACTIONS, LinkActionError
from hallway.messaging.links import link_read


def _language(code: str) -> str:
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


@csrf_exempt  # the signed token is the credential; mail clients' one-click POST has no cookie
def link(request: HttpRequest, language: str, purpose: str, token: str) -> HttpResponse:
    with translation.override(_language(language)):
        if request.method not in ("GET", "POST"):
            return HttpResponse(status=405)
        try:
            signed = link_read(purpose=purpose, token=token)
            action = ACTIONS.get(purpose)
            if action is None:  # a purpose with a page of its own (e.g. coffee's personal page)
                raise InvalidLink(LinkProblem.INVALID)
            if request.method == "GET":
                context = action.confirm_context(signed)
                return render(request, "messaging/link_confirm.html", {**context, "link": signed})
            done = action.perform(signed, request.POST)
        except InvalidLink as exc:
            return render(
                request,
                "messaging/link_invalid.html",
                {"problem": exc.problem.value},
                status=410 if exc.problem.value in ("expired", "used") else 400,
            )
        except LinkActionError as exc:
            return render(
                request,
                "messaging/link_invalid.html",
                {"problem": "gone", "detail": str(exc)},
                status=410,
            )
        return render(request, "messaging/link_done.html", {**done, "link": signed})
