"""Uploaded contacts files: personal data kept only as long as the preview needs it."""

import datetime

from hallway.relationships.models import ContactImport

KEPT = datetime.timedelta(days=7)


def contact_imports_prune(*, now: datetime.datetime) -> int:
    """Delete uploads never applied and older than a week; how many."""
    deleted, _by_model = ContactImport.objects.filter(
        applied_at__isnull=True, created_at__lt=now - KEPT
    ).delete()
    return deleted
