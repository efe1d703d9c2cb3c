"""Conversion between Python values and the wire format (private): the call into the native module,
amounts and dates in wire form, and the type aliases every module shares."""

from __future__ import annotations

import dataclasses
import datetime as _dt
import json as _json

from decimal import Decimal
from typing import Any, Literal, Mapping, Optional, Union

from . import _arrears
from .errors import InvalidAmountError, _from_payload


RoundingMode = Literal["half_up", "half_even", "half_down", "toward_zero", "away_from_zero", "floor", "ceiling"]


Adjustment = Literal["none", "following", "modified_following", "preceding"]


AmountLike = Union[Decimal, int, str]


DateLike = Union[_dt.date, str]


def _call(op: str, request: Mapping[str, Any]) -> Any:
    ok, payload = _arrears.call(op, _json.dumps(request))
    if not ok:
        raise _from_payload(payload)
    return _json.loads(payload)


def _amount(field: str, value: Any) -> str:
    """An amount in wire form; floats and bools are rejected."""
    if isinstance(value, bool):
        raise TypeError(f"{field}: expected a Decimal, int or decimal string, got bool {value!r}")
    if isinstance(value, float):
        raise TypeError(
            f"{field}: got float {value!r}; a float cannot represent money exactly, "
            f"pass Decimal({str(value)!r}) or the string {str(value)!r}"
        )
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise InvalidAmountError(
                f"{field}: invalid amount {str(value)!r}: not a finite number",
                field=field,
                value=str(value),
                reason="not a finite number",
            )
        return format(value, "f")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return value
    raise TypeError(f"{field}: expected a Decimal, int or decimal string, got {type(value).__name__}")


def _date(field: str, value: Any) -> str:
    """A date in wire form; datetimes are rejected (a time of day makes the date ambiguous)."""
    if isinstance(value, _dt.datetime):
        raise TypeError(f"{field}: got a datetime; pass a datetime.date (e.g. value.date()) so the day is explicit")
    if isinstance(value, _dt.date):
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    if isinstance(value, str):
        return value
    raise TypeError(f"{field}: expected a datetime.date or an ISO 'YYYY-MM-DD' string, got {type(value).__name__}")


def _decimal(field: str, value: Any) -> Decimal:
    text = _amount(field, value)
    try:
        return Decimal(text)
    except ArithmeticError:
        raise InvalidAmountError(
            f"{field}: invalid amount {text!r}: expected a decimal number such as '1234.56'",
            field=field,
            value=text,
            reason="expected a decimal number such as '1234.56'",
        ) from None


def _object(field: str, value: Any, cls: type, what: str) -> Any:
    """The wire form of ``value``, an instance of ``cls`` (its ``to_wire()``); a :class:`TypeError`
    saying what is expected otherwise (never an ``AttributeError`` from deep inside)."""
    if isinstance(value, cls):
        typed: Any = value
        return typed.to_wire() if hasattr(typed, "to_wire") else typed.to_dict()
    raise TypeError(f"{field}: expected {what}, got {type(value).__name__} {value!r}")


def _parse_date(text: str) -> _dt.date:
    return _dt.date(int(text[0:4]), int(text[5:7]), int(text[8:10]))


def _rounding_fields(rounding: str, precision: Optional[int], cash_increment: Optional[AmountLike]) -> dict:
    return {
        "rounding": rounding,
        "precision": precision,
        "cash_increment": None if cash_increment is None else _amount("cash_increment", cash_increment),
    }


def call_json(op: str, request: str) -> str:
    """Runs a wire-format operation on a JSON request and returns the canonical JSON response.

    >>> call_json("due_date", '{"base_date": "2026-01-31", "steps": ["end_of_month", {"add_days": 60}]}')
    '{"due_date":"2026-04-01"}'
    """
    ok, payload = _arrears.call(op, request)
    if not ok:
        raise _from_payload(payload)
    return payload


def error_codes() -> list:
    """Every error code of the core with its C status, as ``(code, status)`` pairs: the codes of
    the :class:`ArrearsError` subclasses (less ``"internal"``, a caught bug, never a documented
    error).

    >>> import arrears
    >>> arrears.error_codes()[0]
    ('invalid_amount', 1)
    """
    return [(c["code"], c["status"]) for c in _call("error_codes", {})["codes"]]


_SKIP_NONE = {"fee", "issue_date", "promised_until"}  # fields the wire leaves out when null


def _wire_value(x: Any) -> Any:
    """The wire form of a result value: Decimals as strings, dates ISO, tuples as lists."""
    if dataclasses.is_dataclass(x) and not isinstance(x, type):
        return {f.name: _wire_value(getattr(x, f.name)) for f in dataclasses.fields(x) if not (f.name in _SKIP_NONE and getattr(x, f.name) is None)}
    if isinstance(x, Decimal):
        return format(x, "f")
    if isinstance(x, _dt.date):
        return x.isoformat()
    if isinstance(x, (tuple, list)):
        return [_wire_value(v) for v in x]
    if isinstance(x, Mapping):
        return {k: _wire_value(v) for k, v in x.items()}
    return x
