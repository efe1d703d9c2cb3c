"""Interest rules: fixed rates, reference-rate tables with a margin, floors, the statutory
regimes (presets) and the shipped sample rate tables. These classes hold the caller's data as
given (amounts as :class:`~decimal.Decimal`, ints or decimal strings; dates as
:class:`datetime.date` or ISO strings); the core checks them when they are used, naming the
field (``rule.reference.table.rates[1].from``). :mod:`arrears.charges` computes with them.
"""

from __future__ import annotations

import datetime as _dt

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterable, List, Mapping, Optional, Tuple

from ._wire import AmountLike, DateLike, _amount, _call, _date, _object

def _opt_amount(d: dict, key: str, value: Optional[AmountLike], field: str) -> None:
    if value is not None:
        d[key] = _amount(field, value)


def _opt_date(d: dict, key: str, value: Optional[DateLike], field: str) -> None:
    if value is not None:
        d[key] = _date(field, value)


def _opt_dec(value: Optional[str]) -> Optional[Decimal]:
    return None if value is None else Decimal(value)


@dataclass(frozen=True)
class RateEntry:
    """One dated rate of a :class:`RateTable`: ``rate`` percent a year from ``start`` (wire
    ``from``) through ``end`` (wire ``to``, inclusive), or until the next entry when ``end`` is
    None."""

    start: DateLike
    rate: AmountLike
    end: Optional[DateLike] = None

    def to_wire(self, field: str = "rates[0]") -> dict:
        """The wire form ``{"from": ..., "rate": ..., "to": ...}``."""
        d: dict = {"from": _date(f"{field}.from", self.start), "rate": _amount(f"{field}.rate", self.rate)}
        _opt_date(d, "to", self.end, f"{field}.to")
        return d

    @staticmethod
    def from_wire(obj: Mapping[str, Any]) -> "RateEntry":
        """An entry from its wire form (values kept as given)."""
        return RateEntry(obj["from"], obj["rate"], obj.get("to"))


@dataclass(frozen=True)
class RateTable:
    """A reference-rate table: dated rates (caller data, or a shipped :func:`rate_table`).

    The core rejects a table with a gap or an overlap, and a day of interest the table does not
    cover, naming the date.

    >>> RateTable([RateEntry("2024-01-01", "3.62"), RateEntry("2024-07-01", "3.37")]).to_wire()
    {'rates': [{'from': '2024-01-01', 'rate': '3.62'}, {'from': '2024-07-01', 'rate': '3.37'}]}
    """

    entries: Tuple[RateEntry, ...]

    def __init__(self, entries: Iterable[RateEntry]) -> None:
        object.__setattr__(self, "entries", tuple(entries))

    def to_wire(self) -> dict:
        """The wire form ``{"rates": [...]}``."""
        return {"rates": [e.to_wire(f"rates[{i}]") for i, e in enumerate(self.entries)]}

    @classmethod
    def from_wire(cls, obj: Mapping[str, Any]) -> "RateTable":
        """A table from its wire form."""
        return cls(RateEntry.from_wire(e) for e in obj["rates"])


def _table(field: str, value: Any) -> dict:
    return _object(field, value, RateTable, "a RateTable")  # type: ignore[no-any-return]


@dataclass(frozen=True)
class ReferenceRate:
    """A reference-rate table plus ``margin`` points, reaching the debt by ``fixing``:
    ``"split_at_each_change"`` (the core's default), ``"split_by_half_year"``,
    ``"fixed_at_start"`` or ``"annual"``."""

    table: RateTable
    margin: Optional[AmountLike] = None
    fixing: Optional[str] = None

    def to_wire(self) -> dict:
        """The wire form ``{"table": ..., "margin": ..., "fixing": ...}``."""
        d: dict = {"table": _table("reference.table", self.table)}
        _opt_amount(d, "margin", self.margin, "reference.margin")
        if self.fixing is not None:
            d["fixing"] = self.fixing
        return d

    @staticmethod
    def from_wire(obj: Mapping[str, Any]) -> "ReferenceRate":
        """From the wire form."""
        return ReferenceRate(RateTable.from_wire(obj["table"]), obj.get("margin"), obj.get("fixing"))


@dataclass(frozen=True)
class RateFloor:
    """A floor under the rate: ``times`` the rate of ``table`` (FR: three times the legal rate)."""

    table: RateTable
    times: AmountLike
    fixing: Optional[str] = None

    def to_wire(self) -> dict:
        """The wire form ``{"table": ..., "times": ..., "fixing": ...}``."""
        d: dict = {"table": _table("floor.table", self.table), "times": _amount("floor.times", self.times)}
        if self.fixing is not None:
            d["fixing"] = self.fixing
        return d

    @staticmethod
    def from_wire(obj: Mapping[str, Any]) -> "RateFloor":
        """From the wire form."""
        return RateFloor(RateTable.from_wire(obj["table"]), obj["times"], obj.get("fixing"))


@dataclass(frozen=True)
class InterestRule:
    """How interest runs: a fixed annual ``rate`` (percent, -100 to 1000) or a ``reference``
    rate plus margin; an optional ``floor``; the ``day_count`` (``"act/365"``, the default,
    ``"act/360"``, ``"act/act"``, ``"30E/360"``) and a different ``earlier_day_count``
    (``{"until": date, "day_count": ...}``) for days up to a date; ``compounding``
    (``"none"``, ``"monthly"``, ``"annual"``); ``grace_days`` (paid within them: no interest at
    all); ``due_date_roll`` over the caller's calendar. Fields left None take the core's default.

    >>> InterestRule.reference_rate(RateTable([RateEntry("2024-01-01", "3.62")]), margin="9",
    ...                             fixing="split_by_half_year").to_wire()["reference"]["margin"]
    '9'
    """

    rate: Optional[AmountLike] = None
    reference: Optional[ReferenceRate] = None
    floor: Optional[RateFloor] = None
    day_count: Optional[str] = None
    earlier_day_count: Optional[Mapping[str, Any]] = None
    compounding: Optional[str] = None
    grace_days: Optional[int] = None
    due_date_roll: Optional[str] = None

    @staticmethod
    def fixed(rate: AmountLike, **options: Any) -> "InterestRule":
        """A fixed annual ``rate`` in percent; ``options`` are the other fields."""
        return InterestRule(rate=rate, **options)

    @staticmethod
    def reference_rate(
        table: RateTable, margin: Optional[AmountLike] = None, fixing: Optional[str] = None, **options: Any
    ) -> "InterestRule":
        """A reference-rate ``table`` plus ``margin`` points, by ``fixing``."""
        return InterestRule(reference=ReferenceRate(table, margin, fixing), **options)

    def to_wire(self) -> dict:
        """The wire form (``rate`` or ``reference``, and the fields that are set)."""
        d: dict = {}
        _opt_amount(d, "rate", self.rate, "rule.rate")
        if self.reference is not None:
            d["reference"] = _object("rule.reference", self.reference, ReferenceRate, "a ReferenceRate")
        if self.floor is not None:
            d["floor"] = _object("rule.floor", self.floor, RateFloor, "a RateFloor")
        for key in ("day_count", "compounding", "grace_days", "due_date_roll"):
            if getattr(self, key) is not None:
                d[key] = getattr(self, key)
        if self.earlier_day_count is not None:
            e = self.earlier_day_count
            d["earlier_day_count"] = {"until": _date("rule.earlier_day_count.until", e["until"]), "day_count": e["day_count"]}
        return d

    @staticmethod
    def from_wire(obj: Mapping[str, Any]) -> "InterestRule":
        """A rule from its wire form (values kept as given; the core checks them)."""
        known = {"rate", "reference", "floor", "day_count", "earlier_day_count", "compounding", "grace_days", "due_date_roll"}
        if not set(obj) <= known:
            raise KeyError(f"unknown fields {sorted(set(obj) - known)}")
        ref, floor = obj.get("reference"), obj.get("floor")
        return InterestRule(
            obj.get("rate"),
            None if ref is None else ReferenceRate.from_wire(ref),
            None if floor is None else RateFloor.from_wire(floor),
            obj.get("day_count"),
            obj.get("earlier_day_count"),
            obj.get("compounding"),
            obj.get("grace_days"),
            obj.get("due_date_roll"),
        )


@dataclass(frozen=True)
class StatutoryPreset:
    """A statutory regime by name (:func:`interest_presets` lists them: ``"eu_2011_7"``,
    ``"de_288_b2b"``, ``"uk_late_payment"``, ``"fr_l441_10"``...) with the caller's data: the
    ``reference_rates`` (``rate_table("de_basiszins").table`` will do for a try), the
    ``obligation_date`` that chooses the version (default: the invoice date), and for FR a
    ``contract_rate`` floored on ``legal_rates``. An unknown name is an
    :class:`InvalidRequestError` naming ``preset.name``."""

    name: str
    reference_rates: RateTable
    obligation_date: Optional[DateLike] = None
    contract_rate: Optional[AmountLike] = None
    legal_rates: Optional[RateTable] = None

    def to_wire(self) -> dict:
        """The wire form."""
        d: dict = {"name": self.name, "reference_rates": _table("preset.reference_rates", self.reference_rates)}
        _opt_date(d, "obligation_date", self.obligation_date, "preset.obligation_date")
        _opt_amount(d, "contract_rate", self.contract_rate, "preset.contract_rate")
        if self.legal_rates is not None:
            d["legal_rates"] = _table("preset.legal_rates", self.legal_rates)
        return d

    @staticmethod
    def from_wire(obj: Mapping[str, Any]) -> "StatutoryPreset":
        """From the wire form."""
        legal = obj.get("legal_rates")
        return StatutoryPreset(
            obj["name"],
            RateTable.from_wire(obj["reference_rates"]),
            obj.get("obligation_date"),
            obj.get("contract_rate"),
            None if legal is None else RateTable.from_wire(legal),
        )


@dataclass(frozen=True)
class SampleTable:
    """A dated sample reference-rate table shipped with arrears (for tries and tests; caller data
    in production): its ``source``, when it was ``compiled`` and the day it is
    ``complete_through``. ``entries`` is the number of rates (``table`` is None in the listing of
    :func:`rate_tables`)."""

    name: str
    title: str
    source: str
    compiled: str
    complete_through: str
    entries: int
    note: Optional[str] = None
    table: Optional[RateTable] = None


@dataclass(frozen=True)
class InterestPreset:
    """A statutory regime as :func:`interest_presets` lists it: its ``versions`` (oldest first,
    each the wire form: ``from``, ``margin``, ``fixing``, ``day_count``, ``due_date_roll``,
    ``fee``, ``basis``...), the ``reference`` rate it runs on and the ``sample_table`` to try it
    with."""

    name: str
    title: str
    reference: str
    sample_table: str
    version_by: str
    versions: Tuple[Mapping[str, Any], ...]

    def to_dict(self) -> dict:
        """The wire form."""
        return {
            "name": self.name,
            "title": self.title,
            "reference": self.reference,
            "sample_table": self.sample_table,
            "version_by": self.version_by,
            "versions": [dict(v) for v in self.versions],
        }


def interest_presets() -> List[InterestPreset]:
    """The statutory regimes, each with its versions.

    >>> [p.name for p in interest_presets()][:3]
    ['eu_2011_7', 'de_288_b2b', 'de_288_consumer']
    """
    return [
        InterestPreset(p["name"], p["title"], p["reference"], p["sample_table"], p["version_by"], tuple(p["versions"]))
        for p in _call("interest_presets", {})["presets"]
    ]


def rate_table(name: str) -> SampleTable:
    """A shipped sample reference-rate table by name (``"ecb_mro"``, ``"de_basiszins"``,
    ``"boe_bank_rate"``, ``"cbr_key_rate"``), with its source and date. An unknown name is an
    :class:`InvalidRequestError` naming ``name``.

    >>> t = rate_table("de_basiszins")
    >>> t.entries, t.table.entries[0].to_wire(), t.complete_through
    (30, {'from': '2002-01-01', 'rate': '2.57'}, '2025-12-31')
    """
    o = _call("rate_table", {"name": name})
    table = RateTable.from_wire(o["table"])
    return SampleTable(o["name"], o["title"], o["source"], o["compiled"], o["complete_through"], len(table.entries), o["note"], table)


def rate_tables() -> List[SampleTable]:
    """The shipped sample tables (without their rates: :func:`rate_table` gives them).

    >>> [t.name for t in rate_tables()]
    ['ecb_mro', 'de_basiszins', 'boe_bank_rate', 'cbr_key_rate']
    """
    return [
        SampleTable(t["name"], t["title"], t["source"], t["compiled"], t["complete_through"], t["entries"])
        for t in _call("rate_tables", {})["tables"]
    ]
