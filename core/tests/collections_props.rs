//! Property tests of collections: a worklist score never falls when an overdue amount or its age
//! grows; the order is deterministic (any permutation of the input gives the same list); the
//! columnar kernel equals the object API; bad weights are typed errors naming the field; over
//! any run of days no dunning step is emitted twice and no due step is lost (steps from the due
//! or the issue date, several installments of one customer); collector assignment respects
//! every capacity, owners with room keep their accounts, and an account is left unassigned only
//! when no collector had room for it.

use arrears::chrono::{Days, NaiveDate};
use arrears::collections::{
    worklist, worklist_columns, Grouping, InvoiceColumns, OverdueItem, PaidItem, PaymentColumns, Scoring,
    WorklistColumns, WorklistConfig,
};
use arrears::columnar::Utf8Ids;
use arrears::ErrorKind;
use proptest::prelude::*;
use rust_decimal::Decimal;

const AS_OF: i64 = 900;

fn date(day: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 1, 1).unwrap() + Days::new(day as u64)
}

const CURS: [&str; 3] = ["EUR", "USD", "SEK"];

/// (customer 0..6, currency 0..3, due day, cents, disputed)
type Row = (u8, u8, i64, i64, bool);

fn rows() -> impl Strategy<Value = Vec<Row>> {
    proptest::collection::vec(
        (0u8..6, 0u8..3, 300i64..1000, -5_000i64..2_000_000, proptest::bool::weighted(0.1)),
        0..40,
    )
}

/// (customer, due day, paid day, cents)
fn history() -> impl Strategy<Value = Vec<(u8, i64, i64, i64)>> {
    proptest::collection::vec((0u8..6, 0i64..900, 0i64..1000, 1i64..500_000), 0..20)
}

fn items(rows: &[Row]) -> Vec<OverdueItem> {
    rows.iter()
        .map(|&(c, k, due, cents, disputed)| OverdueItem {
            customer: format!("C{c}"),
            currency: CURS[k as usize].into(),
            due_date: date(due),
            open_amount: Decimal::new(cents, 2),
            disputed,
        })
        .collect()
}

fn paid(h: &[(u8, i64, i64, i64)]) -> Vec<PaidItem> {
    h.iter()
        .map(|&(c, due, p, cents)| PaidItem {
            customer: format!("C{c}"),
            due_date: date(due),
            paid_date: date(p),
            amount: Decimal::new(cents, 2),
        })
        .collect()
}

fn configs() -> Vec<WorklistConfig> {
    let mut points = WorklistConfig::new(date(AS_OF as u64 as i64));
    points.fx = [("USD", "0.92"), ("SEK", "0.088")].iter().map(|(c, r)| (c.to_string(), r.parse().unwrap())).collect();
    let mut product = WorklistConfig::bench(date(AS_OF), 1000);
    product.top_k = None;
    let by_customer = WorklistConfig { by: Grouping::Customer, ..points.clone() };
    vec![points, product, by_customer]
}

fn score_of(rows: &[arrears::collections::WorklistRow], customer: &str, currency: &str) -> Decimal {
    rows.iter().find(|r| r.customer == customer && r.currency == currency).map_or(Decimal::ZERO, |r| r.score)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Growing one overdue item's amount, or moving its due date earlier (older), never lowers
    /// its row's score, under every scoring model.
    #[test]
    fn score_never_falls_when_amount_or_age_grows(r in rows(), h in history(), pick in 0usize..40, more in 1i64..1_000_000, older in 1i64..200) {
        prop_assume!(!r.is_empty());
        let i = pick % r.len();
        let (h, r0) = (paid(&h), items(&r));
        for config in configs() {
            let before = worklist(&r0, &h, &config).unwrap();
            let (c, k) = (r0[i].customer.clone(), match config.by { Grouping::Customer => "EUR".to_string(), _ => r0[i].currency.clone() });
            let mut bigger = r0.clone();
            bigger[i].open_amount += Decimal::new(more, 2);
            let mut aged = r0.clone();
            aged[i].due_date = aged[i].due_date - Days::new(older as u64);
            let s0 = score_of(&before, &c, &k);
            prop_assert!(score_of(&worklist(&bigger, &h, &config).unwrap(), &c, &k) >= s0);
            prop_assert!(score_of(&worklist(&aged, &h, &config).unwrap(), &c, &k) >= s0);
        }
    }

    /// The list does not depend on the order of the input; ranks are 1..n, scores never rise
    /// down the list, and ties are in customer, then currency order.
    #[test]
    fn order_is_deterministic(r in rows(), h in history(), seed in any::<u64>()) {
        let (items0, h) = (items(&r), paid(&h));
        let mut shuffled = items0.clone();
        let mut x = seed | 1;
        for i in (1..shuffled.len()).rev() {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            shuffled.swap(i, (x % (i as u64 + 1)) as usize);
        }
        for config in configs() {
            let a = worklist(&items0, &h, &config).unwrap();
            prop_assert_eq!(&a, &worklist(&shuffled, &h, &config).unwrap());
            for (n, w) in a.windows(2).enumerate() {
                prop_assert_eq!(w[0].rank, n + 1);
                prop_assert!(w[0].score > w[1].score
                    || (w[0].score == w[1].score && (&w[0].customer, &w[0].currency) < (&w[1].customer, &w[1].currency)));
            }
        }
    }

    /// The columnar kernel gives the object API's list, on one thread and on two.
    #[test]
    fn columns_equal_the_object_api(r in rows(), h in history(), k in 1usize..12) {
        let items0 = items(&r);
        // payments name invoices: invoice j of the open rows, or a closed invoice per history row
        let mut inv_ids = Vec::new();
        let mut inv_off = vec![0i32];
        let mut cust = Vec::new();
        let mut cust_off = vec![0i32];
        for (j, &(c, ..)) in r.iter().enumerate() {
            inv_ids.extend_from_slice(format!("I{j}").as_bytes());
            inv_off.push(inv_ids.len() as i32);
            cust.extend_from_slice(format!("C{c}").as_bytes());
            cust_off.push(cust.len() as i32);
        }
        let (mut c_ids, mut c_off, mut c_cust, mut c_cust_off, mut c_due) = (Vec::new(), vec![0i32], Vec::new(), vec![0i32], Vec::new());
        let (mut p_ids, mut p_off, mut p_date, mut p_amt) = (Vec::new(), vec![0i32], Vec::new(), Vec::new());
        for (j, &(c, due, p, cents)) in h.iter().enumerate() {
            c_ids.extend_from_slice(format!("X{j}").as_bytes());
            c_off.push(c_ids.len() as i32);
            c_cust.extend_from_slice(format!("C{c}").as_bytes());
            c_cust_off.push(c_cust.len() as i32);
            c_due.push(arrears::aging::day_number(date(due)));
            p_ids.extend_from_slice(format!("X{j}").as_bytes());
            p_off.push(p_ids.len() as i32);
            p_date.push(arrears::aging::day_number(date(p)));
            p_amt.push(cents);
        }
        p_ids.extend_from_slice(b"NOPE");
        p_off.push(p_ids.len() as i32);
        p_date.push(0);
        p_amt.push(5);
        let ids = |o: &'static [i32], d: &'static [u8]| Utf8Ids::try_new(o, d, None, o.len() - 1).unwrap();
        let leak_i = |v: Vec<i32>| -> &'static [i32] { Box::leak(v.into_boxed_slice()) };
        let leak_u = |v: Vec<u8>| -> &'static [u8] { Box::leak(v.into_boxed_slice()) };
        let due: Vec<i32> = r.iter().map(|x| arrears::aging::day_number(date(x.2))).collect();
        let currency: Vec<u16> = r.iter().map(|x| u16::from(x.1)).collect();
        let open_amount: Vec<i64> = r.iter().map(|x| x.3).collect();
        let disputed: Vec<bool> = r.iter().map(|x| x.4).collect();
        let cols = WorklistColumns {
            open: InvoiceColumns { invoice_id: ids(leak_i(inv_off), leak_u(inv_ids)), customer: ids(leak_i(cust_off), leak_u(cust)),
                due_date: &due, currency: &currency, open_amount: &open_amount, disputed: Some(&disputed) },
            closed: Some(InvoiceColumns { invoice_id: ids(leak_i(c_off), leak_u(c_ids)), customer: ids(leak_i(c_cust_off), leak_u(c_cust)),
                due_date: &c_due, currency: &[], open_amount: &[], disputed: None }),
            payments: PaymentColumns { invoice_id: ids(leak_i(p_off), leak_u(p_ids)), paid_date: &p_date, amount: &p_amt },
            currencies: &CURS,
            scale: 2,
        };
        for mut config in configs() {
            config.top_k = Some(k);
            let want = worklist(&items0, &paid(&h), &config).unwrap();
            let got = worklist_columns(&cols, &config, 1).unwrap();
            prop_assert_eq!(&got, &want);
            // and byte for byte in the wire form (a zero disputed amount is `0` in both)
            prop_assert_eq!(arrears::to_json(&got), arrears::to_json(&want));
            prop_assert_eq!(&worklist_columns(&cols, &config, 2).unwrap(), &want);
        }
    }
}

#[test]
fn bad_weights_name_the_field() {
    let mut c = WorklistConfig::new(date(AS_OF));
    if let Scoring::Points(w) = &mut c.scoring {
        w.bucket_weights[2] = Decimal::new(-1, 0);
    }
    let e = worklist(&[], &[], &c).unwrap_err();
    assert_eq!((e.kind(), e.field(), e.value()), (ErrorKind::InvalidRequest, "scoring.points.bucket_weights[2]", "-1"));
    if let Scoring::Points(w) = &mut c.scoring {
        w.bucket_weights[2] = Decimal::new(1, 0); // below 1.5 before it: falls with age
    }
    assert_eq!(worklist(&[], &[], &c).unwrap_err().field(), "scoring.points.bucket_weights[2]");
    let e = arrears::call_json(
        "worklist",
        r#"{"config": {"as_of": "2025-06-30", "scoring": {"points": {"bucket_bounds": [30],
        "bucket_weights": ["1", "NaN"], "per_day_past_due": "1", "dpd_cap": 365, "per_day_late": "1", "late_cap": 120,
        "per_risk_point": "1"}}}, "open": []}"#,
    )
    .unwrap_err();
    assert_eq!((e.kind(), e.field()), (ErrorKind::InvalidAmount, "config.scoring.points.bucket_weights[1]"));
    let e = arrears::call_json(
        "worklist",
        r#"{"config": {"as_of": "2025-06-30", "scoring": {"product": {"dpd_offset": 30,
        "dpd_cap": -1, "late_offset": 30, "late_cap": 120}}}, "open": []}"#,
    )
    .unwrap_err();
    assert_eq!((e.kind(), e.field(), e.value()), (ErrorKind::InvalidRequest, "config.scoring.product.dpd_cap", "-1"));
}

mod dunning_props {
    use super::*;
    use arrears::collections::{dunning, Action, Anchor, Channel, DunningItem, DunningPolicy, Step, StepStatus};

    fn policy() -> impl Strategy<Value = DunningPolicy> {
        proptest::collection::btree_set(-20i32..80, 1..8).prop_flat_map(|offsets| {
            let n = offsets.len();
            proptest::collection::vec(0u32..5, n).prop_map(move |levels| {
                let steps = offsets
                    .iter()
                    .zip(levels)
                    .map(|(&offset, level)| Step {
                        offset,
                        anchor: Anchor::DueDate,
                        action: Action::Remind,
                        channel: Channel::Email,
                        level,
                        fee: None,
                    })
                    .collect();
                DunningPolicy::new(steps).unwrap()
            })
        })
    }

    /// Steps from the due date and from the issue date that fall on the same day go out as one:
    /// the latest of them (the highest level), not one today and the other tomorrow, both after a
    /// sent step (escalation) and with nothing sent yet.
    #[test]
    fn steps_of_two_anchors_on_one_day_go_out_once() {
        let step =
            |offset, anchor, action, level| Step { offset, anchor, action, channel: Channel::Email, level, fee: None };
        let policy = DunningPolicy::new(vec![
            step(1, Anchor::DueDate, Action::Remind, 1),
            // both fall on 07-06 for an invoice issued 06-01, due 07-01
            step(35, Anchor::IssueDate, Action::Call, 2),
            step(5, Anchor::DueDate, Action::Letter, 3),
            step(10, Anchor::DueDate, Action::FinalNotice, 4),
        ])
        .unwrap();
        let d = |s: &str| arrears::parse_date("d", s).unwrap();
        let item = DunningItem {
            customer: "C".into(),
            invoice: "I".into(),
            installment: 0,
            currency: "EUR".into(),
            due_date: d("2025-07-01"),
            issue_date: Some(d("2025-06-01")),
            open_amount: Decimal::new(100, 0),
            disputed: false,
            promised_until: None,
            on_plan: false,
            plan_state: None,
            promise_state: None,
        };
        let sent = |from: &str, to: &str| {
            let mut history = Vec::new();
            let mut day = d(from);
            while day <= d(to) {
                history = dunning(&policy, std::slice::from_ref(&item), &history, &[], day).unwrap().history;
                day = day.succ_opt().unwrap();
            }
            history.iter().map(|r| (r.date.to_string(), r.offset, r.anchor)).collect::<Vec<_>>()
        };
        let at = |day: &str, offset, anchor| (day.to_string(), offset, anchor);
        // escalation from +1: on 07-06 the level-3 letter only; the level-2 call is passed over
        assert_eq!(
            sent("2025-07-01", "2025-07-12"),
            [
                at("2025-07-02", 1, Anchor::DueDate),
                at("2025-07-06", 5, Anchor::DueDate),
                at("2025-07-11", 10, Anchor::DueDate)
            ]
        );
        // nothing sent before 07-06: the same
        assert_eq!(
            sent("2025-07-06", "2025-07-12"),
            [at("2025-07-06", 5, Anchor::DueDate), at("2025-07-11", 10, Anchor::DueDate)]
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Run every day from `start` for `len` days, each day's steps recorded as sent: no step
        /// is emitted twice; each step whose day falls after the first run day is emitted on its
        /// day; of the steps already due on the first day, only the latest is.
        #[test]
        fn no_step_twice_and_none_lost(policy in policy(), start in -40i64..100, len in 0i64..130, shuffle in any::<bool>()) {
            let mut policy = policy;
            if shuffle {
                policy.steps.reverse();
            }
            let due = 400i64;
            let item = DunningItem {
                customer: "C".into(), invoice: "I".into(), installment: 0, currency: "EUR".into(),
                due_date: date(due), issue_date: None, open_amount: Decimal::new(100, 0), disputed: false,
                promised_until: None, on_plan: false, plan_state: None, promise_state: None,
            };
            let mut history = Vec::new();
            for day in due + start..=due + start + len {
                let run = dunning(&policy, std::slice::from_ref(&item), &history, &[], date(day)).unwrap();
                prop_assert!(run.actions.len() <= 1);
                history = run.history;
            }
            let first = (start) as i32;
            let last = (start + len) as i32;
            let mut emitted: Vec<i32> = history.iter().map(|r| r.offset).collect();
            let n = emitted.len();
            emitted.sort_unstable();
            emitted.dedup();
            prop_assert_eq!(emitted.len(), n, "a step was emitted twice");
            for r in &history {
                prop_assert_eq!(r.status, StepStatus::Sent);
                let on = (arrears::aging::day_number(r.date) - arrears::aging::day_number(date(due))) as i32;
                prop_assert!(on == r.offset || (on == first && r.offset < first));
            }
            let mut want: Vec<i32> = policy.steps.iter().map(|s| s.offset).filter(|&o| o > first && o <= last).collect();
            if let Some(latest) = policy.steps.iter().map(|s| s.offset).filter(|&o| o <= first).max() {
                want.push(latest);
            }
            want.sort_unstable();
            prop_assert_eq!(emitted, want);
        }

        /// The same over several installments of one customer (one action a day at most, its
        /// items merged), with steps counted from the due date and from the issue date mixed and
        /// listed in any order: per installment, no step twice, on each day after the first run
        /// day with steps the latest of that day's steps (two anchors can put several on one
        /// day: the highest level, then offset, then anchor), and of those due on the first day
        /// only the latest.
        #[test]
        fn no_step_twice_and_none_lost_per_installment(
            offsets in proptest::collection::btree_set((-20i32..80, any::<bool>()), 1..8),
            levels in proptest::collection::vec(0u32..4, 8),
            dues in proptest::collection::vec((0i64..40, 0i64..30), 1..4), start in -40i64..100, len in 0i64..120,
            shuffle in any::<bool>(),
        ) {
            // one step per offset and anchor: (offset, from the issue date?)
            let mut steps: Vec<Step> = offsets.iter().zip(&levels).map(|(&(offset, issue), &level)| Step {
                offset, anchor: if issue { Anchor::IssueDate } else { Anchor::DueDate },
                action: Action::Remind, channel: Channel::Email, level, fee: None,
            }).collect();
            if shuffle {
                steps.reverse();
            }
            let policy = DunningPolicy::new(steps).unwrap();
            let base = 400i64;
            let items: Vec<DunningItem> = dues.iter().enumerate().map(|(k, &(due, term))| DunningItem {
                customer: "C".into(), invoice: format!("I{k}"), installment: 0, currency: "EUR".into(),
                due_date: date(base + due + term), issue_date: Some(date(base + due)), open_amount: Decimal::new(100, 0),
                disputed: false, promised_until: None, on_plan: false, plan_state: None, promise_state: None,
            }).collect();
            let (first, last) = (base + start, base + start + len);
            let mut history = Vec::new();
            for day in first..=last {
                let run = dunning(&policy, &items, &history, &[], date(day)).unwrap();
                prop_assert!(run.actions.len() <= 1, "one action per customer and day");
                history = run.history;
            }
            for it in &items {
                let mine: Vec<_> = history.iter().filter(|r| r.invoice == it.invoice).collect();
                // the day each step falls on for this installment
                let day_of = |s: &Step| -> i64 {
                    let anchor = if s.anchor == Anchor::IssueDate { it.issue_date.unwrap() } else { it.due_date };
                    i64::from(arrears::aging::day_number(anchor)) + i64::from(s.offset) - i64::from(arrears::aging::day_number(date(0)))
                };
                // the escalation order
                let order = |s: &&Step| (day_of(s), s.level, s.offset, s.anchor);
                let key = |s: &Step| (s.offset, s.anchor == Anchor::IssueDate);
                let mut keys: Vec<(i32, bool)> = mine.iter().map(|r| (r.offset, r.anchor == Anchor::IssueDate)).collect();
                let n = keys.len();
                keys.sort_unstable();
                keys.dedup();
                prop_assert_eq!(keys.len(), n, "a step was emitted twice for {}", it.invoice);
                let mut days: Vec<i64> = policy.steps.iter().map(day_of).filter(|&d| d > first && d <= last).collect();
                days.sort_unstable();
                days.dedup();
                let mut want: Vec<(i32, bool)> = days.iter()
                    .map(|&d| key(policy.steps.iter().filter(|s| day_of(s) == d).max_by_key(order).unwrap()))
                    .collect();
                if let Some(s) = policy.steps.iter().filter(|s| day_of(s) <= first).max_by_key(order) {
                    want.push(key(s));
                }
                want.sort_unstable();
                prop_assert_eq!(&keys, &want, "installment {}", it.invoice);
                for r in &mine {
                    let s = policy.steps.iter().find(|s| s.offset == r.offset && s.anchor == r.anchor).unwrap();
                    let on = i64::from(arrears::aging::day_number(r.date)) - i64::from(arrears::aging::day_number(date(0)));
                    prop_assert!(on == day_of(s) || (on == first && day_of(s) < first));
                }
            }
        }

        /// A plan's or a promise's state is a skip exactly when it is in good standing (a plan
        /// on track or late within grace, a pending promise): the run equals the run of the
        /// same item with the plain flag, on any day, after any history.
        #[test]
        fn plan_and_promise_states_skip_exactly_in_good_standing(
            policy in policy(), day in -30i64..120, plan in 0usize..5, promise in 0usize..4, sent in 0usize..4,
        ) {
            use arrears::payments::{PlanState, PromiseState};
            let plans = [None, Some(PlanState::OnTrack), Some(PlanState::Late), Some(PlanState::Broken), Some(PlanState::Completed)];
            let promises = [None, Some(PromiseState::Pending), Some(PromiseState::Kept), Some(PromiseState::Broken)];
            let due = 400i64;
            let base = DunningItem {
                customer: "C".into(), invoice: "I".into(), installment: 0, currency: "EUR".into(),
                due_date: date(due), issue_date: None, open_amount: Decimal::new(100, 0), disputed: false,
                promised_until: None, on_plan: false, plan_state: None, promise_state: None,
            };
            let with_state = DunningItem { plan_state: plans[plan], promise_state: promises[promise], ..base.clone() };
            let promised = promises[promise].is_some_and(PromiseState::is_active);
            let flags = DunningItem {
                on_plan: plans[plan].is_some_and(PlanState::in_good_standing),
                promised_until: promised.then(|| date(due + day)),
                ..base
            };
            // a history of the first `sent` steps, sent before the run's day
            let history: Vec<_> = policy.steps.iter().take(sent).filter(|s| i64::from(s.offset) < day)
                .map(|s| arrears::collections::DunningRecord { invoice: "I".into(), installment: 0, offset: s.offset,
                    anchor: Anchor::DueDate, date: date(due + i64::from(s.offset)), status: StepStatus::Sent })
                .collect();
            let a = dunning(&policy, &[with_state], &history, &[], date(due + day)).unwrap();
            let b = dunning(&policy, &[flags], &history, &[], date(due + day)).unwrap();
            prop_assert_eq!(a, b);
        }
    }
}

mod assign_props {
    use super::*;
    use arrears::collections::{assign_collectors, Account, AssignReason, Collector};

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Every capacity is respected; owners with room keep their accounts; an account is
        /// left unassigned only when no collector had room for it; the result does not depend
        /// on the order of the accounts.
        #[test]
        fn capacities_respected(
            caps in proptest::collection::vec((proptest::option::of(0i64..5), proptest::option::of(0i64..5_000)), 1..5),
            accs in proptest::collection::vec((0i64..3_000, 0i64..100, proptest::option::of(0usize..6)), 0..25),
        ) {
            let collectors: Vec<Collector> = caps.iter().enumerate()
                .map(|(k, &(n, a))| Collector { id: format!("c{k}"), max_accounts: n, max_amount: a.map(Decimal::from) })
                .collect();
            let accounts: Vec<Account> = accs.iter().enumerate()
                .map(|(i, &(amt, p, owner))| Account { customer: format!("A{i:02}"), amount: Decimal::from(amt), priority: Decimal::from(p), owner: owner.map(|o| format!("c{o}")) })
                .collect();
            let out = assign_collectors(&accounts, &collectors).unwrap();
            for (k, c) in collectors.iter().enumerate() {
                let mine: Vec<&Account> = out.assignments.iter().filter(|a| a.collector.as_deref() == Some(c.id.as_str()))
                    .map(|a| accounts.iter().find(|x| x.customer == a.customer).unwrap()).collect();
                let total: Decimal = mine.iter().map(|a| a.amount).sum();
                prop_assert!(c.max_accounts.is_none_or(|m| mine.len() as i64 <= m));
                prop_assert!(c.max_amount.is_none_or(|m| total <= m));
                let load = out.loads.iter().find(|l| l.collector == c.id).unwrap();
                prop_assert_eq!((load.accounts, load.amount), (mine.len() as i64, total), "collector {}", k);
            }
            prop_assert_eq!(out.assignments.len(), accounts.len());
            // room for `acc` on top of `n` accounts and `amount` (loads only grow, so room at the
            // end means room at any earlier step)
            let fits = |c: &Collector, n: i64, amount: Decimal, acc: &Account| {
                c.max_accounts.is_none_or(|m| n < m) && c.max_amount.is_none_or(|m| amount + acc.amount <= m)
            };
            for a in &out.assignments {
                let acc = accounts.iter().find(|x| x.customer == a.customer).unwrap();
                if a.reason == AssignReason::KeptOwner {
                    prop_assert_eq!(acc.owner.as_deref(), a.collector.as_deref());
                }
                prop_assert_eq!(a.collector.is_none(), a.reason == AssignReason::NoCapacity);
                if a.reason == AssignReason::NoCapacity {
                    // left unassigned only when no collector had room for it
                    for (c, load) in collectors.iter().zip(&out.loads) {
                        prop_assert_eq!(&load.collector, &c.id);
                        prop_assert!(!fits(c, load.accounts, load.amount, acc), "{} had room for {}", c.id, acc.customer);
                    }
                }
                // an owner with room keeps its account: its kept accounts alone leave no room
                if let (Some(o), false) = (&acc.owner, a.reason == AssignReason::KeptOwner) {
                    if let Some(c) = collectors.iter().find(|c| &c.id == o) {
                        let kept: Vec<&Account> = out.assignments.iter()
                            .filter(|x| x.reason == AssignReason::KeptOwner && x.collector.as_deref() == Some(o.as_str()))
                            .map(|x| accounts.iter().find(|y| y.customer == x.customer).unwrap()).collect();
                        let amount: Decimal = kept.iter().map(|k| k.amount).sum();
                        prop_assert!(!fits(c, kept.len() as i64, amount, acc), "owner {} had room for {}", o, acc.customer);
                    }
                }
            }
            let mut reversed = accounts.clone();
            reversed.reverse();
            prop_assert_eq!(assign_collectors(&reversed, &collectors).unwrap(), out);
        }
    }

    #[test]
    fn negative_capacity_is_an_error() {
        let c = vec![Collector { id: "a".into(), max_accounts: Some(-1), max_amount: None }];
        let e = assign_collectors(&[], &c).unwrap_err();
        assert_eq!((e.kind(), e.field(), e.value()), (ErrorKind::InvalidRequest, "collectors[0].max_accounts", "-1"));
    }
}
