"""Slack's callbacks for button clicks, verified with Slack's request signing.

A request whose signature does not match the organisation's signing secret, or whose
timestamp is more than five minutes off, is refused with 401 and changes nothing. A button's
value is `<purpose>:<signed link token>`, so a click does exactly what the link would.
"""

import json
import logging

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from slack_sdk.signature import SignatureVerifier

from hallway.accounts.links import InvalidLink, LinkProblem
from hallway.accounts.models import Organisation
from hallway.core.crypto import SecretsUnreadable
from hallway.messaging.link_actions import ACTIONS, LinkActionError
from hallway.messaging.links import link_read
from hallway.messaging.models import Channel

logger = logging.getLogger("hallway.messaging")


def slack_request_valid(*, signing_secret: str, body: bytes, headers: dict[str, str]) -> bool:
    """Slack's v0 signature over `v0:<timestamp>:<body>`, at most five minutes old."""
    if not signing_secret.strip():
        return False
    try:
        return SignatureVerifier(signing_secret).is_valid_request(body, headers)
    except (ValueError, TypeError):  # a timestamp that is not a number
        return False


def _signed_by_a_slack_channel(organisation: Organisation, request: HttpRequest) -> bool:
    """Is the request signed with the signing secret of one of the organisation's Slack
    channels? (Each Slack app has its own; an organisation may have several.)"""
    for channel in Channel.objects.filter(organisation=organisation, kind="slack", enabled=True):
        try:
            secret = str(channel.secrets.get("signing_secret", ""))
        except SecretsUnreadable:
            continue
        if slack_request_valid(
            signing_secret=secret, body=request.body, headers=dict(request.headers)
        ):
            return True
    return False


@csrf_exempt  # Slack's signature is the credential
@require_POST
def slack_interactions(request: HttpRequest, organisation: str) -> HttpResponse:
    found = Organisation.objects.filter(slug=organisation).first()
    if found is None or not _signed_by_a_slack_channel(found, request):
        return HttpResponse(status=401)
    try:
        payload = json.loads(request.POST.get("payload", "{}"))
    except json.JSONDecodeError:
        return HttpResponse(status=400)
    replies = []
    user = payload.get("user") if isinstance(payload, dict) else None
    # Who clicked: a button in a group DM is shared, so its action may answer for the clicker.
    data = {"slack_user_id": str(user.get("id", ""))} if isinstance(user, dict) else {}
    with translation.override(found.language):
        for action in payload.get("actions", []) if isinstance(payload, dict) else []:
            purpose, _sep, token = str(action.get("value", "")).partition(":")
            try:
                link = link_read(purpose=purpose, token=token)
                action_of = ACTIONS.get(purpose)
                if link.organisation_id != found.pk or action_of is None:
                    raise InvalidLink(LinkProblem.INVALID)
                done = action_of.perform(link, data)
            except (InvalidLink, LinkActionError) as exc:
                logger.info("slack action %s refused: %s", purpose, exc)
                replies.append(str(_refusal()))
                continue
            replies.append(str(done["message"]))
    return JsonResponse(
        {"response_type": "ephemeral", "replace_original": False, "text": " ".join(replies)}
    )


def _refusal() -> str:
    return gettext("This button no longer works. Nothing was changed.")
