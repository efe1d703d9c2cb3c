"""interest_arrow's invoice columns as the core reads them: a lone batch's decimal128 amounts in
place (the 64-bit check inside the kernel's own pass), currency codes numbered on every core
(utf8 short codes, dictionary indices): the same results as row by row, and errors naming
``invoices[row].column`` with the value as written, whichever thread finds them."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

import pyarrow as pa
import pytest

import arrears
from arrears import InterestRule

AS_OF = dt.date(2025, 6, 30)
RULE = InterestRule.fixed("9.5")
N = 150_000  # past the thresholds from which the codes are numbered on several threads


def ledger(n: int = N, seed: int = 5) -> pa.Table:
    rng = random.Random(seed)
    return pa.table({
        "invoice_id": [f"I{i:07d}" for i in range(n)],
        "due_date": pa.array([AS_OF - dt.timedelta(days=rng.randint(-30, 600)) for _ in range(n)], pa.date32()),
        "amount": pa.array([Decimal(rng.randint(0, 10**7)).scaleb(-2) for _ in range(n)], pa.decimal128(38, 2)),
        "currency": [rng.choice(["EUR", "USD", "GBP"]) for _ in range(n)],
    })


def err(cls: type, inv: pa.Table, **kw: Any) -> arrears.ArrearsError:
    with pytest.raises(cls) as info:
        arrears.interest_arrow(inv, None, AS_OF, RULE, **kw)
    return info.value


def with_column(t: pa.Table, name: str, col: Any) -> pa.Table:
    return t.set_column(t.schema.get_field_index(name), name, col)


@pytest.mark.parametrize("threads", [0, 1, 2])
def test_every_layout_of_codes_and_amounts_gives_the_same_result(threads: int) -> None:
    inv = ledger()
    one = arrears.interest_arrow(inv, None, AS_OF, RULE, threads=threads)
    variants = [
        with_column(inv, "currency", inv.column("currency").dictionary_encode()),
        pa.Table.from_batches(inv.to_batches(max_chunksize=40_000)),
        with_column(inv, "amount", inv.column("amount").cast(pa.decimal128(20, 2))),
    ]
    for v in variants:
        assert arrears.interest_arrow(v, None, AS_OF, RULE, threads=threads).equals(one)


@pytest.mark.parametrize("dictionary", [False, True])
def test_an_amount_past_64_bits_names_its_row_and_value(dictionary: bool) -> None:
    inv = ledger()
    if dictionary:
        inv = with_column(inv, "currency", inv.column("currency").dictionary_encode())
    amounts = inv.column("amount").to_pylist()
    amounts[120_001] = Decimal("92233720368547758.08")  # i64::MAX + 1 minor units
    amounts[130_000] = Decimal("-99999999999999999999.00")
    big = with_column(inv, "amount", pa.array(amounts, pa.decimal128(38, 2)))
    for threads in (0, 1, 2):
        e = err(arrears.AmountOverflowError, big, threads=threads)
        assert (e.field, e.value) == ("invoices[120001].amount", "92233720368547758.08"), str(e)
        assert "64-bit" in str(e) and big.column("currency").to_pylist()[120_001] in str(e)
    # in several batches (narrowed by the binding): the same error
    e = err(arrears.AmountOverflowError, pa.Table.from_batches(big.to_batches(max_chunksize=50_000)))
    assert (e.field, e.value) == ("invoices[120001].amount", "92233720368547758.08")
    # a negative amount: the kernel's error, the value as written
    amounts[120_001] = Decimal("1.00")
    amounts[130_000] = Decimal("-3.50")
    e = err(arrears.InvalidAmountError, with_column(inv, "amount", pa.array(amounts, pa.decimal128(38, 2))))
    assert (e.field, e.value) == ("invoices[130000].amount", "-3.50")


def test_a_bad_dictionary_index_or_code_names_its_row() -> None:
    inv = ledger()
    cur = inv.column("currency").combine_chunks().dictionary_encode()
    for row, index in ((140_000, 7), (75_000, -1), (3, 3)):
        idx = cur.indices.to_pylist()
        idx[row] = index
        idx[row + 100] = 9  # a later bad row is not the one named
        bad = pa.DictionaryArray.from_arrays(pa.array(idx, pa.int32()), cur.dictionary, safe=False)
        for threads in (0, 1, 2):
            e = err(arrears.InvalidRequestError, with_column(inv, "currency", bad), threads=threads)
            assert (e.field, e.value) == (f"invoices[{row}].currency", str(index)), str(e)
    # an unknown code, first used at a row of the second half, in both layouts
    codes = inv.column("currency").to_pylist()
    codes[100_000] = codes[100_010] = "XXQ"
    for col in (pa.array(codes), pa.array(codes).dictionary_encode()):
        e = err(arrears.UnknownCurrencyError, with_column(inv, "currency", col), threads=2)
        assert (e.field, e.value) == ("invoices[100000].currency", "XXQ")
