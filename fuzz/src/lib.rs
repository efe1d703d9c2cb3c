//! Structure-aware generators shared by the fuzz targets: dates near month ends, leap days and
//! the range edges; amounts of a few shapes; currencies (ISO codes with 0 to 4 decimals, codes
//! without a minor unit, bad codes); due-date steps, discounts and term lines of every kind;
//! calendars; payment-terms notations; e-invoicing texts; and the naive references the kernels
//! are checked against.
//!
//! Every generator draws from an [`arbitrary::Unstructured`]; when the input runs out,
//! `arbitrary` hands back the smallest choice, so generation always finishes.

use arbitrary::{Result, Unstructured};
use arrears::aging::{date_of_day_number, MAX_DAY, MIN_DAY};
use arrears::notation::{EomReading, NotationOptions};
use arrears::{Adjustment, Calendar, Discount, RoundingMode, Step, TermLine, MAX_DATE, MIN_DATE};
use chrono::{NaiveDate, Weekday};
use rust_decimal::Decimal;

pub mod mutate;
pub mod reference;
pub mod stats;

pub type U<'a, 'b> = &'a mut Unstructured<'b>;

/// ISO 4217 codes with 2, 0, 3, 4 decimals, and two without a minor unit (XAU, XXX).
pub const CODES: [&str; 10] = ["EUR", "USD", "JPY", "KWD", "CLF", "XAU", "CHF", "BHD", "HUF", "XXX"];
/// Codes that are not (current) ISO 4217 or malformed.
pub const BAD_CODES: [&str; 7] = ["EUX", "eur", "EURO", "", "HRK", "E1R", "ÉUR"];

/// Whether `ARREARS_FUZZ_SKIP` (comma-separated names) asks to skip the known bug `what`, so
/// that a local long run can look past it. Nothing is skipped by default.
pub fn skip(what: &str) -> bool {
    static SKIP: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SKIP.get_or_init(|| std::env::var("ARREARS_FUZZ_SKIP").unwrap_or_default()).split(',').any(|s| s == what)
}

/// True with probability `num / den` (`num < den`); false once the input is used up, so that
/// the rare branches stay rare on short inputs (`Unstructured::ratio` says true there).
pub fn chance(u: U, num: u32, den: u32) -> Result<bool> {
    Ok(u.int_in_range(0..=den - 1)? >= den - num)
}

/// A currency code: mostly one of [`CODES`], sometimes a bad one.
pub fn currency(u: U) -> Result<&'static str> {
    Ok(if chance(u, 1, 12)? { *u.choose(&BAD_CODES)? } else { *u.choose(&CODES)? })
}

/// The ISO minor units of a code, `None` for codes without one (or unknown).
pub fn minor_units(code: &str) -> Option<u32> {
    arrears::Currency::lookup(code).and_then(|c| c.minor_units).map(u32::from)
}

fn last_day(y: i32, m: u32) -> u32 {
    (28..=31).rev().find(|&d| NaiveDate::from_ymd_opt(y, m, d).is_some()).unwrap_or(28)
}

/// A date: mostly month starts, middles and ends (leap days included) of a few years, the edges
/// of the supported range, or any date in it.
pub fn date(u: U) -> Result<NaiveDate> {
    Ok(match u.int_in_range(0u8..=15)? {
        0..=6 | 10..=13 => {
            let y = *u.choose(&[2026, 2024, 2025, 2023, 2000, 1900, 2100, 1970, 2028])?;
            let m = u.int_in_range(1u32..=12)?;
            let d = *u.choose(&[31, 30, 29, 28, 1, 15, 25, 26, 27, 2, 10])?;
            NaiveDate::from_ymd_opt(y, m, d.min(last_day(y, m))).unwrap_or(MIN_DATE)
        }
        7 => MIN_DATE + chrono::Days::new(u.int_in_range(0u64..=400)?),
        8 => MAX_DATE - chrono::Days::new(u.int_in_range(0u64..=400)?),
        9 => {
            let y = *u.choose(&[9999, 1, 4, 100, 400, 9996])?;
            let m = u.int_in_range(1u32..=12)?;
            NaiveDate::from_ymd_opt(y, m, last_day(y, m)).unwrap_or(MIN_DATE)
        }
        _ => date_of_day_number("", u.int_in_range(MIN_DAY..=MAX_DAY)?).unwrap_or(MIN_DATE),
    })
}

/// A date near `base` (within a few months either side), clamped to the supported range.
pub fn date_near(u: U, base: NaiveDate) -> Result<NaiveDate> {
    let off = i64::from(u.int_in_range(-120i32..=400)?);
    Ok(if off >= 0 {
        base.checked_add_days(chrono::Days::new(off as u64)).unwrap_or(MAX_DATE)
    } else {
        base.checked_sub_days(chrono::Days::new(off.unsigned_abs())).unwrap_or(MIN_DATE)
    })
}

/// A date as wire text: mostly a real date, sometimes a malformed or impossible one.
pub fn date_text(u: U) -> Result<String> {
    Ok(if chance(u, 1, 24)? {
        (*u.choose(&["2023-02-29", "2026-1-31", "0000-01-01", "2026-13-01", "", "2026-02-30T00:00", "10000-01-01"])?)
            .to_string()
    } else {
        arrears::format_date(date(u)?)
    })
}

/// An amount of minor units at `scale`: everyday sizes, tiny ones, zero, credits, and the edges
/// of the supported range (10^18).
pub fn amount(u: U, scale: u32) -> Result<Decimal> {
    let scale = scale.min(28);
    let units: i128 = match u.int_in_range(0u8..=15)? {
        0..=7 => i128::from(u.int_in_range(1i64..=100_000_000)?),
        8 => i128::from(u.int_in_range(1i64..=10)?),
        9 => 0,
        10 => -i128::from(u.int_in_range(1i64..=10_000_000)?),
        11 => 10i128.pow(18) * 10i128.pow(scale.min(10)),
        12 => 10i128.pow(18) * 10i128.pow(scale.min(10)) + 1,
        13 => i128::from(u.arbitrary::<i64>()?),
        14 => i128::from(u.int_in_range(1i64..=1_000_000)?) * 10i128.pow(scale.min(10)),
        _ => i128::from(u.int_in_range(1i64..=999)?) * 1_000_000_007,
    };
    Ok(Decimal::try_from_i128_with_scale(units, scale).unwrap_or(Decimal::ONE))
}

/// An everyday amount (mostly 0.01 to 1,000,000.00 at `scale`), now and then an edge one.
pub fn money(u: U, scale: u32) -> Result<Decimal> {
    if chance(u, 1, 16)? {
        return amount(u, scale);
    }
    let units = u.int_in_range(1i64..=100_000_000)?;
    Ok(Decimal::new(units, scale.min(28)))
}

/// A positive amount (for fixed lines, discounts, cash increments...).
pub fn positive_amount(u: U, scale: u32) -> Result<Decimal> {
    let a = amount(u, scale)?.abs();
    Ok(if a.is_zero() { Decimal::new(1, scale.min(28)) } else { a })
}

/// A percent of a few shapes: whole, 1 to 4 decimals, tiny, the bounds (0, 100) and beyond.
pub fn percent(u: U) -> Result<Decimal> {
    Ok(match u.int_in_range(0u8..=11)? {
        0..=4 => Decimal::from(u.int_in_range(1i64..=99)?),
        5..=6 => Decimal::new(u.int_in_range(1i64..=9_999)?, 2),
        7 => Decimal::new(u.int_in_range(1i64..=999_999)?, u.int_in_range(3u32..=4)?),
        8 => *u.choose(&[Decimal::ONE_HUNDRED, Decimal::new(5, 1), Decimal::new(2001, 3), Decimal::new(1, 28)])?,
        9 => *u.choose(&[Decimal::ZERO, Decimal::new(-2, 0), Decimal::new(150, 0), Decimal::new(10001, 2)])?,
        10 => Decimal::new(u.int_in_range(1i64..=100)?, 0),
        _ => Decimal::new(u.int_in_range(1i64..=99_999_999)?, 6),
    })
}

/// A discount percent: mostly valid (above 0, below 100), now and then any [`percent`].
pub fn discount_percent(u: U) -> Result<Decimal> {
    Ok(if chance(u, 1, 12)? {
        percent(u)?
    } else if chance(u, 1, 3)? {
        Decimal::new(u.int_in_range(1i64..=9_999)?, 2)
    } else {
        Decimal::from(u.int_in_range(1i64..=10)?)
    })
}

/// A day count for a notation: common terms, any count in range, and a few beyond.
pub fn days(u: U) -> Result<i32> {
    Ok(match u.int_in_range(0u8..=9)? {
        0..=5 => *u.choose(&[0, 7, 10, 14, 15, 20, 30, 45, 60, 90, 120, 180, 5, 1])?,
        6 => 30 * u.int_in_range(1i32..=12)?,
        7 => u.int_in_range(0i32..=36_500)?,
        8 => *u.choose(&[36_500, 36_480, 36_501, 99_999, 2_147_483_647])?,
        _ => u.int_in_range(0i32..=400)?,
    })
}

/// A due-date step. `sane`: the forward, in-range kind terms use; otherwise anything.
pub fn step(u: U, sane: bool) -> Result<Step> {
    if sane {
        return Ok(match u.int_in_range(0u8..=7)? {
            0..=2 => Step::AddDays(u.int_in_range(0i32..=120)?),
            3 => Step::AddMonths(u.int_in_range(0i32..=13)?),
            4 => Step::EndOfMonth,
            5 => Step::SetDay(u.int_in_range(1u8..=31)?),
            6 => Step::NextDayOfMonth(u.int_in_range(1u8..=31)?),
            _ => Step::CutOff(u.int_in_range(1u8..=30)?),
        });
    }
    let big = |u: U| -> Result<i32> {
        Ok(match u.int_in_range(0u8..=4)? {
            0 => u.int_in_range(-400i32..=400)?,
            1 => *u.choose(&[i32::MAX, i32::MIN, -1, 3_652_059, -3_652_059, 119_988, -119_988])?,
            _ => u.arbitrary::<i32>()?,
        })
    };
    Ok(match u.int_in_range(0u8..=5)? {
        0 => Step::AddDays(big(u)?),
        1 => Step::AddMonths(big(u)?),
        2 => Step::EndOfMonth,
        3 => Step::SetDay(u.arbitrary()?),
        4 => Step::NextDayOfMonth(u.arbitrary()?),
        _ => Step::CutOff(u.arbitrary()?),
    })
}

/// A due-date rule of 0 to `max` steps; mostly sane.
pub fn rule(u: U, max: usize) -> Result<Vec<Step>> {
    let sane = !chance(u, 1, 10)?;
    let n = u.int_in_range(0..=max)?;
    (0..n).map(|_| step(u, sane)).collect()
}

/// A discount tier that usually nests in a due rule that starts with 45 days: percent or fixed,
/// a deadline of 0 to 2 steps.
pub fn discount(u: U, scale: u32) -> Result<Discount> {
    let due: Vec<Step> = if chance(u, 1, 8)? {
        rule(u, 3)?
    } else {
        let n = u.int_in_range(0u8..=1)?;
        (0..n).map(|_| Ok(Step::AddDays(u.int_in_range(0i32..=40)?))).collect::<Result<_>>()?
    };
    Ok(if chance(u, 1, 4)? {
        let sc = u.int_in_range(0u32..=scale + 1)?;
        let fixed =
            if chance(u, 1, 8)? { positive_amount(u, sc)? } else { Decimal::new(u.int_in_range(1i64..=999)?, sc) };
        Discount::fixed(fixed, due)
    } else {
        Discount::percent(discount_percent(u)?, due)
    })
}

/// The lines of payment terms (before validation): shaped like real terms most of the time
/// (percents to 100; percent / remainder / fixed lines and a balance; percents and an equal
/// group; one balance line with tiers), sometimes arbitrary.
pub fn lines(u: U, scale: u32) -> Result<(Vec<TermLine>, Adjustment)> {
    let adjustment = if !chance(u, 1, 3)? { Adjustment::None } else { *u.choose(&Adjustment::ALL)? };
    let mut out = Vec::new();
    let due = |u: U| -> Result<Vec<Step>> {
        let mut r = rule(u, 3)?;
        if chance(u, 1, 2)? {
            r.insert(0, Step::AddDays(45));
        }
        Ok(r)
    };
    let tiers = |u: U, r: &[Step]| -> Result<Vec<Discount>> {
        let with = matches!(r.first(), Some(Step::AddDays(n)) if *n >= 40) && chance(u, 1, 2)?;
        let n = if with { u.int_in_range(1usize..=3)? } else { 0 };
        (0..n).map(|_| discount(u, scale)).collect()
    };
    match u.int_in_range(0u8..=9)? {
        0 | 1 => {
            // percents summing to 100
            let mut left = Decimal::ONE_HUNDRED;
            let k = u.int_in_range(1usize..=4)?;
            for i in 0..k {
                let p = if i + 1 == k { left } else { percent(u)?.min(left) };
                if p <= Decimal::ZERO {
                    break;
                }
                left -= p;
                let r = due(u)?;
                let t = tiers(u, &r)?;
                out.push(TermLine::percent(p, r).with_discounts(t));
            }
        }
        2..=4 => {
            // percent / remainder / fixed lines, then a balance
            let k = u.int_in_range(0usize..=3)?;
            for _ in 0..k {
                let r = due(u)?;
                let t = tiers(u, &r)?;
                let l = match u.int_in_range(0u8..=2)? {
                    0 => TermLine::percent(percent(u)?, r),
                    1 => TermLine::percent_of_remainder(percent(u)?, r),
                    _ => {
                        let sc = u.int_in_range(0u32..=scale + 1)?;
                        TermLine::fixed(positive_amount(u, sc)?, r)
                    }
                };
                out.push(l.with_discounts(t));
            }
            let r = due(u)?;
            let t = tiers(u, &r)?;
            out.push(TermLine::balance(r).with_discounts(t));
        }
        5 | 6 => {
            // percents, then an equal group
            for _ in 0..u.int_in_range(0usize..=2)? {
                let r = due(u)?;
                out.push(TermLine::percent(Decimal::from(u.int_in_range(1i64..=40)?), r));
            }
            let k = u.int_in_range(1usize..=6)?;
            for j in 0..k {
                let r = vec![Step::AddDays(30 * (j as i32 + 1))];
                let t = if j == 0 { tiers(u, &r)? } else { Vec::new() };
                out.push(TermLine::equal(r).with_discounts(t));
            }
        }
        7 | 8 => {
            // one balance line, notation-shaped, with percent tiers
            let (r, eom) = match u.int_in_range(0u8..=4)? {
                0 => (vec![Step::AddDays(days(u)?)], false),
                1 => (vec![Step::EndOfMonth, Step::AddDays(days(u)?)], true),
                2 => (vec![Step::AddMonths(u.int_in_range(1i32..=3)?), Step::EndOfMonth], true),
                3 => (vec![Step::AddDays(days(u)?), Step::EndOfMonth], false),
                _ => (vec![], false),
            };
            let mut t = Vec::new();
            for _ in 0..u.int_in_range(0usize..=3)? {
                let d = u.int_in_range(0i32..=30)?;
                let steps = if eom { vec![Step::EndOfMonth, Step::AddDays(d)] } else { vec![Step::AddDays(d)] };
                t.push(Discount::percent(discount_percent(u)?, steps));
            }
            out.push(TermLine::balance(r).with_discounts(t));
        }
        _ => {
            // anything
            for _ in 0..u.int_in_range(0usize..=5)? {
                let r = rule(u, 4)?;
                let t = (0..u.int_in_range(0usize..=2)?).map(|_| discount(u, scale)).collect::<Result<_>>()?;
                let l = match u.int_in_range(0u8..=4)? {
                    0 => TermLine::percent(percent(u)?, r),
                    1 => TermLine::percent_of_remainder(percent(u)?, r),
                    2 => {
                        let sc = u.int_in_range(0u32..=4)?;
                        TermLine::fixed(amount(u, sc)?, r)
                    }
                    3 => TermLine::balance(r),
                    _ => TermLine::equal(r),
                };
                out.push(l.with_discounts(t));
            }
        }
    }
    Ok((out, adjustment))
}

/// Terms the e-invoicing forms carry most of the time: one balance line due on the base date,
/// after N days, N days after the month end, at the end of the next month, or on day D of the
/// next month, with percent tiers (mostly two decimals at most) that nest in it.
pub fn einvoice_lines(u: U) -> Result<Vec<TermLine>> {
    let n = if chance(u, 1, 20)? { days(u)? } else { *u.choose(&[30, 14, 10, 45, 60, 0, 90, 20])? };
    let (due, eom) = match u.int_in_range(0u8..=5)? {
        0..=2 => (vec![Step::AddDays(n)], false),
        3 => (vec![Step::EndOfMonth, Step::AddDays(n)], true),
        4 => (vec![Step::AddMonths(1), Step::EndOfMonth], true),
        _ => {
            if chance(u, 1, 2)? {
                (vec![], false)
            } else {
                (vec![Step::EndOfMonth, Step::NextDayOfMonth(u.int_in_range(1u8..=31)?)], false)
            }
        }
    };
    let mut tiers = Vec::new();
    for _ in 0..u.int_in_range(0usize..=3)? {
        let d = u.int_in_range(0i32..=n.clamp(0, 30))?;
        let p = if chance(u, 1, 8)? {
            percent(u)?
        } else {
            Decimal::new(u.int_in_range(1i64..=9_999)?, *u.choose(&[0u32, 2, 1])?)
        };
        let steps = if eom { vec![Step::EndOfMonth, Step::AddDays(d)] } else { vec![Step::AddDays(d)] };
        tiers.push(if chance(u, 1, 20)? {
            Discount::fixed(Decimal::from(5), steps)
        } else {
            Discount::percent(p, steps)
        });
    }
    Ok(vec![TermLine::balance(due).with_discounts(tiers)])
}

/// A business-day calendar: up to three weekend days and a few holidays near `near`.
pub fn calendar(u: U, near: NaiveDate) -> Result<Calendar> {
    let all = [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun];
    let weekend: Vec<Weekday> = match u.int_in_range(0u8..=3)? {
        0 | 1 => vec![Weekday::Sat, Weekday::Sun],
        2 => vec![],
        _ => all.iter().copied().filter(|_| chance(u, 1, 3).unwrap_or(false)).take(3).collect(),
    };
    let n = u.int_in_range(0usize..=6)?;
    let holidays: Vec<NaiveDate> = (0..n).map(|_| date_near(u, near)).collect::<Result<_>>()?;
    Ok(Calendar::new(&weekend, &holidays).unwrap_or_default())
}

/// A rounding mode.
pub fn mode(u: U) -> Result<RoundingMode> {
    Ok(*u.choose(&RoundingMode::ALL)?)
}

/// Notation options: the EOM reading and, sometimes, a cut-off day (rarely an invalid one).
pub fn notation_options(u: U) -> Result<NotationOptions> {
    let eom = *u.choose(&EomReading::ALL)?;
    let cut_off = match u.int_in_range(0u8..=7)? {
        0 => Some(u.int_in_range(1u8..=30)?),
        1 if chance(u, 1, 4)? => Some(*u.choose(&[0u8, 31, 255])?),
        _ => None,
    };
    Ok(NotationOptions { eom, cut_off })
}

fn days_text(u: U) -> Result<String> {
    Ok(if chance(u, 1, 20)? {
        (*u.choose(&["030", "1.5", "99999999999", "-30", "thirty", ""])?).to_string()
    } else {
        days(u)?.to_string()
    })
}

fn percent_text(u: U) -> Result<String> {
    let p = discount_percent(u)?;
    let mut s = p.to_string();
    if chance(u, 1, 6)? {
        s.push('%');
    }
    Ok(s)
}

fn day_of_month_text(u: U) -> Result<String> {
    let d: u32 = if chance(u, 1, 16)? { *u.choose(&[0, 32, 99])? } else { u.int_in_range(1u32..=31)? };
    let suffix = if chance(u, 1, 3)? {
        let right = match d % 100 {
            11..=13 => "th",
            _ => match d % 10 {
                1 => "st",
                2 => "nd",
                3 => "rd",
                _ => "th",
            },
        };
        if chance(u, 1, 8)? {
            *u.choose(&["st", "nd", "rd", "th"])?
        } else {
            right
        }
    } else {
        ""
    };
    Ok(format!("{d}{suffix}"))
}

fn mode_text(u: U) -> Result<&'static str> {
    Ok(*u.choose(&["", "", "", " EOM", " eom", " EOM UK", " EOM US", " DFFM", " eom uk"])?)
}

fn net_text(u: U) -> Result<String> {
    let n = days_text(u)?;
    let style = *u.choose(&["net {}", "n{}", "n/{}", "Net/{}", "N {}", "NET {}"])?;
    Ok(format!("{}{}", style.replace("{}", &n), mode_text(u)?))
}

/// A payment-terms notation: every form of the grammar, with trailing clauses, casing and
/// separator variations, and now and then a wrong word or number.
pub fn notation_text(u: U) -> Result<String> {
    let mut s = match u.int_in_range(0u8..=8)? {
        0 | 1 => net_text(u)?,
        2 | 3 => {
            let mut t = String::new();
            for _ in 0..u.int_in_range(1usize..=3)? {
                t.push_str(&format!("{}/{}", percent_text(u)?, days_text(u)?));
                if chance(u, 1, 6)? {
                    t.push_str(" EOM");
                }
                t.push(' ');
            }
            t.push_str(&net_text(u)?);
            t
        }
        4 => format!("{} EOM", days_text(u)?),
        5 => format!("{} {}", day_of_month_text(u)?, *u.choose(&["prox", "proximo", "PROX", "MFI", "mfi"])?),
        6 => {
            let mut d = 0;
            let mut parts = Vec::new();
            for _ in 0..u.int_in_range(2usize..=4)? {
                d += if chance(u, 1, 2)? { 30 } else { u.int_in_range(0i32..=60)? };
                parts.push(d.to_string());
            }
            format!("{}{}", parts.join("/"), mode_text(u)?)
        }
        7 => (*u.choose(&["COD", "CIA", "CWO", "CND", "due on receipt", "upon receipt", "Due upon Receipt", "cod"])?)
            .to_string(),
        _ => {
            let words = ["net", "30", "/", "EOM", "2", "10", "prox", "cut-off", "25", "following", "n", "%", "DFFM"];
            (0..u.int_in_range(1usize..=6)?)
                .map(|_| u.choose(&words).map(|w| *w))
                .collect::<Result<Vec<_>>>()?
                .join(" ")
        }
    };
    if chance(u, 1, 4)? {
        let d = day_of_month_text(u)?;
        s.push_str(&format!(" {} {d}", *u.choose(&["cut-off", "cutoff", "cut off", "Cut-Off"])?));
    }
    if chance(u, 1, 4)? {
        s.push_str(*u.choose(&[" following", " modified following", " preceding", " Following"])?);
    }
    match u.int_in_range(0u8..=15)? {
        0 => s = s.to_uppercase(),
        1 => s = s.to_lowercase(),
        2 => s = s.replace(' ', ","),
        3 => s = s.replace(' ', "  "),
        4 => s = format!(" {s}\t"),
        5 => s = s.replace(" net", "net").replace(" n/", "n/"),
        _ => {}
    }
    Ok(s)
}

/// An XRechnung `#SKONTO#` note: tiers, optional `BASISBETRAG`, free text, and now and then a
/// malformed line.
pub fn xrechnung_text(u: U) -> Result<String> {
    let mut s = String::new();
    if chance(u, 1, 4)? {
        s.push_str("Zahlbar innerhalb 30 Tagen\n");
    }
    for _ in 0..u.int_in_range(0usize..=3)? {
        let tage = if chance(u, 1, 12)? { "x".to_string() } else { u.int_in_range(0i32..=45)?.to_string() };
        let p = percent(u)?;
        let prozent = match u.int_in_range(0u8..=5)? {
            0 => format!("{p}"),
            1 => format!("{p:.3}"),
            _ => format!("{p:.2}"),
        };
        let mut line = match u.int_in_range(0u8..=9)? {
            0 => format!("#SKONTO#PROZENT={prozent}#TAGE={tage}#"),
            1 => format!("#SKONTO#TAGE={tage}#"),
            2 => format!("#VERZUG#TAGE={tage}#PROZENT={prozent}#"),
            _ => format!("#SKONTO#TAGE={tage}#PROZENT={prozent}#"),
        };
        if chance(u, 1, 3)? {
            let sc = *u.choose(&[2u32, 2, 0, 3])?;
            let b = amount(u, sc)?;
            line.push_str(&format!("BASISBETRAG={b}#"));
        }
        if chance(u, 1, 16)? {
            line.pop();
        }
        s.push_str(&line);
        s.push_str(*u.choose(&["\n", "\n", "\r\n", "  \n"])?);
    }
    Ok(s)
}

/// X12 ITD segments: the type codes the reader knows and a few it does not.
pub fn x12_text(u: U) -> Result<String> {
    let mut s = String::new();
    let code = *u.choose(&["01", "02", "05", "08", "09", "10", "12", "14", "22", "23", "03", ""])?;
    let net = days(u)?;
    for _ in 0..u.int_in_range(1usize..=3)? {
        let mut e = vec![String::new(); 14];
        e[0] = "ITD".into();
        e[1] = code.into();
        e[2] = (*u.choose(&["3", "3", "3", "", "1"])?).into();
        if chance(u, 1, 2)? {
            e[3] = percent(u)?.to_string();
            e[5] = u.int_in_range(0i32..=45)?.to_string();
        }
        if !chance(u, 1, 8)? {
            e[7] = net.to_string();
        }
        if code == "09" || chance(u, 1, 10)? {
            e[13] = u.int_in_range(0u32..=32)?.to_string();
        }
        while e.last().is_some_and(|x| x.is_empty()) {
            e.pop();
        }
        let sep = *u.choose(&["*", "*", "*", "|", "^"])?;
        s.push_str(&e.join(sep));
        s.push_str(*u.choose(&["~", "~", "~\n", ""])?);
    }
    Ok(s)
}

/// UN/EDIFACT PAT (and PCD) segments.
pub fn edifact_text(u: U) -> Result<String> {
    let mut s = String::new();
    let rel = *u.choose(&["3", "3", "6", "1", "7", "2"])?;
    for _ in 0..u.int_in_range(0usize..=3)? {
        let d = u.int_in_range(0i32..=45)?;
        s.push_str(&format!("PAT+22++5:{rel}:D:{d}'"));
        if !chance(u, 1, 8)? {
            s.push_str(&format!("PCD+12:{}'", percent(u)?));
        }
    }
    match u.int_in_range(0u8..=5)? {
        0 => s.push_str("PAT+1++5:1'"),
        1 => s.push_str("PAT+1++5:7'"),
        2 => s.push_str(&format!("PAT+1++5:{}:D:{}'", *u.choose(&["3", "6", "1", "7", "9"])?, days(u)?)),
        3 => {}
        _ => s.push_str(&format!("PAT+1++5:{rel}:D:{}'", days(u)?)),
    }
    if chance(u, 1, 10)? {
        s.insert_str(0, *u.choose(&["PAT+1++5:3:D:30'", "UNH+1'", "PAT+3++5:3:D:1'"])?);
    }
    Ok(s)
}
