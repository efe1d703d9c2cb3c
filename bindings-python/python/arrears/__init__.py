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
schedules, discounts), :mod:`arrears.receivables` (aging, metrics), :mod:`arrears.collections` (worklist, dunning), :mod:`arrears.columnar` (the
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
from .collections import (
    Account,
    Assignment,
    Assignments,
    assign_collectors,
    Collector,
    CollectorLoad,
    credit_check,
    CreditDecision,
    CreditReason,
    risk_score,
    RiskComponent,
    RiskInput,
    RiskPayment,
    RiskScore,
    ActionItem,
    CustomerAction,
    dunning,
    dunning_policy,
    DunningFee,
    DunningItem,
    DunningPolicy,
    DunningRecord,
    DunningRun,
    DunningSkip,
    DunningStep,
    OverdueItem,
    PaymentRecord,
    ScoreComponent,
    worklist,
    WorklistRow,
)
from .columnar import aging_arrow, ArrowStream, schedule_arrow
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
    # collections (issue 15)
    "Account",
    "Assignment",
    "Assignments",
    "assign_collectors",
    "Collector",
    "CollectorLoad",
    "credit_check",
    "CreditDecision",
    "CreditReason",
    "risk_score",
    "RiskComponent",
    "RiskInput",
    "RiskPayment",
    "RiskScore",
    "ActionItem",
    "CustomerAction",
    "dunning",
    "dunning_policy",
    "DunningFee",
    "DunningItem",
    "DunningPolicy",
    "DunningRecord",
    "DunningRun",
    "DunningSkip",
    "DunningStep",
    "OverdueItem",
    "PaymentRecord",
    "ScoreComponent",
    "worklist",
    "WorklistRow",
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
    "error_codes",
]
