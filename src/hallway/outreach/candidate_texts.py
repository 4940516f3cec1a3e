"""The built-in words outreach writes to candidates: a stage update, a hiring-freeze notice
and the follow-up when hiring resumes, each rendered in the candidate's language.

Seed 001 sets the tone: honest interest in the person, not a business formula. A candidate
who hears nothing assumes they have been dropped, so every text says plainly where things
stand and when they will hear from us next.
"""

import datetime
from dataclasses import dataclass

from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hallway.outreach.models import Stage
from hallway.outreach.variables import first_name, text_fill


@dataclass(frozen=True)
class Letter:
    subject: str
    body: str


@dataclass(frozen=True)
class Names:
    """Who and what a text is about (the values of `variables`)."""

    name: str
    job: str
    company: str
    owner_name: str
    organisation: str
    # The owner signs with their own signature when they have one; else with their name.
    signed: bool = False

    def values(self) -> dict[str, str]:
        return {
            "first_name": first_name(self.name) or self.name,
            "name": self.name,
            "company": self.company,
            "job": self.job,
            "owner_name": self.owner_name,
            "owner_first_name": first_name(self.owner_name),
            "organisation": self.organisation,
        }


def _stage_text(stage: str, job: str) -> str:
    texts = {
        Stage.APPLIED: _(
            "Thank you for applying for %(job)s. Your application has arrived and we are "
            "reading it now. You will hear from us within two weeks, whatever the outcome."
        ),
        Stage.SCREENING: _(
            "We are looking closely at your application for %(job)s and comparing it with "
            "what the client needs. You have not been forgotten: we will be back in touch as "
            "soon as there is news."
        ),
        Stage.INTERVIEW: _(
            "Good news: the client would like to meet you for %(job)s. I will get in touch "
            "shortly to find a time that suits you and to help you prepare."
        ),
        Stage.OFFER: _(
            "Good news: an offer for %(job)s is on its way. I will call you to go through it "
            "together; take the time you need to think it over."
        ),
        Stage.HIRED: _(
            "Congratulations on your new role as %(job)s! Thank you for the trust you placed "
            "in us. I will check in during your first weeks to hear how it is going."
        ),
        Stage.REJECTED: _(
            "Thank you for the time you gave to %(job)s. The client has decided to go on with "
            "other candidates this time. This is no judgement of you: I would like to keep you "
            "in mind for roles that fit you, and you are welcome to call me for feedback."
        ),
        Stage.WITHDRAWN: _(
            "Thank you for letting us know that you no longer wish to go on with %(job)s. If "
            "your plans change, or another role interests you, I am happy to hear from you."
        ),
    }
    return texts[Stage(stage)] % {"job": job}


def _letter(names: Names, subject: str, text: str) -> Letter:
    greeting = _("Hello %(first_name)s,") % {"first_name": first_name(names.name) or names.name}
    closing = _("Warm regards,")
    if not names.signed and names.owner_name:
        closing += "\n" + names.owner_name
    return Letter(subject=subject, body=f"{greeting}\n\n{text}\n\n{closing}")


def stage_letter(*, stage: str, names: Names, language: str) -> Letter:
    """The update a candidate gets when their stage changes."""
    with translation.override(language):
        subject = _("News about your application for %(job)s") % {"job": names.job}
        return _letter(names, subject, _stage_text(stage, names.job))


def _long_date(day: datetime.date) -> str:
    return formats.date_format(day, "DATE_FORMAT")


def freeze_letter(
    *, names: Names, language: str, today: datetime.date, resume_on: datetime.date, message: str
) -> Letter:
    """The notice of a hiring freeze; `message` (the recruiter's own words, with
    `{first_name}` and the other variables) replaces the built-in body."""
    days = max((resume_on - today).days, 1)
    with translation.override(language):
        subject = _("An update on %(job)s: hiring is paused") % {"job": names.job}
        if message.strip():
            return Letter(subject=subject, body=text_fill(message.strip(), names.values()))
        paused = ngettext(
            "The client has paused hiring for about %(days)s day.",
            "The client has paused hiring for about %(days)s days.",
            days,
        ) % {"days": days}
        text = " ".join(
            [
                _("I want to let you know where things stand with %(job)s.") % {"job": names.job},
                paused,
                _(
                    "This is no reflection on you, and you have not been forgotten: your "
                    "application stays exactly where it is. I will be back in touch around "
                    "%(date)s, or sooner if there is news."
                )
                % {"date": _long_date(resume_on)},
            ]
        )
        return _letter(names, subject, text)


def follow_up_letter(*, names: Names, language: str) -> Letter:
    """The news on the resume date (or when a freeze is lifted early)."""
    with translation.override(language):
        subject = _("Hiring has resumed for %(job)s") % {"job": names.job}
        text = _(
            "As promised, here is news about %(job)s: the client has resumed hiring. Your "
            "application is still in play, and I will be in touch in the next few days about "
            "the next steps. If anything has changed for you in the meantime, just reply to "
            "this email."
        ) % {"job": names.job}
        return _letter(names, subject, text)
