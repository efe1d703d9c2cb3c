"""Dates and due dates: due-date steps, business-day calendars, and the due date of a rule."""

from __future__ import annotations

import datetime as _dt

from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Optional, Tuple, Union

from ._wire import DateLike, _call, _date, _object, _parse_date


#: The business-day adjustments (``"none"`` is the default).
ADJUSTMENTS: Tuple[str, ...] = ("none", "following", "modified_following", "preceding")


@dataclass(frozen=True)
class Step:
    """One step of a due-date rule; steps apply left to right from the base date.

    >>> Step.add_days(30).to_wire(), Step.end_of_month().to_wire()
    ({'add_days': 30}, 'end_of_month')
    """

    kind: str
    value: Optional[int] = None

    @staticmethod
    def add_days(n: int) -> "Step":
        """Add (or, if negative, subtract) ``n`` calendar days."""
        return Step("add_days", n)

    @staticmethod
    def add_months(n: int) -> "Step":
        """Add ``n`` calendar months; the day is clamped (Jan 31 + 1 month = Feb 28/29)."""
        return Step("add_months", n)

    @staticmethod
    def end_of_month() -> "Step":
        """Move to the last day of the month."""
        return Step("end_of_month")

    @staticmethod
    def set_day(day: int) -> "Step":
        """Set the day of the month (1..31, clamped to the month's length)."""
        return Step("set_day", day)

    @staticmethod
    def next_day_of_month(day: int) -> "Step":
        """The first date on or after the current one whose day is ``day`` (1..31, clamped)."""
        return Step("next_day_of_month", day)

    @staticmethod
    def cut_off(day: int) -> "Step":
        """The "25th rule": a date after day ``day`` counts as the 1st of the next month."""
        return Step("cut_off", day)

    def to_wire(self) -> Union[str, dict]:
        """The wire form: ``"end_of_month"`` or ``{"add_days": 30}``."""
        return self.kind if self.value is None else {self.kind: self.value}

    @staticmethod
    def from_wire(obj: Union[str, Mapping[str, int]]) -> "Step":
        """A step from its wire form."""
        if isinstance(obj, str):
            return Step(obj)
        ((kind, value),) = obj.items()
        return Step(kind, value)


def _steps(due: Iterable[Step]) -> list:
    return [s.to_wire() for s in due]


@dataclass(frozen=True)
class Calendar:
    """A business-day calendar: weekend days (``"mon"`` .. ``"sun"``) and holidays."""

    weekend: Tuple[str, ...] = ("sat", "sun")
    holidays: Tuple[DateLike, ...] = ()

    def __init__(self, weekend: Iterable[str] = ("sat", "sun"), holidays: Iterable[DateLike] = ()) -> None:
        object.__setattr__(self, "weekend", tuple(weekend))
        object.__setattr__(self, "holidays", tuple(holidays))

    def to_wire(self) -> dict:
        """The wire form ``{"weekend": [...], "holidays": [...]}``."""
        return {
            "weekend": list(self.weekend),
            "holidays": [_date(f"calendar.holidays[{i}]", h) for i, h in enumerate(self.holidays)],
        }

    @classmethod
    def from_wire(cls, obj: Mapping[str, Any]) -> "Calendar":
        """A calendar from its wire form."""
        return cls(obj.get("weekend", ("sat", "sun")), obj.get("holidays", ()))


def due_date(
    base_date: DateLike,
    steps: Iterable[Step] = (),
    *,
    adjustment: str = "none",
    calendar: Optional[Calendar] = None,
) -> _dt.date:
    """Applies ``steps`` to ``base_date``, then the business-day ``adjustment``.

    >>> due_date("2022-01-31", [Step.end_of_month(), Step.add_days(30)])
    datetime.date(2022, 3, 2)
    >>> due_date("2026-01-31", adjustment="following")  # a Saturday
    datetime.date(2026, 2, 2)
    """
    request: dict = {"base_date": _date("base_date", base_date), "steps": _steps(steps), "adjustment": adjustment}
    if calendar is not None:
        request["calendar"] = _object("calendar", calendar, Calendar, "a Calendar")
    return _parse_date(_call("due_date", request)["due_date"])
