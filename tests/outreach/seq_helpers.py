"""Sequences for the tests: made through the services, as a user would."""

import datetime

from hallway.outreach.models import Sequence, SequenceStatus, StepKind
from hallway.outreach.services.sequence_rules import SequenceFields, StepFields
from hallway.outreach.services.sequences import sequence_save, sequence_set_status, step_save

UTC = datetime.UTC
# A Monday, 08:00 UTC: 09:00 in Berlin, inside everyone's working hours.
MONDAY = datetime.datetime(2026, 12, 7, 8, 0, tzinfo=UTC)


def message(
    subject="Hello {first_name}",
    body="Hi {first_name},\n\nhow is it going?",
    wait=0,
    **more_languages,
):
    texts = {"en": {"subject": subject, "body": body}, **more_languages}
    return StepFields(kind=StepKind.MESSAGE, wait_days=wait, texts=texts)


def make_sequence(organisation, name="Follow-up", steps=(), *, active=True, now=MONDAY, **fields):
    sequence = sequence_save(
        organisation=organisation, values=SequenceFields(name=name, **fields), now=now
    )
    for values in steps:
        step_save(sequence=sequence, values=values)
    if active:
        sequence_set_status(sequence=sequence, status=SequenceStatus.ACTIVE, now=now)
    return Sequence.objects.get(pk=sequence.pk)
