"""Type stubs for arrears (the implementation is in __init__.py and the native _arrears module)."""

import datetime
from decimal import Decimal
from typing import Any, Iterable, Iterator, Literal, Mapping, Optional, Sequence, Tuple, Union

from .errors import (
    AmountOverflowError as AmountOverflowError,
    ArrearsError as ArrearsError,
    DateOutOfRangeError as DateOutOfRangeError,
    InternalError as InternalError,
    InvalidAmountError as InvalidAmountError,
    InvalidDateError as InvalidDateError,
    InvalidPrecisionError as InvalidPrecisionError,
    InvalidRequestError as InvalidRequestError,
    LimitExceededError as LimitExceededError,
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
    "Discount",
    "Line",
    "PaymentTerms",
    "Calendar",
    "InstallmentDiscount",
    "Installment",
    "Schedule",
    "Currency",
    "Preset",
    "XRechnungTerms",
    "read_xrechnung",
    "Settlement",
    "DiscountCost",
    "OpenItem",
    "AgingRow",
    "AgingTotal",
    "AgingReport",
    "ArrowStream",
    "Countback",
    "BestPossibleDso",
    "PaidItem",
    "PaymentTiming",
    "ForecastPeriod",
    "Forecast",
    "schedule",
    "presets",
    "settle",
    "discount_cost",
    "aging",
    "aging_arrow",
    "schedule_arrow",
    "dso",
    "countback_dso",
    "best_possible_dso",
    "cei",
    "payment_timing",
    "allowance",
    "roll_rates",
    "cash_forecast",
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
    "LimitExceededError",
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
    @staticmethod
    def cut_off(day: int) -> Step: ...
    def to_wire(self) -> Union[str, dict]: ...
    @staticmethod
    def from_wire(obj: Union[str, Mapping[str, int]]) -> Step: ...

class Discount:
    kind: str
    value: Decimal
    due: Tuple[Step, ...]
    def __init__(self, kind: str, value: Decimal, due: Tuple[Step, ...] = ...) -> None: ...
    @staticmethod
    def percent(value: AmountLike, due: Iterable[Step] = ...) -> Discount: ...
    @staticmethod
    def fixed(amount: AmountLike, due: Iterable[Step] = ...) -> Discount: ...
    def to_wire(self) -> dict: ...
    @staticmethod
    def from_wire(obj: Mapping[str, Any]) -> Discount: ...

class Line:
    kind: str
    value: Optional[Decimal]
    due: Tuple[Step, ...]
    discounts: Tuple[Discount, ...]
    def __init__(
        self, kind: str, value: Optional[Decimal] = ..., due: Tuple[Step, ...] = ..., discounts: Tuple[Discount, ...] = ...
    ) -> None: ...
    @staticmethod
    def percent(value: AmountLike, due: Iterable[Step] = ..., discounts: Iterable[Discount] = ...) -> Line: ...
    @staticmethod
    def percent_of_remainder(value: AmountLike, due: Iterable[Step] = ..., discounts: Iterable[Discount] = ...) -> Line: ...
    @staticmethod
    def fixed(amount: AmountLike, due: Iterable[Step] = ..., discounts: Iterable[Discount] = ...) -> Line: ...
    @staticmethod
    def balance(due: Iterable[Step] = ..., discounts: Iterable[Discount] = ...) -> Line: ...
    @staticmethod
    def equal(due: Iterable[Step] = ..., discounts: Iterable[Discount] = ...) -> Line: ...
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
    @classmethod
    def parse(cls, text: str, *, eom: str = ..., cut_off: Optional[int] = ...) -> PaymentTerms: ...
    def format(self) -> str: ...
    @classmethod
    def preset(cls, name: str) -> PaymentTerms: ...
    def to_xrechnung(self, base_amount: Optional[AmountLike] = ...) -> Tuple[str, int]: ...
    @classmethod
    def from_xrechnung(cls, text: str, net_days: int) -> PaymentTerms: ...
    def to_x12_itd(self) -> str: ...
    @classmethod
    def from_x12_itd(cls, segment: str) -> PaymentTerms: ...
    def to_edifact_pat(self) -> str: ...
    @classmethod
    def from_edifact_pat(cls, segment: str) -> PaymentTerms: ...

class Calendar:
    weekend: Tuple[str, ...]
    holidays: Tuple[DateLike, ...]
    def __init__(self, weekend: Iterable[str] = ..., holidays: Iterable[DateLike] = ...) -> None: ...
    def to_wire(self) -> dict: ...
    @classmethod
    def from_wire(cls, obj: Mapping[str, Any]) -> Calendar: ...

class InstallmentDiscount:
    deadline: datetime.date
    discount: Decimal
    payable: Decimal
    def __init__(self, deadline: datetime.date, discount: Decimal, payable: Decimal) -> None: ...
    def to_dict(self) -> dict: ...
    @classmethod
    def from_dict(cls, obj: Mapping[str, Any]) -> InstallmentDiscount: ...

class Installment:
    line: int
    due_date: datetime.date
    amount: Decimal
    discounts: Tuple[InstallmentDiscount, ...]
    def __init__(
        self, line: int, due_date: datetime.date, amount: Decimal, discounts: Tuple[InstallmentDiscount, ...] = ...
    ) -> None: ...
    def to_dict(self) -> dict: ...
    @classmethod
    def from_dict(cls, obj: Mapping[str, Any]) -> Installment: ...

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
    discount_base: str = ...,
    tax: Optional[AmountLike] = ...,
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

class XRechnungTerms:
    terms: PaymentTerms
    base_amounts: Tuple[Optional[Decimal], ...]
    def __init__(self, terms: PaymentTerms, base_amounts: Tuple[Optional[Decimal], ...] = ...) -> None: ...

def read_xrechnung(text: str, net_days: int) -> XRechnungTerms: ...

class Preset:
    name: str
    text: str
    terms: PaymentTerms
    def __init__(self, name: str, text: str, terms: PaymentTerms) -> None: ...

def presets() -> list[Preset]: ...

class Settlement:
    deadline: Optional[datetime.date]
    discount: Decimal
    paid: Decimal
    settled: Decimal
    open_after: Decimal
    def __init__(
        self, deadline: Optional[datetime.date], discount: Decimal, paid: Decimal, settled: Decimal, open_after: Decimal
    ) -> None: ...

def settle(
    installment: Installment,
    currency: str,
    date: DateLike,
    *,
    payment: Optional[AmountLike] = ...,
    open: Optional[AmountLike] = ...,
    rounding: str = ...,
    precision: Optional[int] = ...,
    cash_increment: Optional[AmountLike] = ...,
) -> Settlement: ...

class DiscountCost:
    nominal: Decimal
    effective: Decimal
    def __init__(self, nominal: Decimal, effective: Decimal) -> None: ...

def discount_cost(
    percent: AmountLike, discount_days: int, net_days: int, *, year_basis: int = ..., decimals: int = ...
) -> DiscountCost: ...

class OpenItem:
    customer: str
    currency: str
    due_date: DateLike
    amount: AmountLike
    issue_date: Optional[DateLike]
    disputed: bool
    id: Optional[str]
    def __init__(
        self,
        customer: str,
        currency: str,
        due_date: DateLike,
        amount: AmountLike,
        issue_date: Optional[DateLike] = ...,
        disputed: bool = ...,
        id: Optional[str] = ...,
    ) -> None: ...
    def to_dict(self, i: int = ...) -> dict: ...

class AgingRow:
    customer: str
    currency: str
    buckets: Tuple[Decimal, ...]
    disputed: Decimal
    total: Decimal
    items: int
    def __init__(
        self, customer: str, currency: str, buckets: Tuple[Decimal, ...], disputed: Decimal, total: Decimal, items: int
    ) -> None: ...

class AgingTotal:
    currency: str
    buckets: Tuple[Decimal, ...]
    disputed: Decimal
    total: Decimal
    items: int
    percent_current: Optional[Decimal]
    def __init__(
        self,
        currency: str,
        buckets: Tuple[Decimal, ...],
        disputed: Decimal,
        total: Decimal,
        items: int,
        percent_current: Optional[Decimal],
    ) -> None: ...

class AgingReport:
    as_of: datetime.date
    basis: str
    not_due: str
    columns: Tuple[str, ...]
    rows: Tuple[AgingRow, ...]
    totals: Tuple[AgingTotal, ...]
    def __init__(
        self,
        as_of: datetime.date,
        basis: str,
        not_due: str,
        columns: Tuple[str, ...],
        rows: Tuple[AgingRow, ...],
        totals: Tuple[AgingTotal, ...],
    ) -> None: ...
    def to_dict(self) -> dict: ...
    @classmethod
    def from_dict(cls, obj: Mapping[str, Any]) -> AgingReport: ...
    def merge(self, *others: AgingReport) -> AgingReport: ...

def aging(
    items: Iterable[OpenItem],
    as_of: DateLike,
    *,
    basis: str = ...,
    bounds: Sequence[int] = ...,
    labels: Optional[Sequence[str]] = ...,
    not_due: str = ...,
    credits: str = ...,
) -> AgingReport: ...

class ArrowStream:
    def __init__(self, capsule: Any) -> None: ...
    def __arrow_c_stream__(self, requested_schema: Any = ...) -> Any: ...

def aging_arrow(
    data: Any,
    as_of: DateLike,
    *,
    customer: str = ...,
    currency: str = ...,
    currency_code: Optional[str] = ...,
    due_date: str = ...,
    issue_date: Optional[str] = ...,
    amount: str = ...,
    amount_scale: Optional[int] = ...,
    disputed: Optional[str] = ...,
    basis: str = ...,
    bounds: Sequence[int] = ...,
    labels: Optional[Sequence[str]] = ...,
    not_due: str = ...,
    credits: str = ...,
    threads: int = ...,
) -> Any: ...
def schedule_arrow(
    data: Any,
    terms: Union[PaymentTerms, str, Sequence[Union[PaymentTerms, str]]],
    *,
    total: str = ...,
    base_date: str = ...,
    currency: str = ...,
    currency_code: Optional[str] = ...,
    terms_column: Optional[str] = ...,
    total_scale: Optional[int] = ...,
    rounding: str = ...,
    precision: Optional[int] = ...,
    cash_increment: Optional[AmountLike] = ...,
    calendar: Optional[Calendar] = ...,
    allow_negative_balance: bool = ...,
) -> Any: ...
def dso(
    receivables: AmountLike,
    credit_sales: AmountLike,
    days: int,
    *,
    beginning_receivables: Optional[AmountLike] = ...,
    decimals: int = ...,
) -> Decimal: ...

class Countback:
    days: Decimal
    months: Decimal
    def __init__(self, days: Decimal, months: Decimal) -> None: ...

def countback_dso(
    receivables: AmountLike,
    monthly_sales: Sequence[AmountLike],
    *,
    month_days: str = ...,
    as_of: Optional[DateLike] = ...,
    decimals: int = ...,
) -> Countback: ...

class BestPossibleDso:
    best_possible_dso: Decimal
    dso: Optional[Decimal]
    average_days_delinquent: Optional[Decimal]
    def __init__(
        self, best_possible_dso: Decimal, dso: Optional[Decimal] = ..., average_days_delinquent: Optional[Decimal] = ...
    ) -> None: ...

def best_possible_dso(
    current_receivables: AmountLike,
    credit_sales: AmountLike,
    days: int,
    *,
    total_receivables: Optional[AmountLike] = ...,
    decimals: int = ...,
) -> BestPossibleDso: ...
def cei(
    beginning_receivables: AmountLike,
    credit_sales: AmountLike,
    ending_receivables: AmountLike,
    ending_current_receivables: AmountLike,
    *,
    months: Optional[int] = ...,
    decimals: int = ...,
) -> Decimal: ...

class PaidItem:
    amount: AmountLike
    issue_date: DateLike
    due_date: DateLike
    paid_date: DateLike
    customer: str
    def __init__(
        self, amount: AmountLike, issue_date: DateLike, due_date: DateLike, paid_date: DateLike, customer: str = ...
    ) -> None: ...
    def to_dict(self, field: str = ...) -> dict: ...

class PaymentTiming:
    days_to_pay: Decimal
    days_late: Decimal
    percent_late: Decimal
    items: int
    def __init__(self, days_to_pay: Decimal, days_late: Decimal, percent_late: Decimal, items: int) -> None: ...

def payment_timing(paid: Iterable[PaidItem], *, decimals: int = ...) -> PaymentTiming: ...
def allowance(
    buckets: Sequence[AmountLike],
    percents: Sequence[AmountLike],
    currency: str,
    *,
    rounding: str = ...,
    precision: Optional[int] = ...,
) -> Tuple[Tuple[Decimal, ...], Decimal]: ...
def roll_rates(
    previous: Sequence[AmountLike], current: Sequence[AmountLike], *, decimals: int = ...
) -> Tuple[Optional[Decimal], ...]: ...

class ForecastPeriod:
    currency: str
    start: datetime.date
    end: datetime.date
    amount: Decimal
    items: int
    def __init__(self, currency: str, start: datetime.date, end: datetime.date, amount: Decimal, items: int) -> None: ...

class Forecast:
    periods: Tuple[ForecastPeriod, ...]
    later: Tuple[ForecastPeriod, ...]
    lateness: Mapping[str, int]
    def __init__(
        self, periods: Tuple[ForecastPeriod, ...], later: Tuple[ForecastPeriod, ...], lateness: Mapping[str, int]
    ) -> None: ...

def cash_forecast(
    open_items: Iterable[OpenItem],
    history: Iterable[PaidItem],
    as_of: DateLike,
    *,
    period: str = ...,
    horizon: int = ...,
    default_days_late: int = ...,
) -> Forecast: ...
