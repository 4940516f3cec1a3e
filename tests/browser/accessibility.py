"""axe-core (from the axe-playwright-python package) inside the browser tests, and signing a
user in without the login form, so a test can look at many pages quickly."""

from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client

# What makes a page unusable for someone; "moderate" and "minor" findings are advice.
BLOCKING = ("serious", "critical")

_axe = Axe()


def blocking_violations(page) -> list[str]:
    """One readable line per serious or critical finding on `page` as it is now."""
    found = []
    for violation in _axe.run(page).response["violations"]:
        if violation["impact"] not in BLOCKING:
            continue
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            found.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']}\n"
                f"    at {target}: {node['html'][:200]}"
            )
    return found


def assert_accessible(page, name: str = "") -> None:
    found = blocking_violations(page)
    where = f"{name} ({page.url})" if name else page.url
    assert not found, f"axe-core finds {len(found)} serious or critical problems on {where}:\n" + (
        "\n".join(found)
    )


def sign_in(context, user, base_url: str) -> None:
    """Give the browser `user`'s session cookie, as the login form would."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": base_url}]
    )
