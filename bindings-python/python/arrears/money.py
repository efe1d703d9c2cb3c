"""Money: ISO 4217 currencies and the rounding of an amount to its currency."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Optional, Tuple

from ._wire import AmountLike, _amount, _call, _rounding_fields


#: The rounding modes, in documentation order (``"half_up"`` is the default).
ROUNDING_MODES: Tuple[str, ...] = (
    "half_up",
    "half_even",
    "half_down",
    "toward_zero",
    "away_from_zero",
    "floor",
    "ceiling",
)


@dataclass(frozen=True)
class Currency:
    """An ISO 4217 currency; ``minor_units`` is ``None`` where the standard says "N.A."."""

    code: str
    numeric: int
    minor_units: Optional[int]
    name: str


def round_amount(
    amount: AmountLike,
    currency: str,
    *,
    rounding: str = "half_up",
    precision: Optional[int] = None,
    cash_increment: Optional[AmountLike] = None,
) -> Decimal:
    """Rounds ``amount`` for ``currency`` (to its cash increment first, if one is given).

    >>> round_amount("2.345", "EUR", rounding="half_even"), round_amount("12.324", "CHF", cash_increment="0.05")
    (Decimal('2.34'), Decimal('12.30'))
    """
    request = {"amount": _amount("amount", amount), "currency": currency, **_rounding_fields(rounding, precision, cash_increment)}
    return Decimal(_call("round", request)["amount"])


def currency(code: str) -> Currency:
    """The ISO 4217 currency with this code.

    >>> currency("KWD").minor_units
    3
    """
    return Currency(**_call("currency", {"code": code}))


def currencies() -> list:
    """The whole current ISO 4217 list, sorted by code."""
    return [Currency(**c) for c in _call("currencies", {})["currencies"]]
