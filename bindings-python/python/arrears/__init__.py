"""arrears: an embeddable accounts-receivable engine, exact and identical in every language.

Amounts are :class:`decimal.Decimal` (decimal strings and ints are accepted; floats are a
:class:`TypeError`, because a float cannot hold money exactly); dates are :class:`datetime.date`
(or ISO ``"YYYY-MM-DD"`` strings). Every rounding is explicit and per currency, and installments
always sum exactly to the invoice.

>>> from datetime import date
>>> from decimal import Decimal
>>> import arrears
>>> from arrears import Line, PaymentTerms, Step
>>> terms = PaymentTerms([Line.percent("30"),
...                       Line.balance(due=[Step.end_of_month(), Step.add_days(60)])])
>>> s = arrears.schedule(Decimal("1000.00"), "EUR", date(2026, 1, 31), terms)
>>> [(str(i.due_date), i.amount) for i in s.installments]
[('2026-01-31', Decimal('300.00')), ('2026-04-01', Decimal('700.00'))]

The computation lives in the Rust core; this package converts Python values to the shared wire
format (see the README) and back, and raises :mod:`arrears.errors` exceptions. Its modules follow
the core's domains: :mod:`arrears.money`, :mod:`arrears.calendar`, :mod:`arrears.terms` (terms,
schedules, discounts), :mod:`arrears.receivables` (aging, metrics), :mod:`arrears.rates` (interest rules, rate
tables, statutory presets), :mod:`arrears.charges` (interest, fees, statements), :mod:`arrears.columnar` (the
Arrow entry points) and :mod:`arrears.errors`; this module only re-exports their names.
"""

from __future__ import annotations

from . import _arrears
from ._wire import (
    Adjustment,
    AmountLike,
    call_json,
    DateLike,
    error_codes,
    RoundingMode,
)
from .calendar import ADJUSTMENTS, Calendar, due_date, Step
from .charges import (
    ChargeEvent,
    FeeBand,
    FeeRule,
    Interest,
    interest,
    InterestPeriod,
    late_fee,
    Statement,
    statement,
    StatementItem,
    StatementLine,
    statement_text,
    StatementTotal,
)
from .columnar import aging_arrow, ArrowStream, interest_arrow, schedule_arrow
from .errors import (
    AmountOverflowError,
    ArrearsError,
    DateOutOfRangeError,
    InternalError,
    InvalidAmountError,
    InvalidDateError,
    InvalidPrecisionError,
    InvalidRequestError,
    InvalidRoundingError,
    InvalidRuleError,
    InvalidTermsError,
    LimitExceededError,
    UnknownCurrencyError,
)
from .money import (
    currencies,
    Currency,
    currency,
    round_amount,
    ROUNDING_MODES,
)
from .rates import (
    interest_presets,
    InterestPreset,
    InterestRule,
    rate_table,
    rate_tables,
    RateEntry,
    RateFloor,
    RateTable,
    ReferenceRate,
    SampleTable,
    StatutoryPreset,
)
from .payments import (
    allocate_payment,
    Allocation,
    InstallmentAllocation,
    ItemAllocation,
    ItemInstallment,
    payment_plan,
    PaymentItem,
    Plan,
    PlanInstallment,
    plan_status,
    PlanStatus,
    promise_status,
    PromiseStatus,
    Received,
)
from .receivables import (
    aging,
    AgingReport,
    AgingRow,
    AgingTotal,
    allowance,
    best_possible_dso,
    BestPossibleDso,
    cash_forecast,
    cei,
    Countback,
    countback_dso,
    dso,
    Forecast,
    ForecastPeriod,
    OpenItem,
    PaidItem,
    payment_timing,
    PaymentTiming,
    roll_rates,
)
from .terms import (
    Discount,
    discount_cost,
    DiscountCost,
    Installment,
    InstallmentDiscount,
    Line,
    PaymentTerms,
    Preset,
    presets,
    read_xrechnung,
    Schedule,
    schedule,
    settle,
    Settlement,
    XRechnungTerms,
)

__version__: str = _arrears.version()

__all__ = [
    "__version__",
    "allocate_payment",
    "Allocation",
    "InstallmentAllocation",
    "ItemAllocation",
    "ItemInstallment",
    "PaymentItem",
    "payment_plan",
    "Plan",
    "PlanInstallment",
    "plan_status",
    "PlanStatus",
    "promise_status",
    "PromiseStatus",
    "Received",
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
    "interest_arrow",
    "dso",
    "countback_dso",
    "best_possible_dso",
    "cei",
    "payment_timing",
    "allowance",
    "roll_rates",
    "cash_forecast",
    "due_date",
    "RateEntry",
    "RateTable",
    "ReferenceRate",
    "RateFloor",
    "InterestRule",
    "StatutoryPreset",
    "SampleTable",
    "InterestPreset",
    "ChargeEvent",
    "FeeBand",
    "FeeRule",
    "StatementItem",
    "InterestPeriod",
    "Interest",
    "StatementLine",
    "StatementTotal",
    "Statement",
    "interest",
    "late_fee",
    "statement",
    "statement_text",
    "interest_presets",
    "rate_table",
    "rate_tables",
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
    "error_codes",
]
