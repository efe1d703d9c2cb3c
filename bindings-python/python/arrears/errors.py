"""The exceptions of arrears.

Every error is an :class:`ArrearsError` (a :class:`ValueError`) of the subclass that matches its
stable ``code``; each carries ``.code``, ``.field`` (the wire-format path of the bad value, e.g.
``"terms.lines[1].value"``), ``.value`` (the offending value as text) and ``.reason``. The same
codes are Node's ``err.code`` and the C ``ArrearsStatus`` names.

>>> import arrears
>>> try:
...     arrears.round_amount("1,000", "EUR")
... except arrears.InvalidAmountError as e:
...     (e.code, e.field, e.value)
('invalid_amount', 'amount', '1,000')
"""

from __future__ import annotations

import json

__all__ = [
    "ArrearsError",
    "InvalidAmountError",
    "InvalidDateError",
    "UnknownCurrencyError",
    "InvalidPrecisionError",
    "InvalidRoundingError",
    "InvalidRuleError",
    "InvalidTermsError",
    "DateOutOfRangeError",
    "AmountOverflowError",
    "InvalidRequestError",
    "LimitExceededError",
    "InternalError",
]


class ArrearsError(ValueError):
    """Base class of every arrears error; ``str(err)`` names the field and the value."""

    code: str = "arrears_error"

    def __init__(self, message: str, *, field: str = "", value: str = "", reason: str = "") -> None:
        super().__init__(message)
        self.field = field
        self.value = value
        self.reason = reason


class InvalidAmountError(ArrearsError):
    """An amount is malformed, too precise for its currency, or too large."""

    code = "invalid_amount"


class InvalidDateError(ArrearsError):
    """A date is malformed or not a calendar date."""

    code = "invalid_date"


class UnknownCurrencyError(ArrearsError):
    """A currency code is not in ISO 4217 (and no precision was given), or is malformed."""

    code = "unknown_currency"


class InvalidPrecisionError(ArrearsError):
    """A precision override is out of range, or the currency has no minor unit and none was given."""

    code = "invalid_precision"


class InvalidRoundingError(ArrearsError):
    """An unknown rounding mode, or a cash increment that is not a positive multiple of the minor unit."""

    code = "invalid_rounding"


class InvalidRuleError(ArrearsError):
    """A bad due-date step, adjustment or calendar."""

    code = "invalid_rule"


class InvalidTermsError(ArrearsError):
    """Inconsistent payment terms (percents over 100, no balance line, over-allocation...)."""

    code = "invalid_terms"


class DateOutOfRangeError(ArrearsError):
    """A computed date falls outside 0001-01-01 ..= 9999-12-31."""

    code = "date_out_of_range"


class AmountOverflowError(ArrearsError):
    """An amount computation would overflow (amounts are limited to 10**18)."""

    code = "overflow"


class InvalidRequestError(ArrearsError):
    """A malformed wire request: bad JSON, a missing or unknown field, a wrong type."""

    code = "invalid_request"


class LimitExceededError(ArrearsError):
    """A request larger than a documented limit (lines, steps, holidays, reports per merge...)."""

    code = "limit_exceeded"


class InternalError(ArrearsError):
    """A bug in arrears, reported instead of crashing the process."""

    code = "internal"


_BY_CODE: dict[str, type[ArrearsError]] = {
    cls.code: cls
    for cls in (
        InvalidAmountError,
        InvalidDateError,
        UnknownCurrencyError,
        InvalidPrecisionError,
        InvalidRoundingError,
        InvalidRuleError,
        InvalidTermsError,
        DateOutOfRangeError,
        AmountOverflowError,
        InvalidRequestError,
        LimitExceededError,
        InternalError,
    )
}


def _from_payload(payload: str) -> ArrearsError:
    """Builds the typed exception from the core's error JSON."""
    e = json.loads(payload)
    cls = _BY_CODE.get(e["code"], ArrearsError)
    return cls(e["message"], field=e["field"], value=e["value"], reason=e["reason"])
