"""Answer checking against an instrument's item definitions: nothing missing is guessed, nothing is clamped."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from .model import InstrumentDefinition, Item


class InvalidAnswer(ValueError):
    """An answer that is missing, of the wrong type or out of range; ``item`` names the item (or key)."""

    def __init__(self, instrument: str, item: object, problem: str) -> None:
        self.instrument, self.item = instrument, item
        where = f"item {item!r} " if item is not None else ""
        super().__init__(f"{instrument}: {where}{problem}")


def _describe(value: object) -> str:
    return f"{type(value).__name__} {value!r}"


def _whole_number(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"must be a whole number, got {_describe(value)}")
    return value


def _in_range(item: Item, value: int | float) -> None:
    low, high = item.min_value, item.max_value
    if (low is not None and value < low) or (high is not None and value > high):
        bounds = f"{low}–{high}" if high is not None else f"{low} or more"
        raise ValueError(f"must be {bounds}, got {value!r}")


def _check_choice(item: Item, value: object) -> object:
    allowed = item.allowed()
    if item.answer_by == "option_id":
        if not isinstance(value, str):
            raise ValueError(f"must be an option id (one of {', '.join(allowed)}), got {_describe(value)}")
    else:
        _whole_number(value)
    if value not in allowed:
        raise ValueError(f"must be one of {', '.join(map(str, allowed))}, got {value!r}")
    return value


def _check_bool(item: Item, value: object) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"must be true or false, got {_describe(value)}")
    return value


def _check_count(item: Item, value: object) -> int:
    number = _whole_number(value)
    _in_range(item, number)
    return number


def _check_number(item: Item, value: object) -> int | float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"must be a number, got {_describe(value)}")
    if not math.isfinite(value):
        raise ValueError(f"must be a finite number, got {value!r}")
    _in_range(item, value)
    return value


def _check_drug_list(item: Item, value: object) -> list[str]:
    if not isinstance(value, (list, tuple)):
        raise ValueError(f"must be a list of drug names, got {_describe(value)}")
    for name in value:
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"must contain only non-empty drug names, got {_describe(name)}")
    return list(value)


_CHECKS = {
    "choice": _check_choice,
    "level": _check_choice,
    "bool": _check_bool,
    "count": _check_count,
    "number": _check_number,
    "drug_list": _check_drug_list,
}


def check_value(defn: InstrumentDefinition, item: Item, value: object) -> Any:
    """One answer, checked for its item; raises InvalidAnswer naming the item."""
    try:
        return _CHECKS[item.kind](item, value)
    except ValueError as exc:
        raise InvalidAnswer(defn.id, item.id, str(exc)) from None


def validate_answers(defn: InstrumentDefinition, answers: object) -> dict[str, Any]:
    """The answers checked item by item, then the instrument's one-of rules; raises InvalidAnswer.

    A None answer counts as not given. Keys that are not item ids are refused, and so is an
    optional answer that no complete one-of way uses (e.g. height without weight).
    """
    if not isinstance(answers, Mapping):
        raise InvalidAnswer(defn.id, None, f"answers must be a mapping of item id to answer, got {_describe(answers)}")
    items = {item.id: item for item in defn.items}
    for key in answers:
        if key not in items:
            raise InvalidAnswer(defn.id, key, f"is not an item of {defn.short_name} (items: {', '.join(items)})")
    values: dict[str, Any] = {}
    for item in defn.items:
        if answers.get(item.id) is not None:
            values[item.id] = check_value(defn, item, answers[item.id])
        elif item.required:
            raise InvalidAnswer(defn.id, item.id, "is missing")
    grouped = {key for group in defn.one_of for way in group.ways for key in way}
    used = {item.id for item in defn.items if item.required or item.id not in grouped}
    for group in defn.one_of:
        complete = [way for way in group.ways if all(key in values for key in way)]
        if not complete:
            raise InvalidAnswer(defn.id, group.ways[0][0], f"is missing (give {group.describe()})")
        if len(complete) > 1:
            raise InvalidAnswer(defn.id, complete[1][0], f"conflicts: give only one of {group.describe()}")
        used.update(complete[0])
    unused = sorted(values.keys() - used)
    if unused:
        ways = " / ".join(g.describe() for g in defn.one_of if any(unused[0] in way for way in g.ways))
        raise InvalidAnswer(defn.id, unused[0], f"is not used on its own (give {ways})")
    return values
