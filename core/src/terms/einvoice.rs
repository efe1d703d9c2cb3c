//! Structured e-invoicing forms of payment terms, both ways: the XRechnung / EN 16931 note
//! (`#SKONTO#TAGE=14#PROZENT=2.00#`), the X12 ITD segment and the UN/EDIFACT PAT segment.
//!
//! Each form carries a subset of what [`PaymentTerms`] can say; terms outside it are an
//! [`ErrorKind::InvalidTerms`] error naming why, never a lossy conversion. Terms read from a
//! form and written back give the same text, and terms written and read back give the same terms.
//!
//! | terms | XRechnung | X12 ITD | EDIFACT PAT |
//! |-------|-----------|---------|-------------|
//! | `P/D net N` (tiers) | one `#SKONTO#` line per tier; `N` travels beside the note | ITD01 `08`, ITD02 `3`, ITD03 P, ITD05 D, ITD07 N; one ITD per tier | `PAT+22++5:3:D:D'PCD+12:P'` per tier, `PAT+1++5:3:D:N'` |
//! | `net N` | (no line; `N` beside the note) | ITD01 `01` ... ITD07 N | `PAT+1++5:3:D:N'` |
//! | `P/D net N EOM` (US) | | ITD01 `02` (EOM) | time relation `6` (end of the month of the reference date) |
//! | `net 30 EOM UK` | | | `PAT+1++5:7'` (end of the following month) |
//! | `N prox` | | ITD01 `09`, ITD13 N | |
//! | `due on receipt` | | ITD01 `23` | `PAT+1++5:1'` |
//!
//! Reading also accepts X12 ITD01 `05` and `14` (as `01`), `10` (as `23`) and `12` (10 EOM).

use rust_decimal::Decimal;

use crate::calendar::Step;
use crate::error::{Error, ErrorKind, Result};
use crate::terms::notation::MAX_NOTATION_DAYS;
use crate::terms::{Discount, DiscountAmount, LineAmount, PaymentTerms, TermLine};

fn no_form(form: &str, why: &str) -> Error {
    Error::new(ErrorKind::InvalidTerms, "terms", form, format!("these terms have no {form} form: {why}"))
}

fn bad_text(field: &str, text: &str, why: String) -> Error {
    Error::new(ErrorKind::InvalidTerms, field, text, why)
}

/// The single balance line's net rule and tiers as (kind, net days, [(percent, days)]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Base {
    Immediate,
    Days(i32),
    Eom(i32),
    UkEom1,
    Prox(u8),
}

fn decompose(terms: &PaymentTerms, form: &str) -> Result<(Base, Vec<(Decimal, i32)>)> {
    let lines = terms.lines();
    if lines.len() != 1 || lines[0].amount != LineAmount::Balance {
        return Err(no_form(form, "only a single balance line is supported"));
    }
    if !terms.adjustment().is_none() {
        return Err(no_form(form, "a business-day adjustment cannot be carried"));
    }
    let line = &lines[0];
    let base = match line.due.steps[..] {
        [] => Base::Immediate,
        [Step::AddDays(n)] if (0..=MAX_NOTATION_DAYS).contains(&n) => Base::Days(n),
        [Step::EndOfMonth, Step::AddDays(n)] if (0..=MAX_NOTATION_DAYS).contains(&n) => Base::Eom(n),
        [Step::AddMonths(1), Step::EndOfMonth] => Base::UkEom1,
        [Step::EndOfMonth, Step::NextDayOfMonth(d)] => Base::Prox(d),
        [Step::AddDays(_)] | [Step::EndOfMonth, Step::AddDays(_)] => {
            return Err(no_form(form, "day counts beyond 36500 (100 years) cannot be carried"))
        }
        _ => return Err(no_form(form, "the due rule has no equivalent")),
    };
    let mut tiers = Vec::new();
    for d in &line.discounts {
        let DiscountAmount::Percent(p) = d.amount else {
            return Err(no_form(form, "fixed discounts cannot be carried"));
        };
        let days = match (base, &d.due.steps[..]) {
            (Base::Days(_), [Step::AddDays(n)]) => *n,
            (Base::Eom(_), [Step::EndOfMonth, Step::AddDays(n)]) => *n,
            _ => return Err(no_form(form, "the discount deadline has no equivalent")),
        };
        // what the readers read back: day counts up to 100 years
        if !(0..=MAX_NOTATION_DAYS).contains(&days) {
            return Err(no_form(form, "day counts beyond 36500 (100 years) cannot be carried"));
        }
        tiers.push((p, days));
    }
    Ok((base, tiers))
}

fn build(base: Base, tiers: Vec<(Decimal, i32)>) -> Result<PaymentTerms> {
    let (due, eom) = match base {
        Base::Immediate => (vec![], false),
        Base::Days(n) => (vec![Step::AddDays(n)], false),
        Base::Eom(n) => (vec![Step::EndOfMonth, Step::AddDays(n)], true),
        Base::UkEom1 => (vec![Step::AddMonths(1), Step::EndOfMonth], true),
        Base::Prox(d) => (vec![Step::EndOfMonth, Step::NextDayOfMonth(d)], false),
    };
    let discounts = tiers
        .into_iter()
        .map(|(p, d)| {
            Discount::percent(
                p.normalize(),
                if eom { vec![Step::EndOfMonth, Step::AddDays(d)] } else { vec![Step::AddDays(d)] },
            )
        })
        .collect();
    PaymentTerms::new(vec![TermLine::balance(due).with_discounts(discounts)])
}

fn two_dp(field: &str, v: Decimal) -> Result<String> {
    if v.normalize().scale() > 2 {
        return Err(Error::new(ErrorKind::InvalidTerms, field, v.to_string(), "XRechnung carries at most 2 decimals"));
    }
    Ok(format!("{:.2}", v))
}

/// The XRechnung form: the `#SKONTO#` note lines and the net days, which XRechnung carries
/// beside the note (as the payment due date BT-9 or in the free text).
///
/// ```
/// use arrears::{einvoice::{from_xrechnung, to_xrechnung}, notation::NotationOptions, PaymentTerms};
/// let t = PaymentTerms::parse("3/7 2/14 net 30", &NotationOptions::default())?;
/// let x = to_xrechnung(&t, None)?;
/// assert_eq!(x.text, "#SKONTO#TAGE=7#PROZENT=3.00#\n#SKONTO#TAGE=14#PROZENT=2.00#\n");
/// assert_eq!(x.net_days, 30);
/// assert_eq!(from_xrechnung(&x.text, 30)?.terms, t);
/// # Ok::<(), arrears::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XRechnung {
    /// One `#SKONTO#TAGE=..#PROZENT=..#` line per tier, each ended by a line feed.
    pub text: String,
    /// The net days.
    pub net_days: i32,
}

/// Writes terms `P/D ... net N` (or `net N`) as XRechnung `#SKONTO#` lines; `base_amount`, if
/// given, is written as `#BASISBETRAG=...#` on every line.
///
/// ```
/// use arrears::{einvoice::to_xrechnung, PaymentTerms};
/// let x = to_xrechnung(&PaymentTerms::preset("2_10_net_30")?, Some("100.00".parse().unwrap()))?;
/// assert_eq!(x.text, "#SKONTO#TAGE=10#PROZENT=2.00#BASISBETRAG=100.00#\n");
/// assert!(to_xrechnung(&PaymentTerms::preset("net_30_eom")?, None).is_err());
/// # Ok::<(), arrears::Error>(())
/// ```
///
/// # Errors
/// [`ErrorKind::InvalidTerms`] (field `terms`) for terms XRechnung cannot carry (EOM, prox,
/// splits, fixed discounts...), or a percent or base amount with more than 2 decimals.
pub fn to_xrechnung(terms: &PaymentTerms, base_amount: Option<Decimal>) -> Result<XRechnung> {
    let (base, tiers) = decompose(terms, "XRechnung")?;
    let Base::Days(net_days) = base else {
        return Err(no_form("XRechnung", "only net days from the invoice date can be carried"));
    };
    let mut text = String::new();
    for (j, (p, d)) in tiers.iter().enumerate() {
        let field = format!("terms.lines[0].discounts[{j}].percent");
        text.push_str(&format!("#SKONTO#TAGE={d}#PROZENT={}#", two_dp(&field, *p)?));
        if let Some(b) = base_amount {
            crate::money::check_magnitude("base_amount", b)?;
            text.push_str(&format!("BASISBETRAG={}#", two_dp("base_amount", b)?));
        }
        text.push('\n');
    }
    Ok(XRechnung { text, net_days })
}

/// Terms read from an XRechnung note, with the `BASISBETRAG` of each tier (if given).
///
/// ```
/// use arrears::einvoice::from_xrechnung;
/// let x = from_xrechnung("Zahlbar innerhalb 30 Tagen\n#SKONTO#TAGE=14#PROZENT=2.00#BASISBETRAG=200.00#\n", 30)?;
/// assert_eq!(x.terms.to_string(), "2/14 net 30");
/// assert_eq!(x.base_amounts, [Some("200.00".parse().unwrap())]);
/// # Ok::<(), arrears::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XRechnungTerms {
    /// The terms.
    pub terms: PaymentTerms,
    /// `BASISBETRAG` per tier, in tier order.
    pub base_amounts: Vec<Option<Decimal>>,
}

/// Reads the `#SKONTO#` lines of an XRechnung payment-terms note (BT-20); lines that do not
/// start with `#` are free text and skipped. `net_days` is the net period.
///
/// # Errors
/// [`ErrorKind::InvalidTerms`] with field `text` naming the line and what was expected (other
/// `#` lines such as `#VERZUG#` are not supported); field `net_days` when a discount period is
/// longer than it.
pub fn from_xrechnung(text: &str, net_days: i32) -> Result<XRechnungTerms> {
    crate::limits::check("text", text.len(), crate::limits::MAX_TEXT)?;
    if !(0..=crate::terms::notation::MAX_NOTATION_DAYS).contains(&net_days) {
        return Err(Error::new(
            ErrorKind::InvalidTerms,
            "net_days",
            net_days.to_string(),
            "net days run from 0 to 36500",
        ));
    }
    let mut tiers = Vec::new();
    let mut base_amounts = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if !line.starts_with('#') {
            continue;
        }
        let bad = |why: &str| bad_text("text", text, format!("line {}: {why}, found {line:?}", n + 1));
        let Some(body) = line.strip_prefix("#SKONTO#") else {
            return Err(bad("expected a line starting with #SKONTO# (other # lines are not supported)"));
        };
        let Some(body) = body.strip_suffix('#') else {
            return Err(bad("expected the line to end with #"));
        };
        let (mut days, mut pct, mut basis) = (None, None, None);
        for seg in body.split('#') {
            let (key, value) = seg.split_once('=').ok_or_else(|| bad("expected KEY=VALUE segments"))?;
            match key {
                // Only what `to_xrechnung` writes back is read: digits without a sign for the days,
                // at most 2 decimals for the percent and the base amount.
                "TAGE" if days.is_none() => {
                    days = Some(
                        Some(value)
                            .filter(|v| !v.is_empty() && v.len() <= 5 && v.bytes().all(|b| b.is_ascii_digit()))
                            .and_then(|v| v.parse::<i32>().ok())
                            .filter(|d| (0..=crate::terms::notation::MAX_NOTATION_DAYS).contains(d))
                            .ok_or_else(|| bad("expected TAGE= a whole number of days (digits only)"))?,
                    )
                }
                "PROZENT" if pct.is_none() => {
                    pct = Some(
                        crate::money::parse_amount("", value)
                            .ok()
                            .filter(|p| *p > Decimal::ZERO && *p < Decimal::ONE_HUNDRED && p.normalize().scale() <= 2)
                            .ok_or_else(|| {
                                bad("expected PROZENT= a percent above 0 and below 100 with at most 2 decimals, such as 2.00")
                            })?,
                    )
                }
                "BASISBETRAG" if basis.is_none() => {
                    basis = Some(
                        crate::money::parse_amount("", value)
                            .ok()
                            .filter(|b| b.normalize().scale() <= 2)
                            .ok_or_else(|| bad("expected BASISBETRAG= an amount with at most 2 decimals, such as 100.00"))?,
                    )
                }
                _ => return Err(bad("expected TAGE=, PROZENT= and optionally BASISBETRAG=, each once")),
            }
        }
        let (Some(d), Some(p)) = (days, pct) else {
            return Err(bad("expected both TAGE= and PROZENT="));
        };
        if d > net_days {
            return Err(Error::new(
                ErrorKind::InvalidTerms,
                "net_days",
                net_days.to_string(),
                format!("line {}: the discount period of {d} days is longer than the net period", n + 1),
            ));
        }
        tiers.push((p, d));
        base_amounts.push(basis);
    }
    // a rule the tiers break together (two with one deadline, a longer period for more
    // percent): named as the note line of the tier it stops at
    let terms = build(Base::Days(net_days), tiers).map_err(|e| {
        let line =
            e.field().strip_prefix("lines[0].discounts[").and_then(|r| r.split(']').next()?.parse::<usize>().ok());
        let why = match line {
            Some(j) => format!("line {}: {}", j + 1, e.reason()),
            None => format!("{}: {}", e.field(), e.reason()),
        };
        Error::new(e.kind(), "text", text, why)
    })?;
    Ok(XRechnungTerms { terms, base_amounts })
}

/// Writes terms as X12 ITD segments (`*` separated, `~` terminated), one per discount tier (one
/// segment when there is none).
///
/// ```
/// use arrears::{einvoice::{from_x12_itd, to_x12_itd}, notation::NotationOptions, PaymentTerms};
/// let t = PaymentTerms::parse("2/10 net 30", &NotationOptions::default())?;
/// assert_eq!(to_x12_itd(&t)?, "ITD*08*3*2**10**30~");
/// assert_eq!(from_x12_itd("ITD*08*3*2**10**30~")?, t);
/// assert_eq!(to_x12_itd(&PaymentTerms::parse("10 prox", &NotationOptions::default())?)?,
///            "ITD*09*3***********10~");
/// # Ok::<(), arrears::Error>(())
/// ```
///
/// # Errors
/// [`ErrorKind::InvalidTerms`] (field `terms`) for terms ITD cannot carry.
pub fn to_x12_itd(terms: &PaymentTerms) -> Result<String> {
    let (base, tiers) = decompose(terms, "X12 ITD")?;
    let seg = |code: &str, pct: Option<Decimal>, ddays: Option<i32>, net: Option<i32>, dom: Option<u8>| {
        let mut e = vec![String::new(); 14];
        e[0] = "ITD".into();
        e[1] = code.into();
        e[2] = "3".into();
        e[3] = pct.map(|p| p.normalize().to_string()).unwrap_or_default();
        e[5] = ddays.map(|d| d.to_string()).unwrap_or_default();
        e[7] = net.map(|d| d.to_string()).unwrap_or_default();
        e[13] = dom.map(|d| d.to_string()).unwrap_or_default();
        while e.last().is_some_and(|s| s.is_empty()) {
            e.pop();
        }
        format!("{}~", e.join("*"))
    };
    let net = |code_plain: &'static str, code_disc: &'static str, n: i32| -> String {
        if tiers.is_empty() {
            seg(code_plain, None, None, Some(n), None)
        } else {
            tiers.iter().map(|(p, d)| seg(code_disc, Some(*p), Some(*d), Some(n), None)).collect()
        }
    };
    Ok(match base {
        Base::Immediate => seg("23", None, None, None, None),
        Base::Days(n) => net("01", "08", n),
        Base::Eom(n) => net("02", "02", n),
        Base::Prox(d) if tiers.is_empty() => seg("09", None, None, None, Some(d)),
        _ => return Err(no_form("X12 ITD", "the due rule has no ITD equivalent")),
    })
}

/// Reads X12 ITD segments (one or more, `~` terminated; the element separator is taken from the
/// character after `ITD`) into terms.
///
/// ```
/// use arrears::einvoice::from_x12_itd;
/// assert_eq!(from_x12_itd("ITD*02*3*2**10**30~")?.to_string(), "2/10 net 30 EOM");
/// let err = from_x12_itd("ITD*08*1*2**10**30~").unwrap_err();
/// assert_eq!(err.field(), "segment");
/// # Ok::<(), arrears::Error>(())
/// ```
///
/// # Errors
/// [`ErrorKind::InvalidTerms`] with field `segment` naming the segment, element and what was
/// expected: an unsupported ITD01 type, a basis date other than `3` (invoice date), a discount
/// without days, segments that disagree on the type or net days.
pub fn from_x12_itd(segment: &str) -> Result<PaymentTerms> {
    crate::limits::check("segment", segment.len(), crate::limits::MAX_TEXT)?;
    let mut kind: Option<(String, Base)> = None;
    let mut tiers = Vec::new();
    for (s, raw) in segment.split('~').map(str::trim).filter(|s| !s.is_empty()).enumerate() {
        let bad = |why: String| bad_text("segment", segment, format!("segment {}: {why}", s + 1));
        let sep = raw
            .strip_prefix("ITD")
            .and_then(|r| r.chars().next())
            .ok_or_else(|| bad("expected an ITD segment".into()))?;
        let e: Vec<&str> = raw.split(sep).collect();
        let get = |i: usize| e.get(i).copied().unwrap_or("");
        let num = |i: usize, what: &str| -> Result<Option<i32>> {
            let v = get(i);
            if v.is_empty() {
                return Ok(None);
            }
            v.parse::<i32>()
                .ok()
                .filter(|d| (0..=crate::terms::notation::MAX_NOTATION_DAYS).contains(d))
                .map(Some)
                .ok_or_else(|| bad(format!("ITD{i:02}: expected {what}, found {v:?}")))
        };
        if !get(2).is_empty() && get(2) != "3" {
            return Err(bad(format!("ITD02: only basis date code 3 (invoice date) is supported, found {:?}", get(2))));
        }
        let pct = match get(3) {
            "" => None,
            v => Some(
                crate::money::parse_amount("", v)
                    .ok()
                    .filter(|p| *p > Decimal::ZERO && *p < Decimal::ONE_HUNDRED)
                    .ok_or_else(|| bad(format!("ITD03: expected a discount percent, found {v:?}")))?,
            ),
        };
        let ddays = num(5, "discount days")?;
        let net = num(7, "net days")?;
        let code = get(1);
        let base = match code {
            "01" | "05" | "08" | "14" | "22" => {
                Base::Days(net.ok_or_else(|| bad("ITD07: expected the net days".into()))?)
            }
            "02" => Base::Eom(net.ok_or_else(|| bad("ITD07: expected the net days".into()))?),
            "12" => Base::Eom(10),
            "10" | "23" => Base::Immediate,
            "09" => {
                let d = num(13, "the day of the month")?.filter(|d| (1..=31).contains(d));
                Base::Prox(d.ok_or_else(|| bad("ITD13: expected the day of the month (1-31)".into()))? as u8)
            }
            other => return Err(bad(format!("ITD01: unsupported terms type code {other:?}"))),
        };
        let key = if matches!(code, "05" | "08" | "14" | "22") { "01" } else { code };
        match &kind {
            None => kind = Some((key.to_string(), base)),
            Some((k, b)) if k == key && *b == base => {}
            Some(_) => return Err(bad("the segments disagree on the terms type or net days".into())),
        }
        if let Some(p) = pct {
            let d = ddays.ok_or_else(|| bad("ITD05: a discount percent needs the discount days".into()))?;
            if !matches!(base, Base::Days(_) | Base::Eom(_)) {
                return Err(bad("ITD03: this terms type takes no discount".into()));
            }
            tiers.push((p, d));
        }
    }
    let Some((_, base)) = kind else {
        return Err(bad_text("segment", segment, "expected at least one ITD segment".into()));
    };
    build(base, tiers).map_err(|e| Error::new(e.kind(), "segment", segment, format!("{}: {}", e.field(), e.reason())))
}

/// Writes terms as UN/EDIFACT PAT segments (with a `PCD+12:P'` percentage after each discount
/// PAT), `'` terminated.
///
/// ```
/// use arrears::{einvoice::{from_edifact_pat, to_edifact_pat}, notation::NotationOptions, PaymentTerms};
/// let t = PaymentTerms::parse("2/10 net 30", &NotationOptions::default())?;
/// assert_eq!(to_edifact_pat(&t)?, "PAT+22++5:3:D:10'PCD+12:2'PAT+1++5:3:D:30'");
/// assert_eq!(from_edifact_pat("PAT+22++5:3:D:10'PCD+12:2'PAT+1++5:3:D:30'")?, t);
/// # Ok::<(), arrears::Error>(())
/// ```
///
/// # Errors
/// [`ErrorKind::InvalidTerms`] (field `terms`) for terms PAT cannot carry.
pub fn to_edifact_pat(terms: &PaymentTerms) -> Result<String> {
    let (base, tiers) = decompose(terms, "EDIFACT PAT")?;
    let relation = match base {
        Base::Days(_) => "3",
        Base::Eom(_) => "6",
        _ => "",
    };
    let mut out = String::new();
    for (p, d) in &tiers {
        out.push_str(&format!("PAT+22++5:{relation}:D:{d}'PCD+12:{}'", p.normalize()));
    }
    match base {
        Base::Days(n) | Base::Eom(n) => out.push_str(&format!("PAT+1++5:{relation}:D:{n}'")),
        Base::Immediate => out.push_str("PAT+1++5:1'"),
        Base::UkEom1 => out.push_str("PAT+1++5:7'"),
        Base::Prox(_) => return Err(no_form("EDIFACT PAT", "proximo terms have no PAT equivalent")),
    }
    Ok(out)
}

/// Reads UN/EDIFACT PAT segments (4279 `1` basic or `22` discount, 2475 `5` invoice date, 2009
/// `1` / `3` / `6` / `7`, period type `D`) and the `PCD+12` percentage after a discount PAT.
///
/// ```
/// use arrears::einvoice::from_edifact_pat;
/// assert_eq!(from_edifact_pat("PAT+1++5:3:D:30'")?.to_string(), "net 30");
/// assert_eq!(from_edifact_pat("PAT+1++5:7'")?.to_string(), "net 30 EOM UK");
/// # Ok::<(), arrears::Error>(())
/// ```
///
/// # Errors
/// [`ErrorKind::InvalidTerms`] with field `segment` naming the segment and what was expected.
pub fn from_edifact_pat(segment: &str) -> Result<PaymentTerms> {
    crate::limits::check("segment", segment.len(), crate::limits::MAX_TEXT)?;
    let segs: Vec<&str> = segment.split('\'').map(str::trim).filter(|s| !s.is_empty()).collect();
    let mut net: Option<Base> = None;
    let mut tiers = Vec::new();
    let mut relation_seen: Option<String> = None;
    let mut i = 0;
    while i < segs.len() {
        let raw = segs[i];
        let bad = |why: String| bad_text("segment", segment, format!("segment {}: {why}, found {raw:?}", i + 1));
        let e: Vec<&str> = raw.split('+').collect();
        if e[0] != "PAT" {
            return Err(bad("expected a PAT segment".into()));
        }
        let qualifier = e.get(1).copied().unwrap_or("");
        let c112: Vec<&str> = e.get(3).copied().unwrap_or("").split(':').collect();
        let get = |k: usize| c112.get(k).copied().unwrap_or("");
        if get(0) != "5" {
            return Err(bad("C112 2475: only time reference 5 (date of invoice) is supported".into()));
        }
        let relation = get(1);
        let count = || -> Result<i32> {
            if get(2) != "D" {
                return Err(bad("C112 2151: expected period type D (days)".into()));
            }
            get(3)
                .parse::<i32>()
                .ok()
                .filter(|d| (0..=crate::terms::notation::MAX_NOTATION_DAYS).contains(d))
                .ok_or_else(|| bad("C112 2152: expected a number of days".into()))
        };
        match qualifier {
            "1" => {
                if net.is_some() {
                    return Err(bad("expected one basic (4279 = 1) PAT segment".into()));
                }
                net = Some(match relation {
                    "1" => Base::Immediate,
                    "3" => Base::Days(count()?),
                    "6" => Base::Eom(count()?),
                    "7" => Base::UkEom1,
                    other => return Err(bad(format!("C112 2009: unsupported time relation {other:?}"))),
                });
                if matches!(relation, "3" | "6") {
                    relation_seen.get_or_insert(relation.to_string());
                    if relation_seen.as_deref() != Some(relation) {
                        return Err(bad("the discount and net segments use different time relations".into()));
                    }
                }
            }
            "22" => {
                if !matches!(relation, "3" | "6") {
                    return Err(bad("C112 2009: a discount runs after the reference date (3) or month end (6)".into()));
                }
                relation_seen.get_or_insert(relation.to_string());
                if relation_seen.as_deref() != Some(relation) {
                    return Err(bad("the discount and net segments use different time relations".into()));
                }
                let d = count()?;
                let pcd = segs.get(i + 1).copied().unwrap_or("");
                let pct = pcd
                    .strip_prefix("PCD+12:")
                    .and_then(|v| v.split(':').next())
                    .and_then(|v| crate::money::parse_amount("", v).ok())
                    .filter(|p| *p > Decimal::ZERO && *p < Decimal::ONE_HUNDRED)
                    .ok_or_else(|| bad("expected a PCD+12:<percent> segment after the discount PAT".into()))?;
                tiers.push((pct, d));
                i += 1;
            }
            other => return Err(bad(format!("4279: unsupported payment terms type {other:?} (expected 1 or 22)"))),
        }
        i += 1;
    }
    let net = net.ok_or_else(|| bad_text("segment", segment, "expected a basic PAT segment (PAT+1...)".into()))?;
    if !tiers.is_empty() && !matches!(net, Base::Days(_) | Base::Eom(_)) {
        return Err(bad_text("segment", segment, "discount PAT segments need a net period in days".into()));
    }
    build(net, tiers).map_err(|e| Error::new(e.kind(), "segment", segment, format!("{}: {}", e.field(), e.reason())))
}
