"""The pulse's default question bank, worded in English, German and Dutch (gettext), and
how a question reads and is answered.

A new pulse starts with these questions; organisers switch any of them off and add their
own. A bank question is stored by its key and worded in the reader's language when
shown, so one pulse asks every person in their own language.
"""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hallway.rituals.models import PulseQuestion, QuestionKind
from hallway.rituals.models.pulse import SCALES


@dataclass(frozen=True)
class BankQuestion:
    key: str
    text: Any
    kind: str


BANK: tuple[BankQuestion, ...] = (
    BankQuestion("workload", _("My workload is manageable."), QuestionKind.AGREE),
    BankQuestion("connection", _("I feel connected to my team."), QuestionKind.AGREE),
    BankQuestion(
        "manager_support", _("I get the support I need from my manager."), QuestionKind.AGREE
    ),
    BankQuestion("remote", _("How are you coping with remote work?"), QuestionKind.FEELING),
    BankQuestion(
        "enps",
        _("How likely are you to recommend working here to a friend?"),
        QuestionKind.SCORE,
    ),
)
BANK_BY_KEY = {question.key: question for question in BANK}

# The words at the points of each scale (the middle ones are numbers only).
SCALE_WORDS: dict[str, dict[int, Any]] = {
    QuestionKind.AGREE: {
        1: _("Strongly disagree"),
        2: _("Disagree"),
        3: pgettext_lazy("pulse scale", "Neutral"),
        4: _("Agree"),
        5: _("Strongly agree"),
    },
    QuestionKind.FEELING: {
        1: _("Very badly"),
        2: _("Badly"),
        3: _("So-so"),
        4: _("Well"),
        5: _("Very well"),
    },
    QuestionKind.SCORE: {0: _("Not at all likely"), 10: _("Extremely likely")},
}


def question_text(question: PulseQuestion) -> str:
    """The question in the active language (a bank question) or as its author wrote it."""
    bank = BANK_BY_KEY.get(question.key)
    return str(bank.text) if bank is not None and not question.text else question.text


def scale_of(kind: str) -> list[tuple[int, str]]:
    """The points of a question's scale with their words ("" where only the number shows)."""
    low, high = SCALES.get(kind, (1, 5))
    words = SCALE_WORDS.get(kind, {})
    return [(value, str(words.get(value, ""))) for value in range(low, high + 1)]
