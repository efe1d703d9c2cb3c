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
    known = {
        "total",
        "currency",
        "base_date",
        "terms",
        "rounding",
        "precision",
        "cash_increment",
        "calendar",
        "allow_negative_balance",
        "discount_base",
        "tax",
    }
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
            discount_base=req.get("discount_base", "gross"),
            tax=req.get("tax"),
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
    typed = TYPED.get(op)
    if typed is not None and isinstance(req, dict) and _all_strings(req):
        try:
            return typed(req)
        except (KeyError, TypeError, AttributeError, IndexError):
            pass  # a request shape the typed API does not take (e.g. an unknown field): wire path
    return json.loads(arrears.call_json(op, json.dumps(req)))


INT_FIELDS = {
    "days",
    "months",
    "decimals",
    "horizon",
    "net_days",
    "discount_days",
    "year_basis",
    "bounds",
    "items",
    "line",
    "precision",
    "default_days_late",
    "cut_off",
    "add_days",
    "add_months",
    "set_day",
    "next_day_of_month",
    "grace_days",
    "level",
    "charged_levels",
    "count",
    "grace_days",
    "number",
    # collections
    "top_k",
    "dpd_cap",
    "late_cap",
    "dpd_offset",
    "late_offset",
    "bucket_bounds",
    "installment",
    "offset",
    "level",
    "recent_days",
    "broken_promises",
    "disputes",
    "max_accounts",
    "max_days_overdue",
    "hold_days_overdue",
    "review_days_overdue",
}


def _all_strings(x: Any, key: str = "") -> bool:
    """No JSON number where the wire wants a decimal string (the typed API takes ints and rejects
    floats as amounts; those cases test the wire's own checks)."""
    if isinstance(x, bool) or x is None:
        return True
    if isinstance(x, (int, float)):
        return key in INT_FIELDS and isinstance(x, int)
    if isinstance(x, dict):
        return all(_all_strings(v, k) for k, v in x.items())
    if isinstance(x, list):
        return all(_all_strings(v, key) for v in x)
    return True


def _terms_text(t: PaymentTerms) -> dict:
    return {"terms": t.to_wire(), "text": t.format()}


def _item(d: dict) -> arrears.OpenItem:
    return arrears.OpenItem(
        d["customer"], d["currency"], d["due_date"], d["amount"], d.get("issue_date"), d.get("disputed", False), d.get("id")
    )


def _paid(d: dict) -> arrears.PaidItem:
    return arrears.PaidItem(d["amount"], d["issue_date"], d["due_date"], d["paid_date"], d.get("customer", ""))


def _opt(r: dict, k: str, v: Any) -> dict:
    if v is not None:
        r[k] = format(v, "f")
    return r


def _forecast(req: dict) -> dict:
    f = arrears.cash_forecast(
        [arrears.OpenItem(o["customer"], o["currency"], o["due_date"], o["amount"]) for o in req["open"]],
        [_paid(p) for p in req.get("history", [])],
        req["as_of"],
        period=req.get("period", "week"),
        horizon=req["horizon"],
        default_days_late=req.get("default_days_late", 0),
    )

    def per(p: arrears.ForecastPeriod) -> dict:
        return {"currency": p.currency, "start": p.start.isoformat(), "end": p.end.isoformat(), "amount": format(p.amount, "f"), "items": p.items}

    return {
        "periods": [per(p) for p in f.periods],
        "later": [per(p) for p in f.later],
        "lateness": [{"customer": c, "days_late": d} for c, d in sorted(f.lateness.items())],
    }


def _settle(req: dict) -> dict:
    s = arrears.settle(
        arrears.Installment.from_dict(req["installment"]),
        req["currency"],
        req["date"],
        payment=req.get("payment"),
        open=req.get("open"),
        gross_in_window=req.get("gross_in_window", "take_discount"),
        rounding=req.get("rounding", "half_up"),
        precision=req.get("precision"),
        cash_increment=req.get("cash_increment"),
    )
    out = {
        "discount": format(s.discount, "f"),
        "paid": format(s.paid, "f"),
        "overpayment": format(s.overpayment, "f"),
        "settled": format(s.settled, "f"),
        "open_after": format(s.open_after, "f"),
    }
    if s.deadline is not None:
        out["deadline"] = s.deadline.isoformat()
    return out


def _bpdso(req: dict) -> dict:
    b = arrears.best_possible_dso(
        req["current_receivables"], req["credit_sales"], req["days"], total_receivables=req.get("total_receivables"), decimals=req.get("decimals", 2)
    )
    r = {"best_possible_dso": format(b.best_possible_dso, "f")}
    _opt(r, "dso", b.dso)
    return _opt(r, "average_days_delinquent", b.average_days_delinquent)


def _dso(req: dict) -> dict:
    if req.get("receivables_basis", "ending") != (
        "average" if "beginning_receivables" in req else "ending"
    ):
        raise KeyError("ambiguous basis: wire path")
    return {"dso": format(arrears.dso(req["receivables"], req["credit_sales"], req["days"], beginning_receivables=req.get("beginning_receivables"), decimals=req.get("decimals", 2)), "f")}


def _cei(req: dict) -> dict:
    if (req.get("sales_basis", "period") == "monthly_average") != ("months" in req):
        raise KeyError("inconsistent variant: wire path")
    v = arrears.cei(
        req["beginning_receivables"],
        req["credit_sales"],
        req["ending_receivables"],
        req["ending_current_receivables"],
        months=req.get("months"),
        decimals=req.get("decimals", 2),
    )
    return {"cei": format(v, "f")}


_ROUNDING = ("rounding", "precision", "cash_increment")


def _rounding(r: dict) -> dict:
    return {k: r[k] for k in _ROUNDING if k in r}


def _interest(r: dict) -> dict:
    known = {"principal", "currency", "due_date", "as_of", "invoice_date", "events", "rule", "preset", "since", "calendar", *_ROUNDING}
    if not set(r) <= known:
        raise KeyError("unknown field: wire path")
    return arrears.interest(
        r["principal"],
        r["currency"],
        r["due_date"],
        r["as_of"],
        None if r.get("rule") is None else arrears.InterestRule.from_wire(r["rule"]),
        preset=None if r.get("preset") is None else arrears.StatutoryPreset.from_wire(r["preset"]),
        invoice_date=r.get("invoice_date"),
        events=[arrears.ChargeEvent.from_wire(e) for e in r.get("events", [])],
        since=r.get("since"),
        calendar=None if r.get("calendar") is None else Calendar.from_wire(r["calendar"]),
        **_rounding(r),
    ).to_dict()


def _late_fee(r: dict) -> dict:
    known = {"principal", "currency", "fee", "preset", "obligation_date", "level", "charged_levels", *_ROUNDING}
    if not set(r) <= known:
        raise KeyError("unknown field: wire path")
    fee = arrears.late_fee(
        r["principal"],
        r["currency"],
        None if r.get("fee") is None else arrears.FeeRule.from_wire(r["fee"]),
        preset=r.get("preset"),
        obligation_date=r.get("obligation_date"),
        level=r.get("level"),
        charged_levels=r.get("charged_levels", ()),
        **_rounding(r),
    )
    return {"fee": format(fee, "f")}


def _statement_args(r: dict) -> tuple:
    known = {"customer", "as_of", "items", "rule", "preset", "fee", "calendar", "breakdown", *_ROUNDING}
    if not set(r) <= known:
        raise KeyError("unknown field: wire path")
    args = (r["customer"], r["as_of"], [arrears.StatementItem.from_wire(x) for x in r["items"]])
    kwargs = dict(
        rule=None if r.get("rule") is None else arrears.InterestRule.from_wire(r["rule"]),
        preset=None if r.get("preset") is None else arrears.StatutoryPreset.from_wire(r["preset"]),
        fee=None if r.get("fee") is None else arrears.FeeRule.from_wire(r["fee"]),
        calendar=None if r.get("calendar") is None else Calendar.from_wire(r["calendar"]),
        breakdown=r.get("breakdown", False),
        **_rounding(r),
    )
    return args, kwargs


def _rate_table(r: dict) -> dict:
    t = arrears.rate_table(r["name"])
    assert t.table is not None
    return {"name": t.name, "title": t.title, "source": t.source, "compiled": t.compiled, "complete_through": t.complete_through, "note": t.note, "table": t.table.to_wire()}


ALLOCATE_FIELDS = {"payment", "items", "strategy", "order", "within", "gross_in_window", "tolerance", "rounding", "precision"}


def _allocate(req: dict) -> dict:
    if not set(req) <= ALLOCATE_FIELDS or not set(req.get("tolerance") or {}) <= {"amount", "percent"}:
        raise KeyError("a field the typed API does not take: wire path")
    p, t = req["payment"], req.get("tolerance") or {}
    return arrears.allocate_payment(
        p["amount"],
        p["currency"],
        p["date"],
        [arrears.PaymentItem.from_dict(x) for x in req["items"]],
        strategy=req.get("strategy", "oldest_first"),
        order=req.get("order", ()),
        within=req.get("within"),
        gross_in_window=req.get("gross_in_window", "take_discount"),
        tolerance_amount=t.get("amount"),
        tolerance_percent=t.get("percent"),
        rounding=req.get("rounding", "half_up"),
        precision=req.get("precision"),
        rate=p.get("rate"),
    ).to_dict()


def _plan(r: dict) -> dict:
    known = {"balance", "currency", "start", "count", "installment", "frequency", "down_payment", "rate", "rounding", "precision"}
    if not set(r) <= known:
        raise KeyError("a field the typed API does not take: wire path")
    return arrears.payment_plan(
        r["balance"], r["currency"], r["start"], count=r.get("count"), installment=r.get("installment"), frequency=r.get("frequency", "monthly"),
        down_payment=r.get("down_payment"), rate=r.get("rate"), rounding=r.get("rounding", "half_up"), precision=r.get("precision"),
    ).to_dict()


def _plan_status(r: dict) -> dict:
    if not set(r) <= {"plan", "payments", "as_of", "grace_days", "rounding", "precision"}:
        raise KeyError("a field the typed API does not take: wire path")
    return arrears.plan_status(
        arrears.Plan.from_dict(r["plan"]), [arrears.Received(p["date"], p["amount"]) for p in r.get("payments", [])], r["as_of"],
        grace_days=r.get("grace_days", 0), rounding=r.get("rounding", "half_up"), precision=r.get("precision"),
    ).to_dict()


def _promise(r: dict) -> dict:
    if not set(r) <= {"promise", "currency", "payments", "as_of", "rounding", "precision"} or not set(r["promise"]) <= {"amount", "date", "made_on"}:
        raise KeyError("a field the typed API does not take: wire path")
    p = r["promise"]
    return arrears.promise_status(
        p["amount"], p["date"], r["currency"], [arrears.Received(x["date"], x["amount"]) for x in r.get("payments", [])], r["as_of"],
        made_on=p.get("made_on"), rounding=r.get("rounding", "half_up"), precision=r.get("precision"),
    ).to_dict()
def _dunning_policy(p: dict) -> "arrears.DunningPolicy":
    extra = set(p) - {"steps", "level_model", "min_amount", "offset_unit", "calendar"}
    if extra:
        raise TypeError(f"unknown policy fields {extra}")
    steps = tuple(
        arrears.DunningStep(**{**s, "fee": arrears.FeeRule.from_wire(s["fee"])} if isinstance(s.get("fee"), dict) else s) for s in p["steps"]
    )
    cal = None if p.get("calendar") is None else arrears.Calendar.from_wire(p["calendar"])
    return arrears.DunningPolicy(steps, p.get("level_model", "steps"), p.get("min_amount", "0"), p.get("offset_unit", "calendar_days"), cal)


def _company(r: dict) -> dict:
    if not set(r) <= {"schedule", "company_currency", "rate", "company_total", "rounding", "precision"}:
        raise KeyError("a field the typed API does not take: wire path")
    return arrears.company_schedule(
        arrears.Schedule.from_dict(r["schedule"]), r["company_currency"], r["rate"], company_total=r.get("company_total"),
        rounding=r.get("rounding", "half_up"), precision=r.get("precision"),
    ).to_dict()


TYPED = {
    "interest": _interest,
    "late_fee": _late_fee,
    "statement": lambda r: (lambda a, k: arrears.statement(*a, **k).to_dict())(*_statement_args(r)),
    "statement_text": lambda r: (lambda a, k: {"text": arrears.statement_text(*a, **k)})(*_statement_args(r)),
    "interest_presets": lambda r: {"presets": [p.to_dict() for p in arrears.interest_presets()]},
    "rate_table": _rate_table,
    "rate_tables": lambda r: {
        "tables": [
            {"name": t.name, "title": t.title, "source": t.source, "compiled": t.compiled, "complete_through": t.complete_through, "entries": t.entries}
            for t in arrears.rate_tables()
        ]
    },
    "allocate_payment": _allocate,
    "company_schedule": _company,
    "payment_plan": _plan,
    "plan_status": _plan_status,
    "promise_status": _promise,
    "parse_terms": lambda r: _terms_text(PaymentTerms.parse(r["text"], **r.get("options", {}))),
    "format_terms": lambda r: {"text": PaymentTerms.from_wire(r["terms"]).format()},
    "preset": lambda r: {"name": r["name"], **_terms_text(PaymentTerms.preset(r["name"]))},
    "presets": lambda r: {"presets": [{"name": p.name, "text": p.text, "terms": p.terms.to_wire()} for p in arrears.presets()]},
    "settle": _settle,
    "discount_cost": lambda r: (lambda c: {"nominal": format(c.nominal, "f"), "effective": format(c.effective, "f")})(
        arrears.discount_cost(r["percent"], r["discount_days"], r["net_days"], year_basis=r.get("year_basis", 365), decimals=r.get("decimals", 2))
    ),
    "to_xrechnung": lambda r: dict(zip(("text", "net_days"), PaymentTerms.from_wire(r["terms"]).to_xrechnung(r.get("base_amount")))),
    "from_xrechnung": lambda r: (
        lambda x: {"terms": x.terms.to_wire(), **({"base_amounts": [None if b is None else format(b, "f") for b in x.base_amounts]} if x.base_amounts else {})}
    )(arrears.read_xrechnung(r["text"], r["net_days"])),
    "to_x12_itd": lambda r: {"segment": PaymentTerms.from_wire(r["terms"]).to_x12_itd()},
    "from_x12_itd": lambda r: {"terms": PaymentTerms.from_x12_itd(r["segment"]).to_wire()},
    "to_edifact_pat": lambda r: {"segment": PaymentTerms.from_wire(r["terms"]).to_edifact_pat()},
    "from_edifact_pat": lambda r: {"terms": PaymentTerms.from_edifact_pat(r["segment"]).to_wire()},
    "aging": lambda r: arrears.aging(
        [_item(i) for i in r["items"]],
        r["as_of"],
        basis=r.get("basis", "due_date"),
        bounds=r.get("bounds", (30, 60, 90)),
        labels=r.get("labels"),
        not_due=r.get("not_due", "column"),
        credits=r.get("credits", "net"),
    ).to_dict(),
    "aging_merge": lambda r: arrears.AgingReport.from_dict(r["reports"][0])
    .merge(*[arrears.AgingReport.from_dict(x) for x in r["reports"][1:]])
    .to_dict(),
    "dso": _dso,
    "countback_dso": lambda r: (lambda c: {"days": format(c.days, "f"), "months": format(c.months, "f")})(
        arrears.countback_dso(r["receivables"], r["monthly_sales"], month_days=r.get("month_days", "thirty"), as_of=r.get("as_of"), decimals=r.get("decimals", 2))
    ),
    "best_possible_dso": _bpdso,
    "cei": _cei,
    "payment_timing": lambda r: (
        lambda t: {"days_to_pay": format(t.days_to_pay, "f"), "days_late": format(t.days_late, "f"), "percent_late": format(t.percent_late, "f"), "items": t.items}
    )(arrears.payment_timing([_paid(p) for p in r["paid"]], decimals=r.get("decimals", 2))),
    "allowance": lambda r: (lambda a: {"currency": r["currency"], "parts": [format(x, "f") for x in a[0]], "total": format(a[1], "f")})(
        arrears.allowance(r["buckets"], r["percents"], r["currency"], rounding=r.get("rounding", "half_up"), precision=r.get("precision"))
    ),
    "roll_rates": lambda r: {"rates": [None if x is None else format(x, "f") for x in arrears.roll_rates(r["previous"], r["current"], decimals=r.get("decimals", 2))]},
    "cash_forecast": _forecast,
    # collections
    "worklist": lambda r: {
        "rows": [
            x.to_dict()
            for x in arrears.worklist(
                [arrears.OverdueItem(**i) for i in r["open"]], [arrears.PaymentRecord(**h) for h in r.get("history", [])], **r["config"]
            )
        ]
    },
    "dunning": lambda r: arrears.dunning(
        [arrears.DunningItem(**i) for i in r["items"]],
        r["as_of"],
        history=[arrears.DunningRecord(**h) for h in r.get("history", [])],
        policy=None if r.get("policy") is None else _dunning_policy(r["policy"]),
        on_hold=r.get("on_hold", []),
    ).to_dict(),
    "risk_score": lambda r: {
        "scores": [
            x.to_dict()
            for x in arrears.risk_score(
                [arrears.RiskInput(**{**c, "payments": [arrears.RiskPayment(**p) for p in c.get("payments", [])]}) for c in r["customers"]],
                r["as_of"],
                weights=r.get("weights"),
            )
        ]
    },
    "assign_collectors": lambda r: arrears.assign_collectors(
        [arrears.Account(**a) for a in r["accounts"]], [arrears.Collector(**c) for c in r["collectors"]]
    ).to_dict(),
    "credit_check": lambda r: arrears.credit_check(**r).to_dict(),
    "dunning_policy": lambda r: arrears.dunning_policy().to_dict() if r == {} else arrears.call_json("dunning_policy", json.dumps(r)),
}


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_vector(case: dict) -> None:
    if "expected" in case:
        assert canonical(run(case["op"], case["request"])) == canonical(case["expected"])
    else:
        with pytest.raises(arrears.ArrearsError) as info:
            run(case["op"], case["request"])
            # What the typed API cannot express (an unknown field...) is the wire's to reject.
            arrears.call_json(case["op"], json.dumps(case["request"]))
        err = info.value
        want_field = case["error"]["field"]
        # Terms built in Python are validated on their own, so their paths lack the `terms.` prefix.
        assert err.code == case["error"]["code"], str(err)
        assert err.field in (want_field, want_field.removeprefix("terms.")), str(err)


def test_vectors_were_found() -> None:
    assert len(CASES) > 400
    assert {c["op"] for c in CASES} - set(TYPED) - {"schedule", "due_date"} <= {"terms", "round", "currency", "currencies", "version", "error_codes", "reschedule"}


CHARGES = [c for c in CASES if c["op"] in {"interest", "late_fee", "statement", "statement_text", "rate_table", "rate_tables"}]


@pytest.mark.parametrize("case", CHARGES, ids=[c["id"] for c in CHARGES])
def test_charges_vectors_through_the_typed_api(case: dict) -> None:
    """Every late-charges vector runs through the typed functions, with no wire fallback."""
    typed = TYPED[case["op"]]
    assert _all_strings(case["request"])
    if "expected" in case:
        assert canonical(typed(case["request"])) == canonical(case["expected"])
    else:
        with pytest.raises(arrears.ArrearsError) as info:
            typed(case["request"])
        assert (info.value.code, info.value.field) == (case["error"]["code"], case["error"]["field"]), str(info.value)
