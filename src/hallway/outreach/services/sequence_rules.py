"""What a sequence and its steps may be: the rules `services.sequences` checks before any
write, each answering a dict of problems by field (empty: fine) and the clean value.

Texts per language (en, de, nl): a message step needs a subject and a body in at least one
language, a language given half is a problem; `{variables}` must be known ones. Trigger and
goal settings are checked against what each trigger or goal reads (a segment of this
organisation, a stage that exists, a date field of the documented set).
"""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from hallway.accounts.models import Organisation
from hallway.outreach.models import (
    Condition,
    Goal,
    OnFalse,
    Segment,
    Stage,
    StepKind,
    Trigger,
)
from hallway.outreach.variables import NAMES, unknown_variables
from hallway.relationships.interface import ContactKind

LANGUAGES = ("en", "de", "nl")
SUBJECT_MAX = 300
BODY_MAX = 20000
WAIT_MAX = 365
REENTRY_MAX = 3650
# A date field's trigger: the day the date comes round, moved by `offset_days`.
DATE_FIELDS = ("placement_starts_on", "placement_ends_on", "consent_on")
OFFSET_MIN, OFFSET_MAX = -365, 3650
Problems = dict[str, list[str]]


@dataclass
class SequenceFields:
    name: str = ""
    description: str = ""
    trigger: str = Trigger.MANUAL
    trigger_config: dict[str, Any] = field(default_factory=dict)
    goal: str = Goal.NONE
    goal_config: dict[str, Any] = field(default_factory=dict)
    approval: bool = False
    marketing: bool = False
    reentry_days: int | None = None


@dataclass
class StepFields:
    kind: str = StepKind.MESSAGE
    wait_days: int = 0
    texts: dict[str, Any] = field(default_factory=dict)
    task_title: str = ""
    condition: str = ""
    condition_config: dict[str, Any] = field(default_factory=dict)
    on_false: str = OnFalse.LEAVE


def _variables_problem(text: str) -> str:
    unknown = unknown_variables(text)
    if not unknown:
        return ""
    return _("Unknown variables: %(unknown)s. Known: %(known)s.") % {
        "unknown": ", ".join("{" + name + "}" for name in unknown),
        "known": ", ".join("{" + name + "}" for name in NAMES),
    }


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _words(value: object) -> list[str] | None:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        return None
    return sorted({item.strip() for item in value if item.strip()})


def _choices(config: dict[str, Any], key: str, allowed: list[str], problems: list[str]) -> Any:
    chosen = _words(config.get(key))
    if not chosen:
        problems.append(_("Choose at least one."))
        return []
    unknown = set(chosen) - set(allowed)
    if unknown:
        problems.append(
            _("Unknown: %(unknown)s (one of %(known)s).")
            % {"unknown": ", ".join(sorted(unknown)), "known": ", ".join(allowed)}
        )
    return chosen


def _only_keys(config: object, keys: tuple[str, ...], problems: list[str]) -> dict[str, Any]:
    if not isinstance(config, dict):
        problems.append(_("The settings are a JSON object."))
        return {}
    extra = sorted(set(config) - set(keys))
    if extra:
        problems.append(_("Not a setting here: %(names)s.") % {"names": ", ".join(extra)})
    return config


def trigger_config_clean(
    organisation: Organisation, trigger: str, config: object
) -> tuple[dict[str, Any], list[str]]:
    problems: list[str] = []
    clean: dict[str, Any] = {}
    if trigger == Trigger.SEGMENT:
        config = _only_keys(config, ("segment",), problems)
        segment_id = config.get("segment")
        if (
            not isinstance(segment_id, int)
            or isinstance(segment_id, bool)
            or not (Segment.objects.filter(organisation=organisation, pk=segment_id).exists())
        ):
            problems.append(_("Choose a segment of this organisation."))
        else:
            clean["segment"] = segment_id
    elif trigger == Trigger.NEW_CONTACT:
        config = _only_keys(config, ("kinds",), problems)
        if config.get("kinds"):
            clean["kinds"] = _choices(config, "kinds", list(ContactKind.values), problems)
    elif trigger == Trigger.STAGE_CHANGE:
        config = _only_keys(config, ("stage",), problems)
        if config.get("stage") not in Stage.values:
            problems.append(_("Choose the stage a candidate reaches."))
        else:
            clean["stage"] = config["stage"]
    elif trigger == Trigger.DATE_FIELD:
        config = _only_keys(config, ("field", "offset_days"), problems)
        if config.get("field") not in DATE_FIELDS:
            problems.append(
                _("Choose the date: one of %(fields)s.") % {"fields": ", ".join(DATE_FIELDS)}
            )
        else:
            clean["field"] = config["field"]
        offset = config.get("offset_days", 0)
        if not _is_int(offset) or not OFFSET_MIN <= offset <= OFFSET_MAX:
            problems.append(
                _("The offset is a number of days from %(min)d to %(max)d.")
                % {"min": OFFSET_MIN, "max": OFFSET_MAX}
            )
        else:
            clean["offset_days"] = offset
    elif trigger in Trigger.values:
        _only_keys(config, (), problems)
    else:
        problems.append(_("Choose how contacts enter."))
    return clean, problems


def goal_config_clean(goal: str, config: object) -> tuple[dict[str, Any], list[str]]:
    problems: list[str] = []
    if goal == Goal.STAGE:
        config = _only_keys(config, ("stage",), problems)
        if config.get("stage") not in Stage.values:
            problems.append(_("Choose the stage that meets the goal."))
            return {}, problems
        return {"stage": config["stage"]}, problems
    if goal in Goal.values:
        _only_keys(config, (), problems)
    return {}, problems


def sequence_fields_problems(organisation: Organisation, values: SequenceFields) -> Problems:
    """Every problem of `values` (the clean configs are written back into it)."""
    problems: Problems = {}
    values.name = " ".join(values.name.split())
    if not values.name or len(values.name) > 120:
        problems["name"] = [_("A name of 1 to 120 characters.")]
    if len(values.description) > 2000:
        problems["description"] = [_("At most 2000 characters.")]
    if values.trigger not in Trigger.values:
        problems["trigger"] = [_("Choose how contacts enter.")]
    else:
        clean, found = trigger_config_clean(organisation, values.trigger, values.trigger_config)
        if found:
            problems["trigger_config"] = found
        values.trigger_config = clean
    if values.goal not in Goal.values:
        problems["goal"] = [_("Choose a goal.")]
    else:
        goal_clean, found = goal_config_clean(values.goal, values.goal_config)
        if found:
            problems["goal_config"] = found
        values.goal_config = goal_clean
    if values.reentry_days is not None and not (
        _is_int(values.reentry_days) and 1 <= values.reentry_days <= REENTRY_MAX
    ):
        problems["reentry_days"] = [
            _("Empty (never again) or 1 to %(max)d days.") % {"max": REENTRY_MAX}
        ]
    return problems


def texts_clean(texts: object) -> tuple[dict[str, dict[str, str]], list[str]]:
    if not isinstance(texts, dict):
        return {}, [_("The texts are a JSON object by language.")]
    problems: list[str] = []
    clean: dict[str, dict[str, str]] = {}
    for language, text in texts.items():
        if language not in LANGUAGES:
            problems.append(
                _("“%(language)s” is not a language here (en, de, nl).") % {"language": language}
            )
            continue
        if not isinstance(text, dict) or set(text) - {"subject", "body"}:
            problems.append(_("%(language)s: a subject and a body.") % {"language": language})
            continue
        subject = " ".join(str(text.get("subject") or "").split())
        body = str(text.get("body") or "").strip()
        if not subject and not body:
            continue
        if not subject or len(subject) > SUBJECT_MAX:
            problems.append(
                _("%(language)s: a subject of 1 to %(max)d characters.")
                % {"language": language, "max": SUBJECT_MAX}
            )
        if not body or len(body) > BODY_MAX:
            problems.append(
                _("%(language)s: a message of 1 to %(max)d characters.")
                % {"language": language, "max": BODY_MAX}
            )
        for text_part in (subject, body):
            found = _variables_problem(text_part)
            if found:
                problems.append(f"{language}: {found}")
        clean[language] = {"subject": subject, "body": body}
    if not clean and not problems:
        problems.append(_("Write the message in at least one language."))
    return clean, problems


def condition_config_clean(condition: str, config: object) -> tuple[dict[str, Any], list[str]]:
    problems: list[str] = []
    if condition == Condition.KIND:
        config = _only_keys(config, ("kinds",), problems)
        return {"kinds": _choices(config, "kinds", list(ContactKind.values), problems)}, problems
    if condition == Condition.LANGUAGE:
        config = _only_keys(config, ("languages",), problems)
        return {"languages": _choices(config, "languages", list(LANGUAGES), problems)}, problems
    if condition == Condition.STAGE:
        config = _only_keys(config, ("stages",), problems)
        return {"stages": _choices(config, "stages", list(Stage.values), problems)}, problems
    _only_keys(config, (), problems)
    return {}, problems


def step_fields_problems(values: StepFields) -> Problems:
    """Every problem of `values`; what the kind does not use is emptied."""
    problems: Problems = {}
    if values.kind not in StepKind.values:
        return {"kind": [_("Choose what the step does.")]}
    low = 1 if values.kind == StepKind.WAIT else 0
    if not _is_int(values.wait_days) or not low <= values.wait_days <= WAIT_MAX:
        problems["wait_days"] = [_("From %(min)d to %(max)d days.") % {"min": low, "max": WAIT_MAX}]
    if values.kind == StepKind.CONDITION:
        values.wait_days = 0  # a condition is decided at once, after the step before
    if values.kind == StepKind.MESSAGE:
        values.texts, found = texts_clean(values.texts)
        if found:
            problems["texts"] = found
    else:
        values.texts = {}
    if values.kind == StepKind.TASK:
        values.task_title = " ".join(values.task_title.split())
        if not values.task_title or len(values.task_title) > 200:
            problems["task_title"] = [_("A task of 1 to 200 characters.")]
        elif _variables_problem(values.task_title):
            problems["task_title"] = [_variables_problem(values.task_title)]
    else:
        values.task_title = ""
    if values.kind == StepKind.CONDITION:
        if values.condition not in Condition.values:
            problems["condition"] = [_("Choose a condition.")]
        else:
            values.condition_config, found = condition_config_clean(
                values.condition, values.condition_config
            )
            if found:
                problems["condition_config"] = found
        if values.on_false not in OnFalse.values:
            problems["on_false"] = [_("Choose what happens otherwise.")]
    else:
        values.condition, values.condition_config, values.on_false = "", {}, OnFalse.LEAVE
    return problems
