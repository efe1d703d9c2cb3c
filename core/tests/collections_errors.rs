//! Issue 15's bad collections input through the wire operations: steps with duplicate offsets,
//! unknown actions or channels, negative capacities, weights that are not finite, history naming
//! unknown invoices; each a typed error naming the field and the value (the shared vectors check
//! the code and field in every language; this checks the value too).

use arrears::ErrorKind;

fn err(op: &str, request: &str) -> (ErrorKind, String, String) {
    let e = arrears::call_json(op, request).expect_err("an error");
    (e.kind(), e.field().to_string(), e.value().to_string())
}

fn policy(steps: &str) -> String {
    format!(r#"{{"as_of": "2025-06-21", "items": [], "policy": {{"steps": [{steps}]}}}}"#)
}

#[test]
fn bad_collections_input_names_the_field_and_the_value() {
    let step = |offset: i32, action: &str, channel: &str| {
        format!(r#"{{"offset": {offset}, "action": "{action}", "channel": "{channel}", "level": 1}}"#)
    };
    let dup = policy(&format!("{}, {}", step(5, "remind", "email"), step(5, "call", "phone")));
    let weights = |late: &str| {
        format!(
            r#"{{"config": {{"as_of": "2025-06-30", "scoring": {{"points": {{"bucket_bounds": [30], "bucket_weights": ["1", "2"],
            "per_day_past_due": "1", "dpd_cap": 10, "per_day_late": "{late}", "late_cap": 10, "per_risk_point": "0"}}}}}}, "open": []}}"#
        )
    };
    let assign = |collector: &str| {
        format!(
            r#"{{"accounts": [{{"customer": "A", "amount": "10", "priority": "5"}}], "collectors": [{collector}]}}"#
        )
    };
    let cases: Vec<(&str, String, ErrorKind, &str, &str)> = vec![
        ("dunning", dup, ErrorKind::InvalidRule, "policy.steps[1].offset", "5"),
        ("dunning", policy(&step(5, "shout", "email")), ErrorKind::InvalidRequest, "policy.steps[0].action", "shout"),
        ("dunning", policy(&step(5, "remind", "pigeon")), ErrorKind::InvalidRequest, "policy.steps[0].channel", "pigeon"),
        (
            "dunning",
            r#"{"as_of": "2025-06-21", "items": [{"customer": "A", "invoice": "I-1", "currency": "EUR", "due_date": "2025-06-01",
               "open_amount": "1.00"}], "history": [{"invoice": "I-404", "offset": 15, "date": "2025-06-16"}]}"#
                .to_string(),
            ErrorKind::InvalidRequest,
            "history[0].invoice",
            "I-404",
        ),
        (
            "assign_collectors",
            assign(r#"{"id": "ann", "max_accounts": -1}"#),
            ErrorKind::InvalidRequest,
            "collectors[0].max_accounts",
            "-1",
        ),
        (
            "assign_collectors",
            assign(r#"{"id": "ann", "max_amount": "-5"}"#),
            ErrorKind::InvalidRequest,
            "collectors[0].max_amount",
            "-5",
        ),
        ("worklist", weights("NaN"), ErrorKind::InvalidAmount, "config.scoring.points.per_day_late", "NaN"),
        ("worklist", weights("-inf"), ErrorKind::InvalidAmount, "config.scoring.points.per_day_late", "-inf"),
        (
            "worklist",
            r#"{"config": {"as_of": "2025-06-30"}, "open": [], "history": [{"customer": "A", "due_date": "2025-01-31",
               "paid_date": "2025-03-02", "amount": "-5.00"}]}"#
                .into(),
            ErrorKind::InvalidRequest,
            "history[0].amount",
            "-5.00",
        ),
        (
            "risk_score",
            r#"{"as_of": "2025-06-30", "customers": [{"customer": "A"}], "weights": {"per_day_late": "Infinity"}}"#.into(),
            ErrorKind::InvalidAmount,
            "weights.per_day_late",
            "Infinity",
        ),
    ];
    for (op, request, kind, field, value) in cases {
        assert_eq!(err(op, &request), (kind, field.to_string(), value.to_string()), "{op}: {request}");
    }
}
