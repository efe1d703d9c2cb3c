"""Type stubs for arrears (the implementation is in __init__.py and the native _arrears module)."""

import datetime
from decimal import Decimal
from typing import Any, Iterable, Iterator, Literal, Mapping, Optional, Tuple, Union

from .errors import (
    AmountOverflowError as AmountOverflowError,
    ArrearsError as ArrearsError,
    DateOutOfRangeError as DateOutOfRangeError,
    InternalError as InternalError,
    InvalidAmountError as InvalidAmountError,
    InvalidDateError as InvalidDateError,
    InvalidPrecisionError as InvalidPrecisionError,
    InvalidRequestError as InvalidRequestError,
    InvalidRoundingError as InvalidRoundingError,
    InvalidRuleError as InvalidRuleError,
    InvalidTermsError as InvalidTermsError,
    UnknownCurrencyError as UnknownCurrencyError,
)

__version__: str
__all__ = [
    "__version__",
    "ROUNDING_MODES",
    "ADJUSTMENTS",
    "Step",
    "Line",
    "PaymentTerms",
    "Calendar",
    "Installment",
    "Schedule",
    "Currency",
    "schedule",
    "due_date",
    "round_amount",
    "currency",
    "currencies",
    "call_json",
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
    "InternalError",
]

RoundingMode = Literal["half_up", "half_even", "half_down", "toward_zero", "away_from_zero", "floor", "ceiling"]
Adjustment = Literal["none", "following", "modified_following", "preceding"]
AmountLike = Union[Decimal, int, str]
DateLike = Union[datetime.date, str]

ROUNDING_MODES: Tuple[str, ...]
ADJUSTMENTS: Tuple[str, ...]

class Step:
    kind: str
    value: Optional[int]
    def __init__(self, kind: str, value: Optional[int] = ...) -> None: ...
    @staticmethod
    def add_days(n: int) -> Step: ...
    @staticmethod
    def add_months(n: int) -> Step: ...
    @staticmethod
    def end_of_month() -> Step: ...
    @staticmethod
    def set_day(day: int) -> Step: ...
    @staticmethod
    def next_day_of_month(day: int) -> Step: ...
    def to_wire(self) -> Union[str, dict]: ...
    @staticmethod
    def from_wire(obj: Union[str, Mapping[str, int]]) -> Step: ...

class Line:
    kind: str
    value: Optional[Decimal]
    due: Tuple[Step, ...]
    def __init__(self, kind: str, value: Optional[Decimal] = ..., due: Tuple[Step, ...] = ...) -> None: ...
    @staticmethod
    def percent(value: AmountLike, due: Iterable[Step] = ...) -> Line: ...
    @staticmethod
    def percent_of_remainder(value: AmountLike, due: Iterable[Step] = ...) -> Line: ...
    @staticmethod
    def fixed(amount: AmountLike, due: Iterable[Step] = ...) -> Line: ...
    @staticmethod
    def balance(due: Iterable[Step] = ...) -> Line: ...
    @staticmethod
    def equal(due: Iterable[Step] = ...) -> Line: ...
    def to_wire(self) -> dict: ...
    @staticmethod
    def from_wire(obj: Mapping[str, Any]) -> Line: ...

class PaymentTerms:
    lines: Tuple[Line, ...]
    adjustment: str
    def __init__(self, lines: Iterable[Line], adjustment: str = ...) -> None: ...
    @classmethod
    def equal_split(cls, dues: Iterable[Iterable[Step]], adjustment: str = ...) -> PaymentTerms: ...
    def to_wire(self) -> dict: ...
    def to_dict(self) -> dict: ...
    @classmethod
    def from_wire(cls, obj: Mapping[str, Any]) -> PaymentTerms: ...
    @classmethod
    def from_dict(cls, obj: Mapping[str, Any]) -> PaymentTerms: ...

class Calendar:
    weekend: Tuple[str, ...]
    holidays: Tuple[DateLike, ...]
    def __init__(self, weekend: Iterable[str] = ..., holidays: Iterable[DateLike] = ...) -> None: ...
    def to_wire(self) -> dict: ...
    @classmethod
    def from_wire(cls, obj: Mapping[str, Any]) -> Calendar: ...

class Installment:
    line: int
    due_date: datetime.date
    amount: Decimal
    def __init__(self, line: int, due_date: datetime.date, amount: Decimal) -> None: ...
    def to_dict(self) -> dict: ...

class Schedule:
    currency: str
    total: Decimal
    due_date: datetime.date
    installments: Tuple[Installment, ...]
    def __init__(
        self, currency: str, total: Decimal, due_date: datetime.date, installments: Tuple[Installment, ...] = ...
    ) -> None: ...
    def __iter__(self) -> Iterator[Installment]: ...
    def __len__(self) -> int: ...
    def to_dict(self) -> dict: ...
    def to_json(self) -> str: ...
    @classmethod
    def from_dict(cls, obj: Mapping[str, Any]) -> Schedule: ...

class Currency:
    code: str
    numeric: int
    minor_units: Optional[int]
    name: str
    def __init__(self, code: str, numeric: int, minor_units: Optional[int], name: str) -> None: ...

def schedule(
    total: AmountLike,
    currency: str,
    base_date: DateLike,
    terms: PaymentTerms,
    *,
    rounding: str = ...,
    precision: Optional[int] = ...,
    cash_increment: Optional[AmountLike] = ...,
    calendar: Optional[Calendar] = ...,
    allow_negative_balance: bool = ...,
) -> Schedule: ...
def due_date(
    base_date: DateLike, steps: Iterable[Step] = ..., *, adjustment: str = ..., calendar: Optional[Calendar] = ...
) -> datetime.date: ...
def round_amount(
    amount: AmountLike,
    currency: str,
    *,
    rounding: str = ...,
    precision: Optional[int] = ...,
    cash_increment: Optional[AmountLike] = ...,
) -> Decimal: ...
def currency(code: str) -> Currency: ...
def currencies() -> list[Currency]: ...
def call_json(op: str, request: str) -> str: ...
