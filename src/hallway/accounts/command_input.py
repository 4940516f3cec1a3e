"""What the capabilities' management commands share when reading their input: the
organisation named by `--org`, a file within the import size limit, and exit code 2 for bad
input (nothing written), with a service's ValidationError written one problem a line."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from hallway.accounts.models import Organisation

INVALID_INPUT = 2


def input_error(message: str) -> CommandError:
    """Bad input: exit code 2 and `message`."""
    return CommandError(message, returncode=INVALID_INPUT)


def input_invalid(exc: ValidationError) -> CommandError:
    """A service refused the input: every problem on its own line ("field: why")."""
    if hasattr(exc, "error_dict"):
        lines = [f"{field}: {' '.join(errors)}" for field, errors in exc.message_dict.items()]
    else:
        lines = list(exc.messages)
    return input_error("\n".join(lines))


def organisation_by_slug(slug: str) -> Organisation:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise CommandError(
            _("No organisation has the slug “%(slug)s”.") % {"slug": slug},
            returncode=INVALID_INPUT,
        )
    return organisation


def file_content(file: str) -> bytes:
    path = Path(file)
    try:
        if path.stat().st_size > settings.HALLWAY_IMPORT_MAX_BYTES:
            raise CommandError(
                _("%(file)s is larger than %(max)s MB.")
                % {"file": file, "max": settings.HALLWAY_IMPORT_MAX_BYTES // (1024 * 1024)},
                returncode=INVALID_INPUT,
            )
        return path.read_bytes()
    except OSError as exc:
        raise CommandError(
            _("Cannot read %(file)s: %(reason)s") % {"file": file, "reason": exc.strerror},
            returncode=INVALID_INPUT,
        ) from exc
