"""API tokens: created for one user in one organisation, stored only as a hash."""

from django.db import transaction
from django.utils.timezone import now

from hallway.accounts.events import account_event_send
from hallway.accounts.models import ApiToken, Membership, Organisation, User, hash_secret


class TokenError(ValueError):
    pass


@transaction.atomic
def token_create(*, organisation: Organisation, user: User, name: str = "") -> tuple[ApiToken, str]:
    """A new token and its raw key; the raw key is never stored and cannot be shown again."""
    if not Membership.objects.filter(organisation=organisation, user=user).exists():
        raise TokenError(f"{user.email} is not a member of {organisation.slug}")
    raw = ApiToken.new_raw_key()
    token = ApiToken.objects.create(
        organisation=organisation,
        user=user,
        name=name.strip()[:100],
        key_hash=hash_secret(raw),
        hint=raw[: len(ApiToken.PREFIX) + 6],
    )
    account_event_send(
        "token_created", organisation=organisation, target=f"{token.hint}… {token.name}".strip()
    )
    return token, raw


def token_authenticate(raw: str) -> ApiToken | None:
    """The live token for `raw`, if its user is still an active member of its organisation."""
    if not raw or not raw.startswith(ApiToken.PREFIX) or len(raw) > 200:
        return None
    token = (
        ApiToken.objects.select_related("organisation", "user")
        .filter(key_hash=hash_secret(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    if not Membership.objects.filter(organisation=token.organisation, user=token.user).exists():
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now())
    return token


def token_revoke(*, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = now()
        token.save(update_fields=["revoked_at"])
        account_event_send(
            "token_revoked",
            organisation=token.organisation,
            target=f"{token.hint}… {token.name}".strip(),
            details={"owner": token.user.email},
        )
