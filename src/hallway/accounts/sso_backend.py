"""Keeps passwords out when an organisation wants its members to use single sign-on."""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from hallway.accounts.models import User
from hallway.accounts.sso_services import password_sign_in_refused


class SingleSignOnOnlyGuard(ModelBackend):
    """Listed before ModelBackend: refuses a password sign-in (PermissionDenied stops Django
    from asking the other backends) for members of an organisation that turned password
    sign-in off, and otherwise leaves the password to ModelBackend. It inherits the rest
    (finding the session's user, permissions) because Django's test client and tools take
    the first backend for that."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if username is None or password is None:
            return None
        user = User.objects.filter(email__iexact=username.strip()).first()
        if user is not None and password_sign_in_refused(user):
            raise PermissionDenied
        return None
