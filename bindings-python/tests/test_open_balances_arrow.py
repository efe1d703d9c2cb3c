"""arrears.open_balances_arrow: each customer's open balance per currency equals a plain sum of
the open amounts above zero, for string, dictionary and integer customer ids, chunks, one
currency code, integer minor units and decimal64; bad input is a typed error."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Dict, List, Tuple

import pyarrow as pa
import pyarrow.compute as pc
import pytest

import arrears
from test_allocate_arrow import ledger


def plain(items: pa.Table) -> List[Tuple[object, str, Decimal]]:
    sums: Dict[Tuple[object, str], Decimal] = defaultdict(Decimal)
    for r in items.to_pylist():
        sums[(r["customer_id"], r["currency"])] += max(r["open_amount"], Decimal(0))
    return sorted((c, k, b) for (c, k), b in sums.items() if b > 0)


def rows(t: pa.Table) -> List[Tuple[object, str, Decimal]]:
    return sorted(zip(t.column("customer").to_pylist(), t.column("currency").to_pylist(), t.column("balance").to_pylist()))


@pytest.mark.parametrize("seed", range(4))
def test_balances_are_the_plain_sums(seed: int) -> None:
    items, _ = ledger(seed, n=400)
    want = plain(items)
    assert rows(arrears.open_balances_arrow(items)) == want
    chunked = pa.Table.from_batches(items.to_batches(max_chunksize=37))
    assert rows(arrears.open_balances_arrow(chunked, threads=2)) == want
    dictionary = items.set_column(1, "customer_id", pc.dictionary_encode(items.column("customer_id")))
    assert rows(arrears.open_balances_arrow(dictionary)) == want
    d64 = arrears.open_balances_arrow(items, amount_type="decimal64")
    assert d64.schema.field("balance").type == pa.decimal64(18, 3)
    assert rows(d64) == want
    numbered = items.set_column(1, "customer_id", pc.cast(pc.utf8_slice_codeunits(items.column("customer_id"), 1), pa.int64()))
    want_ints = [(int(str(c)[1:]), k, b) for c, k, b in want]
    got = arrears.open_balances_arrow(numbered)
    assert got.schema.field("customer").type == pa.int64()
    assert rows(got) == sorted(want_ints)


def test_one_currency_code_and_integer_minor_units() -> None:
    items = pa.table({"customer_id": ["A", "B", "A", "B"], "open_amount": pa.array([1000, -5, 250, 0], pa.int64())})
    got = arrears.open_balances_arrow(items, currency_code="JPY", amount_scale=0)
    assert rows(got) == [("A", "JPY", Decimal(1250))]


def test_errors_name_the_field_and_value() -> None:
    big = pa.array([Decimal(9 * 10**16), Decimal(1), Decimal(9 * 10**16)], pa.decimal128(38, 2))
    items = pa.table({"customer_id": ["A", "B", "A"], "currency": ["EUR"] * 3, "open_amount": big})
    with pytest.raises(arrears.AmountOverflowError) as info:
        arrears.open_balances_arrow(items)
    assert (info.value.field, info.value.value) == ("items[2].open_amount", "90000000000000000.00")
    # read in place (one chunk of decimal128): an amount beyond 64-bit minor units, a credit
    # too, is named with its value as written; chunked (narrowed first) the same
    for wide in (Decimal(10**17), Decimal(-(10**17))):
        beyond = items.set_column(2, "open_amount", pa.array([Decimal(1), wide, Decimal(1)], pa.decimal128(38, 2)))
        for t in (beyond, pa.Table.from_batches(beyond.to_batches(max_chunksize=1))):
            with pytest.raises(arrears.AmountOverflowError) as info4:
                arrears.open_balances_arrow(t)
            assert (info4.value.field, info4.value.value) == ("items[1].open_amount", format(wide, ".2f"))
    with pytest.raises(arrears.InvalidRequestError) as info2:
        arrears.open_balances_arrow(items, amount_type="float64")
    assert (info2.value.field, info2.value.value) == ("amount_type", "float64")
    nulls = pa.table({"customer_id": ["A", None], "currency": ["EUR"] * 2, "open_amount": big.slice(0, 2)})
    with pytest.raises(arrears.ArrearsError) as info3:
        arrears.open_balances_arrow(nulls)
    assert info3.value.field == "items[1].customer_id"
