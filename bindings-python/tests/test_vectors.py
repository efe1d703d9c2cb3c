"""The shared conformance vectors (tests/vectors/*.json), through the typed Python API."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import arrears
from arrears import Calendar, PaymentTerms, Step

VECTORS = Path(__file__).resolve().parents[2] / "tests" / "vectors"
CASES = [c for f in sorted(VECTORS.glob("*.json")) for c in json.loads(f.read_text(encoding="utf-8"))["cases"]]


def canonical(x: Any) -> str:
    return json.dumps(x, sort_keys=True, separators=(",", ":"))


def _typed_amounts(req: dict) -> bool:
    """Whether every amount of a schedule request is a decimal string (JSON numbers are rejected by
    the core; the typed API takes ints, so those cases go through call_json)."""
    values = [req.get("total"), req.get("cash_increment")] + [line.get("value") for line in req["terms"]["lines"]]
    return all(v is None or isinstance(v, str) for v in values)


def run(op: str, req: Any) -> Any:
    """The typed call for `op`, returning the result in wire form."""
    known = {"total", "currency", "base_date", "terms", "rounding", "precision", "cash_increment", "calendar", "allow_negative_balance"}
    if (
        op == "schedule"
        and isinstance(req, dict)
        and {"total", "currency", "base_date"} <= set(req) <= known
        and isinstance(req.get("terms"), dict)
        and set(req["terms"]) <= {"lines", "adjustment"}
        and isinstance(req["terms"].get("lines"), list)
        and _typed_amounts(req)
    ):
        s = arrears.schedule(
            req["total"],
            req["currency"],
            req["base_date"],
            PaymentTerms.from_dict(req["terms"]),
            rounding=req.get("rounding", "half_up"),
            precision=req.get("precision"),
            cash_increment=req.get("cash_increment"),
            calendar=Calendar.from_wire(req["calendar"]) if req.get("calendar") is not None else None,
            allow_negative_balance=req.get("allow_negative_balance", False),
        )
        return s.to_dict()
    if op == "due_date" and isinstance(req, dict) and set(req) <= {"base_date", "steps", "adjustment", "calendar"}:
        d = arrears.due_date(
            req["base_date"],
            [Step.from_wire(s) for s in req.get("steps", [])],
            adjustment=req.get("adjustment", "none"),
            calendar=Calendar.from_wire(req["calendar"]) if "calendar" in req else None,
        )
        return {"due_date": d.isoformat()}
    return json.loads(arrears.call_json(op, json.dumps(req)))


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_vector(case: dict) -> None:
    if "expected" in case:
        assert canonical(run(case["op"], case["request"])) == canonical(case["expected"])
    else:
        with pytest.raises(arrears.ArrearsError) as info:
            run(case["op"], case["request"])
        err = info.value
        want_field = case["error"]["field"]
        # Terms built in Python are validated on their own, so their paths lack the `terms.` prefix.
        assert err.code == case["error"]["code"], str(err)
        assert err.field in (want_field, want_field.removeprefix("terms.")), str(err)


def test_vectors_were_found() -> None:
    assert len(CASES) > 200
