"""arrears.interest_arrow: the batch equals arrears.interest invoice by invoice on random data
(every path of the kernel: payments by id and by row, selections, slices and chunks, several
currencies, compounding, the breakdown), and bad columns are typed errors naming the row."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any, List, Optional

import pyarrow as pa
import pytest

import arrears
from arrears import ChargeEvent, InterestRule, RateEntry, RateTable

AS_OF = dt.date(2025, 6, 30)
SCALES = {"EUR": 2, "JPY": 0, "KWD": 3, "GBP": 2}
TABLE = RateTable([RateEntry(f"{y}-{m:02d}-01", str(r)) for (y, m), r in zip([(y, m) for y in range(2022, 2026) for m in (1, 7)], [0, 0, "2.5", 4, "4.5", "4.25", "3.15", "2.15"])])
RULES = [
    InterestRule.fixed("9.5"),
    InterestRule.reference_rate(TABLE, "8", "split_by_half_year"),
    InterestRule.reference_rate(TABLE, "5", "split_at_each_change", day_count="act/act", grace_days=10),
    InterestRule.fixed("12", day_count="30E/360", compounding="monthly"),
]


def money(rng: random.Random, scale: int, lo: int = 1, hi: int = 10**6) -> Decimal:
    return Decimal(rng.randint(lo, hi)).scaleb(-scale)


def dec(xs: List[Decimal], scale: int) -> pa.Array:
    return pa.array(xs, pa.decimal128(18, scale))


def ledger(seed: int, n: int = 300) -> tuple:
    """Invoices (amounts at 3 decimals, so that every currency fits) and payments on them."""
    rng = random.Random(seed)
    cur = [rng.choice(list(SCALES)) for _ in range(n)]
    issue = [AS_OF - dt.timedelta(days=rng.randint(0, 900)) for _ in range(n)]
    due = [d + dt.timedelta(days=rng.randint(0, 90)) for d in issue]
    amount = [money(rng, SCALES[c], 0 if rng.random() < 0.05 else 1) for c in cur]
    ids = [f"INV-{i:05d}" for i in range(n)]
    pays: List[tuple] = []
    for i in range(n):
        for _ in range(rng.choice([0, 0, 1, 2, 3])):
            paid = issue[i] + dt.timedelta(days=rng.randint(0, 1000))
            pays.append((i, paid, money(rng, SCALES[cur[i]], 1, max(1, int(amount[i].scaleb(SCALES[cur[i]])) // 2 + 1))))
    rng.shuffle(pays)
    inv = pa.table({
        "invoice_id": ids,
        "issue_date": pa.array(issue, pa.date32()),
        "due_date": pa.array(due, pa.date32()),
        "amount": dec(amount, 3),
        "currency": cur,
        "pick": [rng.random() < 0.7 for _ in range(n)],
    })
    pay = pa.table({
        "invoice_id": [ids[p[0]] for p in pays],
        "row": pa.array([p[0] for p in pays], pa.int64()),
        "paid_date": pa.array([p[1] for p in pays], pa.date32()),
        "amount": dec([p[2] for p in pays], 3),
    })
    return inv, pay, pays


def expected(inv: pa.Table, pays: List[tuple], rule: InterestRule, row: int, periods: bool = False) -> Any:
    r = inv.slice(row, 1).to_pylist()[0]
    events = [ChargeEvent.payment(p[1], p[2]) for p in pays if p[0] == row]
    scale = SCALES[r["currency"]]
    return arrears.interest(
        r["amount"].quantize(Decimal(1).scaleb(-scale)), r["currency"], r["due_date"], AS_OF, rule,
        invoice_date=r["issue_date"], events=events,
    )


@pytest.mark.parametrize("seed", range(4))
def test_batch_equals_the_object_api(seed: int) -> None:
    inv, pay, pays = ledger(seed)
    rule = RULES[seed % len(RULES)]
    by_id = seed % 2 == 0
    out = arrears.interest_arrow(
        inv, pay, AS_OF, rule, issue_date="issue_date", select="pick" if seed >= 2 else None,
        payment_invoice="invoice_id" if by_id else "row", unmatched="skip", threads=1 + seed % 2,
    )
    picked = [i for i, p in enumerate(inv.column("pick").to_pylist()) if p or seed < 2]
    assert out.column("row").to_pylist() == picked
    for k, i in enumerate(picked):
        want = expected(inv, pays, rule, i)
        got = (out.column("interest")[k].as_py(), out.column("status")[k].as_py(), out.column("currency")[k].as_py())
        assert got == (want.interest, want.status, want.currency), (i, want)


def test_breakdown_lines_equal_the_object_api_and_sum_to_the_interest() -> None:
    inv, pay, pays = ledger(7, 120)
    rule = RULES[1]
    out, lines = arrears.interest_arrow(inv, pay, AS_OF, rule, issue_date="issue_date", breakdown=True)
    for i in range(inv.num_rows):
        want = expected(inv, pays, rule, i)
        got = [x for x in lines.to_pylist() if x["row"] == i]
        assert [(x["from"], x["to"], x["days"], x["principal"], x["rate"], x["day_basis"], x["interest"]) for x in got] == [
            (p.start, p.end, p.days, p.principal, p.rate, p.day_basis, p.interest) for p in want.periods
        ]
        assert sum((x["interest"] for x in got), Decimal(0)) == out.column("interest")[i].as_py()


def test_slices_and_chunks_are_respected() -> None:
    inv, pay, pays = ledger(11, 200)
    rule = RULES[0]
    whole = arrears.interest_arrow(inv, pay, AS_OF, rule, unmatched="skip")
    chunked = pa.Table.from_batches(inv.to_batches(max_chunksize=37))
    again = arrears.interest_arrow(chunked, pa.Table.from_batches(pay.to_batches(max_chunksize=50)), AS_OF, rule, unmatched="skip")
    assert again.equals(whole)
    part = inv.slice(50, 80)
    sliced = arrears.interest_arrow(part, pay, AS_OF, rule, unmatched="skip")
    assert sliced.column("interest").to_pylist() == whole.column("interest").to_pylist()[50:130]
    # polars and RecordBatch producers
    pl = pytest.importorskip("polars")
    assert arrears.interest_arrow(pl.from_arrow(inv), pl.from_arrow(pay), AS_OF, rule, unmatched="skip").equals(whole)
    assert arrears.interest_arrow(inv.to_batches()[0], None, AS_OF, rule).num_rows == inv.num_rows


def test_integer_minor_units_and_one_currency_code() -> None:
    t = pa.table({"due_date": pa.array([dt.date(2025, 3, 1)], pa.date32()), "cents": pa.array([100000], pa.int64())})
    out = arrears.interest_arrow(t, None, "2025-03-31", InterestRule.fixed("10.25"), amount="cents", amount_scale=2, currency_code="EUR")
    assert out.column("interest").to_pylist() == [Decimal("8.42")]


def err(cls: type, invoices: Any, payments: Any = None, **kw: Any) -> arrears.ArrearsError:
    with pytest.raises(cls) as info:
        arrears.interest_arrow(invoices, payments, AS_OF, kw.pop("rule", RULES[0]), **kw)
    assert isinstance(info.value, arrears.ArrearsError)
    return info.value


def base(**cols: Any) -> pa.Table:
    d: dict = {
        "invoice_id": ["A", "B", "C"],
        "due_date": pa.array([dt.date(2025, 1, 1)] * 3, pa.date32()),
        "amount": dec([Decimal("10.00")] * 3, 2),
        "currency": ["EUR"] * 3,
    }
    d.update(cols)
    return pa.table(d)


def pays(ids: List[str], dates: Optional[list] = None, amounts: Optional[list] = None) -> pa.Table:
    return pa.table({
        "invoice_id": ids,
        "paid_date": pa.array(dates or [dt.date(2025, 2, 1)] * len(ids), pa.date32()),
        "amount": dec(amounts or [Decimal("1.00")] * len(ids), 2),
    })


def test_nulls_are_errors_naming_the_row() -> None:
    e = err(arrears.InvalidRequestError, base(due_date=pa.array([dt.date(2025, 1, 1), None, None], pa.date32())))
    assert (e.field, e.value) == ("invoices[1].due_date", "null")
    e = err(arrears.InvalidRequestError, base(currency=["EUR", "EUR", None]))
    assert e.field == "invoices[2].currency"
    e = err(arrears.InvalidRequestError, base(), pays(["A", "B"], amounts=[Decimal(1), None]))
    assert e.field == "payments[1].amount"


def test_bad_columns_are_typed_errors() -> None:
    e = err(arrears.InvalidAmountError, base(amount=[10.0, 1.0, 2.0]))
    assert (e.field, e.value) == ("amount", "float64")
    e = err(arrears.InvalidDateError, base(due_date=pa.array([dt.datetime(2025, 1, 1)] * 3, pa.timestamp("ms"))))
    assert e.field == "due_date"
    e = err(arrears.InvalidRequestError, base().drop_columns(["currency"]))
    assert e.field == "currency"
    e = err(arrears.UnknownCurrencyError, base(currency=["EUR", "XXY", "EUR"]))
    assert (e.field, e.value) == ("invoices[1].currency", "XXY")
    e = err(arrears.InvalidAmountError, base(currency=["EUR", "EUR", "JPY"], amount=dec([Decimal("10.00"), Decimal(1), Decimal("10.50")], 2)))
    assert (e.field, e.value) == ("invoices[2].amount", "10.50")
    e = err(arrears.InvalidAmountError, base(amount=dec([Decimal("1.00"), Decimal("-1.00"), Decimal(0)], 2)))
    assert e.field == "invoices[1].amount"
    e = err(arrears.InvalidRequestError, base(), pays(["A", "Z"]))
    assert (e.field, e.value) == ("payments[1].invoice_id", "Z")
    e = err(arrears.InvalidAmountError, base(), pays(["A", "B"], amounts=[Decimal("1.00"), Decimal("-5.00")]))
    assert (e.field, e.value) == ("payments[1].amount", "-5.00")  # as written, not in minor units
    early = pays(["C"], dates=[dt.date(2024, 1, 1)])
    e = err(arrears.InvalidDateError, base(issue_date=pa.array([dt.date(2024, 12, 1)] * 3, pa.date32())), early, issue_date="issue_date")
    assert (e.field, e.value) == ("payments[0].paid_date", "2024-01-01")
    e = err(arrears.InvalidRequestError, base(select=[1, 0, 1]), select="select")
    assert e.field == "select"
    e = err(arrears.InvalidRuleError, base(), rule=InterestRule.fixed("1000.5"))
    assert e.field == "rule.rate"
    late = InterestRule.reference_rate(RateTable([RateEntry("2025-03-01", "2")]), "1")
    e = err(arrears.InvalidRuleError, base(), rule=late)
    assert e.field == "rule.reference.table.rates" and "invoices[0]" in str(e), (e.field, str(e))
    with pytest.raises(TypeError):
        arrears.interest_arrow([1, 2], None, AS_OF, RULES[0])
    with pytest.raises(TypeError, match="InterestRule"):
        arrears.interest_arrow(base(), None, AS_OF, {"rate": "8"})  # type: ignore[arg-type]


def test_payments_by_row_number() -> None:
    p = pa.table({"invoice_id": pa.array([2, 5], pa.int32()), "paid_date": pa.array([dt.date(2025, 2, 1)] * 2, pa.date32()), "amount": dec([Decimal(1)] * 2, 2)})
    e = err(arrears.InvalidRequestError, base(), p)
    assert (e.field, e.value) == ("payments[1].invoice_id", "5")


def test_other_string_layouts_and_a_selection_with_nulls() -> None:
    inv, pay, pays = ledger(5, 150)
    rule = RULES[1]
    whole = arrears.interest_arrow(inv, pay, AS_OF, rule, unmatched="skip")
    k = inv.schema.get_field_index("currency")
    dict_cur = inv.set_column(k, "currency", inv.column("currency").dictionary_encode())
    j = inv.schema.get_field_index("invoice_id")
    large = dict_cur.set_column(j, "invoice_id", inv.column("invoice_id").cast(pa.large_string()))
    views = pay.set_column(0, "invoice_id", pay.column("invoice_id").cast(pa.string_view()))
    assert arrears.interest_arrow(large, views, AS_OF, rule, unmatched="skip").equals(whole)
    chunked = pa.Table.from_batches(large.to_batches(max_chunksize=40))
    assert arrears.interest_arrow(chunked, views, AS_OF, rule, unmatched="skip").equals(whole)
    pick = pa.array([None if i % 3 == 0 else i % 2 == 0 for i in range(inv.num_rows)], pa.bool_())
    out = arrears.interest_arrow(inv.append_column("sel", pick), pay, AS_OF, rule, select="sel", unmatched="skip")
    rows = [i for i in range(inv.num_rows) if i % 3 != 0 and i % 2 == 0]
    assert out.column("row").to_pylist() == rows
    assert out.column("interest").to_pylist() == [whole.column("interest")[i].as_py() for i in rows]


def test_duplicate_invoice_ids_name_the_row() -> None:
    t = base(invoice_id=["A", "B", "A"], pick=[True, False, True])
    e = err(arrears.InvalidRequestError, t, pays(["A"]), select="pick")
    assert (e.field, e.value) == ("invoices[2].invoice_id", "A")
    e = err(arrears.InvalidRequestError, t, pays(["A"]))
    assert (e.field, e.value) == ("invoices[2].invoice_id", "A")
    # a duplicate among rows not selected is not looked up
    assert arrears.interest_arrow(base(invoice_id=["A", "B", "B"], pick=[True, True, False]), pays(["A"]), AS_OF, RULES[0], select="pick").num_rows == 2


def test_selection_over_chunks_gathers_the_selected_ids() -> None:
    inv, pay, _ = ledger(9, 160)
    rule = RULES[2]
    one = arrears.interest_arrow(inv, pay, AS_OF, rule, select="pick", unmatched="skip", issue_date="issue_date")
    chunked = pa.Table.from_batches(inv.to_batches(max_chunksize=33))
    assert arrears.interest_arrow(chunked, pay, AS_OF, rule, select="pick", unmatched="skip", issue_date="issue_date").equals(one)
    dup = pa.Table.from_batches(base(invoice_id=["A", "B", "A"], pick=[True, False, True]).to_batches(max_chunksize=1))
    e = err(arrears.InvalidRequestError, dup, pays(["A"]), select="pick")
    assert (e.field, e.value) == ("invoices[2].invoice_id", "A")


def test_large_batches_equal_small_ones() -> None:
    """From 100k rows a batch's amounts are narrowed on a second thread: the same result, and
    the same error naming the row."""
    n = 120_000
    rng = random.Random(3)
    inv = pa.table({
        "invoice_id": [f"I{i:06d}" for i in range(n)],
        "due_date": pa.array([AS_OF - dt.timedelta(days=rng.randint(-30, 600)) for _ in range(n)], pa.date32()),
        "amount": dec([Decimal(rng.randint(0, 10**7)).scaleb(-2) for _ in range(n)], 2),
        "currency": [rng.choice(["EUR", "USD", "GBP"]) for _ in range(n)],
    })
    pay = pays([f"I{i:06d}" for i in range(0, n, 7)], amounts=[Decimal("0.01")] * len(range(0, n, 7)))
    whole = arrears.interest_arrow(inv, pay, AS_OF, RULES[1])
    small = pa.Table.from_batches(inv.to_batches(max_chunksize=50_000))
    assert arrears.interest_arrow(small, pay, AS_OF, RULES[1]).equals(whole)
    big = inv.set_column(2, "amount", pa.array([Decimal(1)] * (n - 1) + [Decimal(10**17)], pa.decimal128(38, 2)))
    e = err(arrears.AmountOverflowError, big)
    assert e.field == f"invoices[{n - 1}].amount"


@pytest.mark.parametrize("name", ["de_288_b2b", "uk_late_payment", "ru_395"])
def test_a_statutory_preset_equals_the_object_api_with_its_version(name: str) -> None:
    """interest_arrow(preset=...): each invoice's version follows its issue_date, as
    arrears.interest(preset=..., invoice_date=...) chooses it for one claim."""
    sample = {"de_288_b2b": "de_basiszins", "uk_late_payment": "boe_bank_rate", "ru_395": "cbr_key_rate"}[name]
    table = arrears.rate_table(sample).table
    rng = random.Random(7)
    issue = [dt.date(2013, 6, 1) + dt.timedelta(days=rng.randint(730 if name == "ru_395" else 0, 3500)) for _ in range(60)]
    due = [d + dt.timedelta(days=rng.randint(0, 60)) for d in issue]
    amount = [Decimal(rng.randint(1, 10**6)).scaleb(-2) for _ in issue]
    cur = "RUB" if name == "ru_395" else "GBP" if name.startswith("uk") else "EUR"
    inv = pa.table({"invoice_id": [f"P{i}" for i in range(len(issue))], "issue_date": pa.array(issue, pa.date32()),
                    "due_date": pa.array(due, pa.date32()), "amount": dec(amount, 2), "currency": [cur] * len(issue)})
    pay = pa.table({"invoice_id": ["P1", "P5", "P5"], "paid_date": pa.array([due[1] + dt.timedelta(days=40), issue[5], due[5] + dt.timedelta(days=9)], pa.date32()),
                    "amount": dec([Decimal("10.00"), Decimal("1.00"), Decimal("5.00")], 2)})
    preset = arrears.StatutoryPreset(name, table)
    out = arrears.interest_arrow(inv, pay, AS_OF, preset=preset, issue_date="issue_date")
    for i in range(len(issue)):
        events = [ChargeEvent.payment(p["paid_date"], p["amount"]) for p in pay.to_pylist() if p["invoice_id"] == f"P{i}"]
        one = arrears.interest(amount[i], cur, due[i], AS_OF, preset=preset, invoice_date=issue[i], events=events)
        assert out.column("interest")[i].as_py() == one.interest, i
        assert one.preset is not None and out.column("version")[i].as_py() == one.preset[1], i
    if name == "de_288_b2b":
        assert len(set(out.column("version").to_pylist())) == 2  # both versions in one call


def test_preset_errors_name_the_preset_field() -> None:
    de = arrears.StatutoryPreset("de_288_b2b", arrears.rate_table("de_basiszins").table)
    e = err(arrears.InvalidRequestError, base(), preset=de, rule=None)
    assert e.field == "preset.obligation_date"
    e = err(arrears.InvalidRequestError, base(), rule=None)
    assert e.field == "rule"
    e = err(arrears.InvalidRuleError, base(), preset=arrears.StatutoryPreset("de_288", RateTable([RateEntry("2020-01-01", "1")])), rule=None)
    assert e.field == "preset.name"
    old = base(issue_date=pa.array([dt.date(2001, 1, 1)] * 3, pa.date32()), due_date=pa.array([dt.date(2001, 2, 1)] * 3, pa.date32()))
    e = err(arrears.InvalidDateError, old, preset=de, rule=None, issue_date="issue_date")
    assert (e.field, e.value) == ("invoices[0].issue_date", "2001-01-01")


def test_rows_not_selected_are_not_read() -> None:
    """With ``select``, the rows not selected are not computed: their currency and amount are
    not looked at (an unknown code is no error), and a payment on one (by row number) is checked
    only for its sign."""
    t = base(currency=["EUR", "XXY", "EUR"], pick=[True, False, True])
    p = pa.table({"invoice_id": pa.array([1, 2], pa.int64()), "paid_date": pa.array([dt.date(2025, 2, 1)] * 2, pa.date32()),
                  "amount": pa.array([Decimal("0.005"), Decimal("1.000")], pa.decimal128(18, 3))})
    out = arrears.interest_arrow(t, p, AS_OF, RULES[0], select="pick")
    full = arrears.interest_arrow(base(), p.slice(1), AS_OF, RULES[0])
    assert out.column("row").to_pylist() == [0, 2]
    assert out.column("interest").to_pylist() == [full.column("interest")[0].as_py(), full.column("interest")[2].as_py()]
    neg = p.set_column(2, "amount", pa.array([Decimal("-0.005"), Decimal("1.000")], pa.decimal128(18, 3)))
    e = err(arrears.InvalidAmountError, t, neg, select="pick")
    assert (e.field, e.value) == ("payments[0].amount", "-0.005")
    e = err(arrears.UnknownCurrencyError, t.set_column(4, "pick", pa.array([True, True, False])), select="pick")
    assert (e.field, e.value) == ("invoices[1].currency", "XXY")


@pytest.mark.parametrize("chunk", [None, 37])
def test_overdue_filter_equals_a_select_column(chunk: Optional[int]) -> None:
    """``overdue=True`` (and ``open_amount``) computes the rows a ``select`` column holding
    ``due_date < as_of`` (and ``open > 0``) would, combined with ``select`` when both are given."""
    inv, pay, _ = ledger(11, 200)
    rng = random.Random(4)
    opens = [Decimal(0) if rng.random() < 0.3 else Decimal(rng.randint(1, 999)).scaleb(-2) for _ in range(inv.num_rows)]
    inv = inv.append_column("open", dec(opens, 2)).append_column("open_int", pa.array([int(o * 100) for o in opens], pa.int32()))
    due = inv.column("due_date").to_pylist()
    picks = inv.column("pick").to_pylist()
    t = inv if chunk is None else pa.Table.from_batches(inv.to_batches(max_chunksize=chunk))
    rule = RULES[1]

    def by_select(keep: List[bool]) -> pa.Table:
        return arrears.interest_arrow(inv.append_column("k", pa.array(keep)), pay, AS_OF, rule, select="k", unmatched="skip")

    due_only = [d < AS_OF for d in due]
    assert arrears.interest_arrow(t, pay, AS_OF, rule, overdue=True, unmatched="skip").equals(by_select(due_only))
    still_open = [d and o > 0 for d, o in zip(due_only, opens)]
    for col in ("open", "open_int"):
        out = arrears.interest_arrow(t, pay, AS_OF, rule, overdue=True, open_amount=col, unmatched="skip")
        assert out.equals(by_select(still_open))
    both = arrears.interest_arrow(t, pay, AS_OF, rule, overdue=True, open_amount="open", select="pick", unmatched="skip")
    assert both.equals(by_select([s and p for s, p in zip(still_open, picks)]))


def test_overdue_filter_errors() -> None:
    e = err(arrears.InvalidRequestError, base(), open_amount="amount")
    assert e.field == "open_amount"
    e = err(arrears.InvalidAmountError, base(open=[1.0, 2.0, 0.0]), overdue=True, open_amount="open")
    assert (e.field, e.value) == ("open", "float64")
    e = err(arrears.InvalidRequestError, base(open=dec([Decimal(1), None, Decimal(0)], 2)), overdue=True, open_amount="open")
    assert (e.field, e.value) == ("invoices[1].open", "null")
    e = err(arrears.InvalidRequestError, base(), overdue=True, open_amount="nope")
    assert e.field == "nope"


@pytest.mark.parametrize("ids", ["numbered", "mixed"])
def test_order_by_invoice_id(ids: str) -> None:
    """``order="invoice_id"``: the rows of ``order="row"`` sorted by id (ties by row), with the
    breakdown's lines following them; rows already in id order come back as they are."""
    inv, pay, _ = ledger(12, 150)
    rng = random.Random(6)
    names = [f"INV-{rng.randint(0, 99999):05d}" for _ in range(inv.num_rows)]
    if ids == "mixed":
        names[7] = "CN-7"
        names[9] = names[3]  # a duplicate: no payment is by id below
    inv = inv.set_column(0, "invoice_id", pa.array(names))
    by_row = pay.drop_columns(["invoice_id"]).rename_columns(["invoice_id", "paid_date", "amount"])
    rule = RULES[3]
    for kw in ({}, {"select": "pick"}, {"overdue": True}):
        plain, lines = arrears.interest_arrow(inv, by_row, AS_OF, rule, breakdown=True, **kw)
        out, out_lines = arrears.interest_arrow(inv, by_row, AS_OF, rule, breakdown=True, order="invoice_id", **kw)
        want = sorted(range(plain.num_rows), key=lambda k: (names[plain.column("row")[k].as_py()], k))
        assert out.equals(plain.take(want))
        ranks = {r: k for k, r in enumerate(out.column("row").to_pylist())}
        order = sorted(range(lines.num_rows), key=lambda k: ranks[lines.column("row")[k].as_py()])
        assert out_lines.equals(lines.take(order))
    inv_sorted = inv.sort_by("invoice_id") if ids == "numbered" else inv.take(sorted(range(inv.num_rows), key=lambda i: names[i]))
    plain = arrears.interest_arrow(inv_sorted, None, AS_OF, rule)
    assert arrears.interest_arrow(inv_sorted, None, AS_OF, rule, order="invoice_id").equals(plain)
    e = err(arrears.InvalidRequestError, base(), order="id")
    assert (e.field, e.value) == ("order", "id")
    e = err(arrears.InvalidRequestError, base(invoice_id=["A", None, "B"]), order="invoice_id")
    assert e.field == "invoices[1].invoice_id"


def test_errors_name_the_callers_rows_when_only_some_are_read() -> None:
    """With a selection and payments by id, the kernel gets the selected invoices and the matched
    payments only: its errors still name the caller's rows, in the field and in the reason."""
    t = base(invoice_id=["A", "B", "C"], pick=[False, True, True], amount=dec([Decimal(-1), Decimal(-2), Decimal(5)], 2))
    e = err(arrears.InvalidAmountError, t, select="pick")
    assert (e.field, e.value) == ("invoices[1].amount", "-2.00")
    ok = base(pick=[False, True, True])
    p = pays(["Z", "A", "C", "C"], amounts=[Decimal(1), Decimal(1), Decimal(2), Decimal(-3)])
    e = err(arrears.InvalidAmountError, ok, p, select="pick", unmatched="skip")
    assert e.field == "payments[3].amount" and Decimal(e.value) == -3
    issued = ok.append_column("issue_date", pa.array([dt.date(2024, 12, 1)] * 3, pa.date32()))
    early = pays(["A", "Z", "C"], dates=[dt.date(2024, 1, 1)] * 3)
    e = err(arrears.InvalidDateError, issued, early, select="pick", unmatched="skip", issue_date="issue_date")
    assert e.field == "payments[2].paid_date" and "invoices[2].issue_date" in str(e), str(e)
    late = InterestRule.reference_rate(RateTable([RateEntry("2025-03-01", "2")]), "1")
    e = err(arrears.InvalidRuleError, ok, p.slice(0, 3), select="pick", unmatched="skip", rule=late)
    assert e.field == "rule.reference.table.rates" and "invoices[1]" in str(e), str(e)
    e = err(arrears.InvalidRuleError, ok, None, overdue=True, rule=late)
    assert "invoices[0]" in str(e), str(e)


def test_large_selections_equal_small_ones() -> None:
    """From 100k selected rows their currencies and amounts are read on two threads: the same
    result (currencies numbered in order of appearance, a code first seen late included) and
    the same first error, as batches read in one pass."""
    n = 240_000
    rng = random.Random(8)
    cur = [rng.choice(["EUR", "USD"]) for _ in range(n)]
    for i in (150_000, 230_000):
        cur[i] = "GBP" if i == 150_000 else "JPY"
    inv = pa.table({
        "invoice_id": [f"I{i:06d}" for i in range(n)],
        "due_date": pa.array([AS_OF - dt.timedelta(days=rng.randint(-30, 600)) for _ in range(n)], pa.date32()),
        "amount": dec([Decimal(rng.randint(0, 10**7)) for _ in range(n)], 2),
        "currency": cur,
    })
    pay = pays([f"I{i:06d}" for i in range(0, n, 7)], amounts=[Decimal("0.01")] * len(range(0, n, 7)))
    whole = arrears.interest_arrow(inv, pay, AS_OF, RULES[1], overdue=True, order="invoice_id", unmatched="skip")
    small = pa.Table.from_batches(inv.to_batches(max_chunksize=50_000))
    assert arrears.interest_arrow(small, pay, AS_OF, RULES[1], overdue=True, unmatched="skip").equals(whole)
    first_seen = list(dict.fromkeys(c for c, d in zip(cur, inv.column("due_date").to_pylist()) if d < AS_OF))
    assert whole.column("currency").chunk(0).dictionary.to_pylist() == first_seen
    late = [d < AS_OF for d in inv.column("due_date").to_pylist()]
    bad_rows = [i for i in range(200_000, n) if late[i]][:2]
    amounts = inv.column("amount").to_pylist()
    amounts[bad_rows[1]] = Decimal("1.005")
    amounts[bad_rows[0]] = Decimal("2.005")
    broken = inv.set_column(2, "amount", dec(amounts, 3))
    e = err(arrears.InvalidAmountError, broken, pay, overdue=True, unmatched="skip")
    assert e.field == f"invoices[{bad_rows[0]}].amount", e.field
    codes = list(cur)
    codes[bad_rows[1]] = "XXY"
    e = err(arrears.UnknownCurrencyError, inv.set_column(3, "currency", pa.array(codes)), pay, overdue=True, unmatched="skip")
    assert (e.field, e.value) == (f"invoices[{bad_rows[1]}].currency", "XXY")


TYPES = [("uint32", "decimal128"), ("int64", "decimal64"), ("uint32", "decimal64")]


def same_as_default(kw: dict, *args: Any) -> None:
    """Each ``row_type`` / ``amount_type`` gives the default result (and breakdown) with those
    column types: equal once cast back."""
    plain = arrears.interest_arrow(*args, **kw)
    for row_type, amount_type in TYPES:
        out = arrears.interest_arrow(*args, row_type=row_type, amount_type=amount_type, **kw)
        for got, want in zip(out if kw.get("breakdown") else [out], plain if kw.get("breakdown") else [plain]):
            assert str(got.schema.field("row").type) == row_type
            assert str(got.schema.field("interest").type).startswith(amount_type)
            assert got.cast(want.schema).equals(want), (row_type, amount_type, kw)


@pytest.mark.parametrize("by_id", [True, False])
@pytest.mark.parametrize(
    "kw", [{}, {"select": "pick"}, {"overdue": True}, {"order": "invoice_id"}, {"select": "pick", "order": "invoice_id"}]
)
def test_row_and_amount_types(by_id: bool, kw: dict) -> None:
    """``row_type="uint32"`` and ``amount_type="decimal64"`` (currencies of 0, 2 and 3 decimals:
    amounts scaled to the largest), with and without a selection, payments by id or by row,
    in row or id order (ids not in order: a permutation), with the breakdown."""
    inv, pay, _ = ledger(13, 150)
    names = [f"INV-{k:05d}" for k in random.Random(9).sample(range(100_000), inv.num_rows)]
    inv = inv.set_column(0, "invoice_id", pa.array(names))
    pay = pay.set_column(0, "invoice_id", pa.array([names[r] for r in pay.column("row").to_pylist()]))
    by = pay.drop_columns(["row"]) if by_id else pay.drop_columns(["invoice_id"]).rename_columns(["invoice_id", "paid_date", "amount"])
    for breakdown in (False, True):
        same_as_default({"breakdown": breakdown, "unmatched": "skip", **kw}, inv, by, AS_OF, RULES[1])


@pytest.mark.parametrize("in_order", [True, False])
def test_row_and_amount_types_of_a_large_result(in_order: bool) -> None:
    """From 100k result rows the columns are written on two threads, or moved when the result is
    in the order computed (the overdue rows of a ledger in id order, payments by id)."""
    n = 150_000
    rng = random.Random(10)
    ids = [f"INV-{i:07d}" for i in range(n)]
    if not in_order:
        rng.shuffle(ids)
    inv = pa.table({
        "invoice_id": ids,
        "due_date": pa.array([AS_OF - dt.timedelta(days=rng.randint(-30, 600)) for _ in range(n)], pa.date32()),
        "amount": dec([Decimal(rng.randint(1, 10**7)).scaleb(-2) for _ in range(n)], 2),
        "open": dec([Decimal(rng.randint(-10, 10**4)).scaleb(-2) for _ in range(n)], 2),
        "currency": [rng.choice(["EUR", "USD", "GBP"]) for _ in range(n)],
    })
    pay = pays([ids[i] for i in range(0, n, 3)], amounts=[Decimal("0.01")] * len(range(0, n, 3)))
    kw = {"overdue": True, "open_amount": "open", "order": "invoice_id", "unmatched": "skip"}
    same_as_default(kw, inv, pay, AS_OF, RULES[1])
    same_as_default({"order": "invoice_id"}, inv, pay, AS_OF, RULES[1])


def test_decimal64_overflow_and_bad_types() -> None:
    """An interest of more than 18 digits at the result's scale is an error naming its row and
    pointing to decimal128; an unknown type is an error naming the option."""
    t = base(amount=dec([Decimal(10**17), Decimal(1), Decimal(1)], 0), currency=["JPY", "KWD", "JPY"])
    assert arrears.interest_arrow(t, None, AS_OF, RULES[0]).column("interest")[0].as_py() > 10**15
    e = err(arrears.AmountOverflowError, t, amount_type="decimal64")
    assert (e.field, "decimal128" in str(e)) == ("interest[0]", True), str(e)
    e = err(arrears.AmountOverflowError, t, overdue=True, amount_type="decimal64", row_type="uint32")
    assert e.field == "interest[0]"
    e = err(arrears.InvalidRequestError, base(), row_type="int32")
    assert (e.field, e.value) == ("row_type", "int32")
    e = err(arrears.InvalidRequestError, base(), amount_type="float")
    assert (e.field, e.value) == ("amount_type", "float")
