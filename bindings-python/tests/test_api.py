"""The typed Python API: conversions, errors, types and version."""

from __future__ import annotations

import json
import re
import threading
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

import arrears
from arrears import Calendar, Line, PaymentTerms, Step

ROOT = Path(__file__).resolve().parents[2]
README_TERMS = PaymentTerms([Line.percent("30"), Line.balance(due=[Step.end_of_month(), Step.add_days(60)])])


def test_readme_schedule() -> None:
    s = arrears.schedule(Decimal("1000.00"), "EUR", date(2026, 1, 31), README_TERMS)
    assert [(i.line, i.due_date, i.amount) for i in s] == [
        (0, date(2026, 1, 31), Decimal("300.00")),
        (1, date(2026, 4, 1), Decimal("700.00")),
    ]
    assert s.due_date == date(2026, 4, 1) and s.total == Decimal("1000.00") and s.currency == "EUR"
    assert str(s.installments[0].amount) == "300.00"  # the currency's scale is kept
    assert len(s) == 2
    assert s.to_json() == (
        '{"currency":"EUR","due_date":"2026-04-01","installments":[{"amount":"300.00","due_date":"2026-01-31","line":0},'
        '{"amount":"700.00","due_date":"2026-04-01","line":1}],"total":"1000.00"}'
    )
    assert arrears.Schedule.from_dict(s.to_dict()) == s


def test_amounts_as_strings_and_ints() -> None:
    assert arrears.schedule("1000.00", "EUR", "2026-01-31", README_TERMS).installments[1].amount == Decimal("700.00")
    assert arrears.schedule(1001, "JPY", "2026-01-31", README_TERMS).installments[0].amount == Decimal("300")


def test_float_amount_is_a_type_error_that_says_why() -> None:
    with pytest.raises(TypeError, match="float cannot represent money exactly"):
        arrears.schedule(1000.0, "EUR", date(2026, 1, 31), README_TERMS)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="float"):
        Line.percent(30.0)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        arrears.round_amount(True, "EUR")  # type: ignore[arg-type]


def test_datetime_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="datetime"):
        arrears.schedule("1.00", "EUR", datetime(2026, 1, 31, 12), README_TERMS)


def test_non_finite_decimal() -> None:
    with pytest.raises(arrears.InvalidAmountError):
        arrears.round_amount(Decimal("NaN"), "EUR")


def test_errors_are_typed_value_errors_naming_field_and_value() -> None:
    with pytest.raises(arrears.InvalidAmountError) as info:
        arrears.schedule("100.001", "EUR", "2026-01-01", README_TERMS)
    e = info.value
    assert isinstance(e, ValueError) and isinstance(e, arrears.ArrearsError)
    assert (e.code, e.field, e.value) == ("invalid_amount", "total", "100.001")
    assert "total" in str(e) and "100.001" in str(e)
    with pytest.raises(arrears.UnknownCurrencyError) as info2:
        arrears.schedule("1.00", "EUX", "2026-01-01", README_TERMS)
    assert info2.value.field == "currency"
    with pytest.raises(arrears.InvalidDateError):
        arrears.schedule("1.00", "EUR", "2026-02-30", README_TERMS)
    with pytest.raises(arrears.InvalidRoundingError):
        arrears.schedule("1.00", "EUR", "2026-01-01", README_TERMS, rounding="bankers")
    with pytest.raises(arrears.InvalidPrecisionError):
        arrears.round_amount("1", "XAU")
    with pytest.raises(arrears.DateOutOfRangeError):
        arrears.due_date("9999-12-31", [Step.add_days(1)])
    with pytest.raises(arrears.AmountOverflowError):
        arrears.round_amount("1" + "0" * 19, "JPY")
    with pytest.raises(arrears.InvalidRequestError):
        arrears.call_json("schedule", "{not json")


def test_bad_terms_fail_at_construction() -> None:
    with pytest.raises(arrears.InvalidTermsError) as info:
        PaymentTerms([Line.percent("150")])
    assert info.value.field == "lines[0].value" and info.value.value == "150"
    with pytest.raises(arrears.InvalidRuleError) as info2:
        PaymentTerms([Line.balance(due=[Step.set_day(32)])])
    assert info2.value.field == "lines[0].due[0]"
    with pytest.raises(arrears.InvalidTermsError):
        PaymentTerms([Line.balance(), Line.percent("10")])
    with pytest.raises(arrears.InvalidAmountError):
        Line.percent("thirty")


def test_every_error_class_has_its_code() -> None:
    codes = {cls.code for cls in arrears.ArrearsError.__subclasses__()}
    assert codes == {
        "invalid_amount", "invalid_date", "unknown_currency", "invalid_precision", "invalid_rounding",
        "invalid_rule", "invalid_terms", "date_out_of_range", "overflow", "invalid_request", "limit_exceeded", "internal",
    }


def test_error_classes_are_the_cores_codes() -> None:
    # one class per code the core lists (error_codes), plus InternalError for a caught panic
    core = json.loads(arrears.call_json("error_codes", "{}"))["codes"]
    classes = {cls.code for cls in arrears.ArrearsError.__subclasses__()}
    assert classes == {c["code"] for c in core} | {"internal"}


def test_calendar_and_adjustment() -> None:
    cal = Calendar(weekend=("fri", "sat"), holidays=[date(2026, 3, 22)])
    assert arrears.due_date(date(2026, 3, 20), adjustment="following", calendar=cal) == date(2026, 3, 23)
    terms = PaymentTerms([Line.balance(due=[Step.add_days(30)])], adjustment="modified_following")
    s = arrears.schedule("50.00", "EUR", "2026-11-25", terms, calendar=Calendar(holidays=["2026-12-25"]))
    assert s.installments[0].due_date == date(2026, 12, 28)


def test_options() -> None:
    thirds = PaymentTerms.equal_split([[Step.add_days(30)], [Step.add_days(60)], [Step.add_days(90)]])
    s = arrears.schedule("100.00", "CHF", "2026-01-01", thirds, cash_increment="0.05")
    assert [str(i.amount) for i in s] == ["33.35", "33.35", "33.30"]
    s = arrears.schedule("1001", "HUF", "2026-01-01", README_TERMS, precision=0, rounding="half_even")
    assert sum(i.amount for i in s) == Decimal("1001")
    over = PaymentTerms([Line.percent("70"), Line.fixed("500"), Line.balance()])
    with pytest.raises(arrears.InvalidTermsError):
        arrears.schedule("1000.00", "EUR", "2026-01-01", over)
    s = arrears.schedule("1000.00", "EUR", "2026-01-01", over, allow_negative_balance=True)
    assert [str(i.amount) for i in s] == ["700.00", "500.00", "-200.00"]


def test_currencies() -> None:
    assert arrears.currency("EUR") == arrears.Currency("EUR", 978, 2, "Euro")
    assert arrears.currency("XAU").minor_units is None
    assert len(arrears.currencies()) > 170
    with pytest.raises(arrears.UnknownCurrencyError):
        arrears.currency("HRK")


def test_round_amount_modes() -> None:
    assert [str(arrears.round_amount("-2.345", "EUR", rounding=m)) for m in arrears.ROUNDING_MODES] == [
        "-2.35", "-2.34", "-2.34", "-2.34", "-2.35", "-2.35", "-2.34"
    ]


def test_terms_round_trip() -> None:
    assert PaymentTerms.from_dict(README_TERMS.to_dict()) == README_TERMS


def test_gil_is_released_for_other_threads() -> None:
    # Many calls from several threads give the same results as one thread.
    results: list = []

    def work() -> None:
        results.append([arrears.schedule("1000.00", "EUR", "2026-01-31", README_TERMS).to_json() for _ in range(50)])

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({j for r in results for j in r}) == 1


def test_version_is_the_workspace_version() -> None:
    cargo = (ROOT / "Cargo.toml").read_text(encoding="utf-8")
    version = re.search(r'\[workspace\.package\][^\[]*?version = "([^"]+)"', cargo, re.S)
    assert version is not None and arrears.__version__ == version.group(1)


def test_doctests() -> None:
    import doctest

    import arrears._dunning
    import arrears.calendar
    import arrears.charges
    import arrears.collections
    import arrears.columnar
    import arrears.errors
    import arrears.money
    import arrears.rates
    import arrears.receivables
    import arrears.terms

    # testmod(arrears) sees only the package's own docstring: each module is run itself
    modules = (arrears, arrears.errors, arrears.money, arrears.calendar, arrears.terms, arrears.receivables)
    for module in modules + (arrears.rates, arrears.charges, arrears.columnar, arrears.collections, arrears._dunning):
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert result.failed == 0 and result.attempted > 0, module.__name__


def test_issue12_wrong_types_are_type_errors_saying_what_is_expected() -> None:
    for bad in (None, 5, {"lines": []}):
        with pytest.raises(TypeError, match="PaymentTerms or notation text"):
            arrears.schedule("1.00", "EUR", "2026-01-01", bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="a Calendar"):
        arrears.schedule("1.00", "EUR", "2026-01-01", "net 30", calendar="sat,sun")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="ISO 4217 code"):
        arrears.schedule("1.00", None, "2026-01-01", "net 30")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="an Installment"):
        arrears.settle("100.00", "EUR", "2026-01-05")  # type: ignore[arg-type]


def test_issue12_terms_as_notation_text_everywhere() -> None:
    s = arrears.schedule("1000.00", "EUR", "2026-01-01", "2/10 net 30")
    assert s == arrears.schedule("1000.00", "EUR", "2026-01-01", arrears.PaymentTerms.parse("2/10 net 30"))
    with pytest.raises(arrears.InvalidTermsError) as e:
        arrears.schedule("1000.00", "EUR", "2026-01-01", "2/40 net 30")
    assert e.value.field == "terms" and "base" not in e.value.reason and "40 days" in e.value.reason
    with pytest.raises(arrears.InvalidTermsError):
        arrears.PaymentTerms.parse("2/10 3/10 net 30")


def test_issue12_installment_amounts_may_be_strings() -> None:
    i = arrears.Installment(0, date(2026, 1, 31), "100.00")  # type: ignore[arg-type]
    assert arrears.settle(i, "EUR", "2026-01-05").paid == Decimal("100.00")


def test_issue12_error_codes_and_missing_fields() -> None:
    assert arrears.error_codes()[0] == ("invalid_amount", 1)
    assert {c for c, _ in arrears.error_codes()} | {"internal"} == {c.code for c in arrears.ArrearsError.__subclasses__()}
    # a missing field names itself; no serde text leaks
    with pytest.raises(arrears.InvalidRequestError) as e:
        arrears.call_json("schedule", '{"total": "1.00", "base_date": "2026-01-01", "terms": "net 30"}')
    assert e.value.field == "currency" and "required" in e.value.reason
    with pytest.raises(arrears.InvalidRequestError) as e:
        arrears.call_json("schedule", '{"total": "1.00", "currency": null, "base_date": "2026-01-01", "terms": "net 30"}')
    assert str(e.value) == 'currency: invalid request "null": expected a string, got null'
