"""The native module: the wire-format entry point and the Arrow (columnar) entry points."""

from typing import Any, Optional

__all__ = ["call", "version", "aging_arrow", "schedule_arrow", "interest_arrow", "allocate_arrow", "open_balances_arrow", "worklist_arrow"]

def call(op: str, request: str) -> tuple[bool, str]:
    """Runs a wire operation: (True, response_json) or (False, error_json)."""

def version() -> str:
    """The library version."""

def aging_arrow(
    data: Any,
    spec: str,
    customer: str,
    due_date: str,
    amount: str,
    currency: Optional[str] = None,
    currency_code: Optional[str] = None,
    issue_date: Optional[str] = None,
    amount_scale: Optional[int] = None,
    disputed: Optional[str] = None,
    threads: int = 0,
) -> tuple[bool, Any]:
    """Ages an Arrow table: (True, arrow_array_stream capsule) or (False, error_json)."""

def schedule_arrow(
    data: Any,
    terms: str,
    options: str,
    total: str,
    base_date: str,
    currency: Optional[str] = None,
    currency_code: Optional[str] = None,
    terms_column: Optional[str] = None,
    total_scale: Optional[int] = None,
) -> tuple[bool, Any]:
    """Schedules an Arrow table of invoices: (True, capsule) or (False, error_json)."""

def interest_arrow(
    invoices: Any,
    payments: Any,
    rule: Optional[str],
    as_of: str,
    rounding: str,
    calendar: Optional[str] = None,
    preset: Optional[str] = None,
    invoice_id: str = ...,
    due_date: str = ...,
    amount: str = ...,
    amount_scale: Optional[int] = None,
    currency: Optional[str] = None,
    currency_code: Optional[str] = None,
    issue_date: Optional[str] = None,
    select: Optional[str] = None,
    payment_invoice: str = ...,
    payment_date: str = ...,
    payment_amount: str = ...,
    payment_amount_scale: Optional[int] = None,
    unmatched: str = ...,
    breakdown: bool = False,
    threads: int = 0,
    open_amount: Optional[str] = None,
    overdue: bool = False,
    order: str = ...,
    row_type: str = ...,
    amount_type: str = ...,
) -> tuple[bool, Any]:
    """Late interest of an Arrow table of invoices: (True, [capsule, ...]) or (False, error_json)."""

def allocate_arrow(
    items: Any,
    receipts: Any,
    customer: str = ...,
    currency: str = ...,
    currency_code: Optional[str] = None,
    due_date: str = ...,
    item_id: str = ...,
    open_amount: str = ...,
    amount_scale: Optional[int] = None,
    receipt_customer: str = ...,
    receipt_currency: str = ...,
    receipt_date: str = ...,
    receipt_amount: str = ...,
    receipt_amount_scale: Optional[int] = None,
    unmatched: str = ...,
    threads: int = 0,
    amount_type: str = ...,
    applied_only: bool = False,
    order: str = ...,
    row_type: str = ...,
) -> tuple[bool, Any]:
    """Allocates an Arrow table of receipts to one of open items: (True, [items capsule, receipts capsule]) or (False, error_json)."""

def open_balances_arrow(
    items: Any,
    customer: str = ...,
    currency: str = ...,
    currency_code: Optional[str] = None,
    open_amount: str = ...,
    amount_scale: Optional[int] = None,
    threads: int = 0,
    amount_type: str = ...,
) -> tuple[bool, Any]:
    """Each customer's open balance per currency from an Arrow table of open items: (True, capsule) or (False, error_json)."""

def worklist_arrow(
    invoices: Any,
    payments: Any,
    config: str,
    closed: Any = None,
    invoice_id: str = ...,
    customer: str = ...,
    due_date: str = ...,
    currency: Optional[str] = None,
    currency_code: Optional[str] = None,
    open_amount: str = ...,
    amount_scale: Optional[int] = None,
    disputed: Optional[str] = None,
    payment_invoice: str = ...,
    payment_date: str = ...,
    payment_amount: str = ...,
    payment_amount_scale: Optional[int] = None,
    components: bool = False,
    threads: int = 0,
) -> tuple[bool, Any]:
    """The collection worklist of Arrow tables: (True, [capsule, ...]) or (False, error_json)."""
