"""Bad collections input through the typed Python functions (issue 15's list): steps with
duplicate offsets, unknown actions or channels, negative capacities, weights that are not finite,
history naming unknown invoices; each a typed ArrearsError naming the field and the value."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Callable

import pyarrow as pa
import pytest

import arrears
from arrears import Account, Collector, DunningItem, DunningPolicy, DunningRecord, DunningStep, OverdueItem, RiskInput

ITEM = DunningItem("ACME", "I-1", "EUR", "2025-06-01", "100.00")


def step(offset: int, action: str = "remind", channel: str = "email") -> DunningStep:
    return DunningStep(offset, action, channel, 1)


def points(**over: Any) -> dict:
    w = {"bucket_bounds": [30], "bucket_weights": ["1", "2"], "per_day_past_due": "1", "dpd_cap": 10,
         "per_day_late": "1", "late_cap": 10, "per_risk_point": "0"}
    return {"points": {**w, **over}}


CASES = [
    ("duplicate offsets", lambda: arrears.dunning([ITEM], "2025-06-21", policy=DunningPolicy((step(5), step(5, "call", "phone")))),
     arrears.InvalidRuleError, "policy.steps[1].offset", "5"),
    ("unknown action", lambda: arrears.dunning([ITEM], "2025-06-21", policy=DunningPolicy((step(5, "shout"),))),
     arrears.InvalidRequestError, "policy.steps[0].action", "shout"),
    ("unknown channel", lambda: arrears.dunning([ITEM], "2025-06-21", policy=DunningPolicy((step(5, "remind", "pigeon"),))),
     arrears.InvalidRequestError, "policy.steps[0].channel", "pigeon"),
    ("history naming an unknown invoice", lambda: arrears.dunning([ITEM], "2025-06-21", history=[DunningRecord("I-404", 15, "2025-06-16")]),
     arrears.InvalidRequestError, "history[0].invoice", "I-404"),
    ("negative account capacity", lambda: arrears.assign_collectors([Account("A", "10", "5")], [Collector("ann", max_accounts=-1)]),
     arrears.InvalidRequestError, "collectors[0].max_accounts", "-1"),
    ("negative amount capacity", lambda: arrears.assign_collectors([Account("A", "10", "5")], [Collector("ann", max_amount="-5")]),
     arrears.InvalidRequestError, "collectors[0].max_amount", "-5"),
    ("a NaN weight", lambda: arrears.worklist([OverdueItem("A", "EUR", "2025-05-01", "1.00")], as_of="2025-06-30",
                                              scoring=points(bucket_weights=["1", "NaN"])),
     arrears.InvalidAmountError, "config.scoring.points.bucket_weights[1]", "NaN"),
    ("an infinite weight", lambda: arrears.worklist([OverdueItem("A", "EUR", "2025-05-01", "1.00")], as_of="2025-06-30",
                                                    scoring=points(per_day_past_due="Infinity")),
     arrears.InvalidAmountError, "config.scoring.points.per_day_past_due", "Infinity"),
    ("a NaN risk weight", lambda: arrears.risk_score([RiskInput("A")], "2025-06-30", weights={"per_day_late": "NaN"}),
     arrears.InvalidAmountError, "weights.per_day_late", "NaN"),
    ("a negative fee rule", lambda: arrears.dunning([ITEM], "2025-06-21", policy=DunningPolicy((
        DunningStep(5, "remind", "email", 1, fee=arrears.FeeRule(percent="-1")),))),
     arrears.InvalidRuleError, "policy.steps[0].fee.percent", "-1"),
]


@pytest.mark.parametrize("name,call,kind,field,value", CASES, ids=[c[0] for c in CASES])
def test_typed_error_names_field_and_value(name: str, call: Callable[[], Any], kind: type, field: str, value: str) -> None:
    with pytest.raises(kind) as e:
        call()
    assert (e.value.field, e.value.value) == (field, value)


def test_the_batch_worklist_names_a_non_finite_weight() -> None:
    inv = pa.table({"invoice_id": ["I1"], "customer_id": ["A"], "due_date": pa.array([dt.date(2025, 5, 1)], pa.date32()),
                    "currency": ["EUR"], "open_amount": pa.array([Decimal("1.00")], pa.decimal128(18, 2))})
    with pytest.raises(arrears.InvalidAmountError) as e:
        arrears.worklist_arrow(inv, None, as_of="2025-06-30", scoring=points(per_day_late="NaN"))
    assert (e.value.field, e.value.value) == ("config.scoring.points.per_day_late", "NaN")


def test_a_float_weight_is_a_type_error() -> None:
    # floats never hold money or weights: refused before the wire, naming the path
    with pytest.raises(TypeError, match=r"scoring\.points\.bucket_weights\[1\]"):
        arrears.worklist([OverdueItem("A", "EUR", "2025-05-01", "1.00")], as_of="2025-06-30",
                         scoring=points(bucket_weights=["1", float("nan")]))
