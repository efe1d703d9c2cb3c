"""Dunning (private module; import from :mod:`arrears.collections`): which reminder, call or
notice each open installment gets today, merged into one action per customer, under a policy of
steps counted from the due date or the issue date.

The rules live in the Rust core (``arrears::collections::dunning``); this module converts values
to the wire format and back. Every result has ``to_dict()``, its wire form.

>>> run = dunning([DunningItem("ACME", "I-1", "EUR", "2025-06-01", "100.00")], "2025-06-21")
>>> run.actions[0].action, run.actions[0].items[0].offset
('letter', 15)
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterable, Mapping, Optional, Sequence, Tuple, Union

from .calendar import Calendar
from .charges import FeeRule
from ._wire import AmountLike, DateLike, _amount, _call, _date, _parse_date, _wire_value
from .payments import PlanStateName, PromiseStateName

__all__ = [
    "DunningItem",
    "DunningRecord",
    "DunningStep",
    "DunningPolicy",
    "ActionItem",
    "DunningFee",
    "CustomerAction",
    "DunningSkip",
    "DunningRun",
    "dunning",
    "dunning_policy",
]


@dataclass(frozen=True)
class DunningItem:
    """An open installment for dunning. A plan or promise holds it back while in good standing:
    pass its state on the run's day as ``plan_state=plan_status(...).status`` (``on_track`` or
    ``late`` skip it as ``on_plan``) or ``promise_state=promise_status(...).status`` (``pending``
    skips it as ``promised``); ``promised_until`` (a promise's date) and ``on_plan`` are plain flags.
    """

    customer: str
    invoice: str
    currency: str
    due_date: DateLike
    open_amount: AmountLike
    installment: int = 0
    issue_date: Optional[DateLike] = None
    disputed: bool = False
    promised_until: Optional[DateLike] = None
    on_plan: bool = False
    plan_state: Optional[PlanStateName] = None
    promise_state: Optional[PromiseStateName] = None

    def to_dict(self, field: str = "items[0]") -> dict:
        """The wire form."""
        out = {
            "customer": self.customer,
            "invoice": self.invoice,
            "installment": self.installment,
            "currency": self.currency,
            "due_date": _date(f"{field}.due_date", self.due_date),
            "open_amount": _amount(f"{field}.open_amount", self.open_amount),
            "disputed": self.disputed,
            "on_plan": self.on_plan,
        }
        if self.issue_date is not None:
            out["issue_date"] = _date(f"{field}.issue_date", self.issue_date)
        if self.promised_until is not None:
            out["promised_until"] = _date(f"{field}.promised_until", self.promised_until)
        out.update((k, v) for k, v in (("plan_state", self.plan_state), ("promise_state", self.promise_state)) if v is not None)
        return out


@dataclass(frozen=True)
class DunningRecord:
    """A step done for an installment: the caller's state, passed in and returned."""

    invoice: str
    offset: int
    date: DateLike
    installment: int = 0
    anchor: str = "due_date"
    status: str = "sent"

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "DunningRecord":
        """From the wire form."""
        return cls(d["invoice"], d["offset"], _parse_date(d["date"]), d.get("installment", 0), d.get("anchor", "due_date"), d.get("status", "sent"))

    def to_dict(self, field: str = "history[0]") -> dict:
        """The wire form."""
        return {
            "invoice": self.invoice,
            "installment": self.installment,
            "offset": self.offset,
            "anchor": self.anchor,
            "date": _date(f"{field}.date", self.date),
            "status": self.status,
        }


@dataclass(frozen=True)
class DunningStep:
    """A step of a policy: days from the due (or issue) date, action, channel, level, fee."""

    offset: int
    action: str
    channel: str
    level: int
    anchor: str = "due_date"
    #: a fixed amount (owed once per dunning level) or a :class:`FeeRule` (percent of the overdue
    #: principal, bands, min / max; without ``per``: once per dunning level)
    fee: Optional[Union[AmountLike, FeeRule]] = None

    def to_dict(self, field: str = "steps[0]") -> dict:
        """The wire form."""
        out: dict = {"offset": self.offset, "anchor": self.anchor, "action": self.action, "channel": self.channel, "level": self.level}
        if isinstance(self.fee, FeeRule):
            out["fee"] = self.fee.to_wire()
        elif self.fee is not None:
            out["fee"] = _amount(f"{field}.fee", self.fee)
        return out


@dataclass(frozen=True)
class DunningPolicy:
    """A dunning policy: steps, level model (``"steps"``, also read as ``"days_overdue"``, or ``"reminders_sent"``), minimum, and
    what offsets count (``"calendar_days"``, or ``"business_days"`` of ``calendar``)."""

    steps: Tuple[DunningStep, ...]
    level_model: str = "steps"
    min_amount: AmountLike = Decimal("0")
    offset_unit: str = "calendar_days"
    calendar: Optional[Calendar] = None

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "DunningPolicy":
        """From the wire form."""
        def fee(f: Any) -> Any:
            return None if f is None else Decimal(f) if isinstance(f, str) else FeeRule.from_wire(f)

        steps = tuple(
            DunningStep(s["offset"], s["action"], s["channel"], s["level"], s.get("anchor", "due_date"), fee(s.get("fee")))
            for s in d["steps"]
        )
        cal = None if d.get("calendar") is None else Calendar.from_wire(d["calendar"])
        return cls(steps, d.get("level_model", "steps"), Decimal(d.get("min_amount", "0")), d.get("offset_unit", "calendar_days"), cal)

    def to_dict(self) -> dict:
        """The wire form."""
        out: dict = {
            "steps": [s.to_dict(f"policy.steps[{i}]") for i, s in enumerate(self.steps)],
            "level_model": self.level_model,
            "min_amount": _amount("policy.min_amount", self.min_amount),
        }
        if self.offset_unit != "calendar_days":
            out["offset_unit"] = self.offset_unit
        if self.calendar is not None:
            out["calendar"] = self.calendar.to_wire()
        return out


@dataclass(frozen=True)
class ActionItem:
    """An installment within a customer's action, with the step it gets."""

    invoice: str
    installment: int
    currency: str
    open_amount: Decimal
    days_overdue: int
    offset: int
    anchor: str
    action: str
    level: int


@dataclass(frozen=True)
class DunningFee:
    """A fee charged in one currency."""

    currency: str
    amount: Decimal


@dataclass(frozen=True)
class CustomerAction:
    """One customer's merged action of the day, at the highest level among its items."""

    customer: str
    date: _dt.date
    level: int
    action: str
    channel: str
    items: Tuple[ActionItem, ...]
    fees: Tuple[DunningFee, ...]


@dataclass(frozen=True)
class DunningSkip:
    """An installment that had a step due and got none, and why."""

    customer: str
    invoice: str
    installment: int
    reason: str


@dataclass(frozen=True)
class DunningRun:
    """Today's actions, what was skipped, and the history with today's steps added."""

    actions: Tuple[CustomerAction, ...]
    skipped: Tuple[DunningSkip, ...]
    history: Tuple[DunningRecord, ...]

    def to_dict(self) -> dict:
        """The wire form."""
        return {
            "actions": _wire_value(self.actions),
            "skipped": _wire_value(self.skipped),
            "history": [h.to_dict(f"history[{i}]") for i, h in enumerate(self.history)],
        }


def _action(d: Mapping[str, Any]) -> CustomerAction:
    items = tuple(
        ActionItem(i["invoice"], i["installment"], i["currency"], Decimal(i["open_amount"]), i["days_overdue"], i["offset"], i["anchor"], i["action"], i["level"])
        for i in d["items"]
    )
    fees = tuple(DunningFee(f["currency"], Decimal(f["amount"])) for f in d["fees"])
    return CustomerAction(d["customer"], _parse_date(d["date"]), d["level"], d["action"], d["channel"], items, fees)


def dunning(
    items: Iterable[DunningItem],
    as_of: DateLike,
    *,
    history: Iterable[DunningRecord] = (),
    policy: Optional[DunningPolicy] = None,
    on_hold: Sequence[str] = (),
) -> DunningRun:
    """Today's dunning under ``policy`` (default: :func:`dunning_policy`): per installment the
    latest step due (or, after a sent step, the first later one; of steps falling on one day,
    from the due and the issue date, only the highest level), skips with reasons, one action per
    customer.

    >>> item = DunningItem("ACME", "I-1", "EUR", "2025-06-01", "100.00")
    >>> first = dunning([item], "2025-06-21")
    >>> later = dunning([item], "2025-07-01", history=first.history)
    >>> [h.offset for h in later.history]
    [15, 30]
    """
    request: dict = {
        "as_of": _date("as_of", as_of),
        "items": [it.to_dict(f"items[{i}]") for i, it in enumerate(items)],
        "history": [h.to_dict(f"history[{i}]") for i, h in enumerate(history)],
        "on_hold": list(on_hold),
    }
    if policy is not None:
        request["policy"] = policy.to_dict()
    r = _call("dunning", request)
    return DunningRun(
        tuple(_action(a) for a in r["actions"]),
        tuple(DunningSkip(s["customer"], s["invoice"], s["installment"], s["reason"]) for s in r["skipped"]),
        tuple(DunningRecord.from_dict(h) for h in r["history"]),
    )


def dunning_policy() -> DunningPolicy:
    """The standard policy: -14, -5 (e-mail), -1 (call), +1, +7, +15, +30, +31 (personal
    contact), +61 (formal notice).

    >>> [s.offset for s in dunning_policy().steps]
    [-14, -5, -1, 1, 7, 15, 30, 31, 61]
    """
    return DunningPolicy.from_dict(_call("dunning_policy", {}))
