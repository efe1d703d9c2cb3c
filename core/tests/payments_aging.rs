//! Allocation at the installment level, seen through aging: after `oldest_first` settles an
//! invoice's installments in due-date order (interleaved with other invoices' by due date), an
//! aging report of what stays open shows each installment's rest in its own bucket.

use arrears::aging::{aging, AgingSpec, OpenItem};
use arrears::payments::{allocate, AllocationOptions, Payment, PaymentItem};
use arrears::{from_json, parse_date};

#[test]
fn aging_after_allocation_shows_each_installments_rest_in_its_bucket() {
    // INV-1: 300.00 in three installments (due 2026-01-15, 2026-02-15, 2026-03-15);
    // INV-2: 100.00 due 2026-02-01. As of 2026-03-20 they are 64, 33 and 5 days late, and 47.
    let items: Vec<PaymentItem> = from_json(
        r#"[
      {"id": "INV-1", "currency": "EUR", "invoice_date": "2025-12-15",
       "installments": [{"due_date": "2026-01-15", "amount": "100.00"},
                        {"due_date": "2026-02-15", "amount": "100.00"},
                        {"due_date": "2026-03-15", "amount": "100.00"}]},
      {"id": "INV-2", "currency": "EUR", "invoice_date": "2026-01-02",
       "installments": [{"due_date": "2026-02-01", "amount": "100.00"}]}]"#,
    )
    .unwrap();
    let as_of = parse_date("as_of", "2026-03-20").unwrap();
    let pay = Payment::new("230.00".parse().unwrap(), "EUR", as_of);
    let out = allocate(&pay, &items, &AllocationOptions::default()).unwrap();
    // oldest first by installment: INV-1 #1 (01-15) 100, INV-2 (02-01) 100, INV-1 #2 (02-15) 30
    let paid: Vec<String> = out.items[0].installments.iter().map(|a| a.principal.to_string()).collect();
    assert_eq!(paid, ["100.00", "30.00", "0.00"]);
    assert_eq!(out.items[1].principal.to_string(), "100.00");

    // what stays open, one open item per installment
    let mut open = Vec::new();
    for (item, alloc) in items.iter().zip(&out.items) {
        for (k, a) in alloc.installments.iter().enumerate() {
            open.push(OpenItem {
                customer: "C1".into(),
                currency: "EUR".into(),
                due_date: a.due_date,
                issue_date: Some(item.invoice_date),
                amount: a.open_after,
                disputed: false,
                id: Some(format!("{}/{}", item.id, k + 1)),
            });
        }
    }
    let report = aging(&open, &AgingSpec::new(as_of)).unwrap();
    assert_eq!(report.columns, ["not_due", "1-30", "31-60", "61-90", "90+"]);
    let buckets: Vec<String> = report.rows[0].buckets.iter().map(|d| d.to_string()).collect();
    // #2 (33 days late) keeps 70.00 in 31-60; #3 (5 days) keeps 100.00 in 1-30; #1 and INV-2 are gone
    assert_eq!(buckets, ["0.00", "100.00", "70.00", "0.00", "0.00"]);
    assert_eq!(report.rows[0].total.to_string(), "170.00");
    assert_eq!(report.rows[0].items, 2);
}
