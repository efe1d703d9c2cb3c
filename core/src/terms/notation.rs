//! Payment terms as people write them: `net 30`, `2/10 net 30`, `net 30 EOM`, `10 prox`,
//! `30/60/90 DFFM`, `COD`... parsed into [`PaymentTerms`] and formatted back to a canonical text.
//!
//! Parsing is case- and whitespace-insensitive (`N30`, `2/10n/30`, `Net 30 eom` all work; commas
//! and semicolons separate like spaces). Unknown text is an error naming the character position
//! and what was expected, never a guess. What each notation means:
//!
//! | notation | lines | due rule | discount deadlines |
//! |----------|-------|----------|--------------------|
//! | `net N`, `nN`, `n/N` | one balance line | `[add_days N]` | |
//! | `P/D net N` (`P/D n/N`), tiers `3/10 2/20 net 45` | one balance line | `[add_days N]` | `[add_days D]` each, P % |
//! | `net N EOM` (US reading, the default) | balance | `[end_of_month, add_days N]` | `[end_of_month, add_days D]` |
//! | `net N EOM` (UK reading: end of the following month; N a multiple of 30) | balance | `[add_months N/30, end_of_month]` | `[end_of_month, add_days D]` |
//! | `net N EOM` (DFFM reading), `net N DFFM` | balance | `[add_days N, end_of_month]` | `[add_days D]` |
//! | `P/D EOM net N`, `P/D net N EOM` | both periods run from the month end (as above) | | |
//! | `N EOM` (any reading) | balance | `[end_of_month, add_days N]` | |
//! | `N prox`, `Nth prox` | balance | `[end_of_month, next_day_of_month N]` | |
//! | `N MFI` (N-th of the month following the invoice) | balance | `[add_months 1, set_day N]` | |
//! | `30/60/90` (two or more increasing day counts) | equal lines | `[add_days 30]`, `[add_days 60]`, ... | |
//! | `30/60/90 EOM`, `30/60/90 DFFM` | equal lines | per line as `net N EOM` / `net N DFFM` | |
//! | `COD`, `CIA`, `CWO`, `CND`, `due on receipt`, `upon receipt` | balance | `[]` (the base date) | |
//!
//! Two trailing clauses may follow: a cut-off day `cut-off 25` (the "25th rule": a base date
//! after the 25th counts as the 1st of the next month; it becomes a leading
//! [`Step::CutOff`] of every rule) and a business-day adjustment `following`,
//! `modified following` or `preceding`. `EOM UK` and `EOM US` pick a reading in the text itself.
//!
//! [`PaymentTerms::format`] writes the canonical text (`net 30`, `2/10 net 30`, `net 30 EOM`,
//! `net 30 EOM UK`, `net 30 DFFM`, `10 prox`, `15 MFI`, `30/60/90`, `due on receipt`...), and
//! `PaymentTerms::parse(&t.format()?, &NotationOptions::default()) == t`. COD, CIA, CWO and CND
//! all mean "due on the base date" and format as `due on receipt`.
//!
//! ```
//! use arrears::{notation::NotationOptions, PaymentTerms};
//! let t = PaymentTerms::parse("2/10 N/30", &NotationOptions::default())?;
//! assert_eq!(t.format()?, "2/10 net 30");
//! let err = PaymentTerms::parse("2/10 net thirty", &NotationOptions::default()).unwrap_err();
//! assert_eq!((err.field(), err.value()), ("text", "2/10 net thirty"));
//! assert!(err.reason().starts_with("at character 10: expected a number of days"));
//! # Ok::<(), arrears::Error>(())
//! ```

use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub use super::presets::PRESETS;
use crate::calendar::{Adjustment, DueRule, Step};
use crate::error::{Error, ErrorKind, Result};
use crate::terms::{Discount, DiscountAmount, LineAmount, PaymentTerms, TermLine};

/// The most days a notation may name (100 years).
///
/// ```
/// use arrears::{notation::{NotationOptions, MAX_NOTATION_DAYS}, PaymentTerms};
/// assert!(PaymentTerms::parse(&format!("net {}", MAX_NOTATION_DAYS + 1), &NotationOptions::default()).is_err());
/// ```
pub const MAX_NOTATION_DAYS: i32 = 36_500;

/// How `EOM` in `net N EOM` (and `30/60/90 EOM`) is read. JSON: `"us"` (default), `"uk"`, `"dffm"`.
///
/// ```
/// use arrears::{notation::{EomReading, NotationOptions}, parse_date, PaymentTerms};
/// let jan15 = parse_date("d", "2026-01-15")?;
/// let due = |eom| -> arrears::Result<String> {
///     let t = PaymentTerms::parse("net 30 EOM", &NotationOptions { eom, cut_off: None })?;
///     Ok(t.lines()[0].due.apply(jan15)?.to_string())
/// };
/// assert_eq!(due(EomReading::Us)?, "2026-03-02"); // month end + 30 days
/// assert_eq!(due(EomReading::Uk)?, "2026-02-28"); // end of the following month
/// assert_eq!(due(EomReading::Dffm)?, "2026-02-28"); // date + 30 days, then month end
/// # Ok::<(), arrears::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum EomReading {
    /// Month end + N days (invoice Jan 15, `net 30 EOM` → Mar 2).
    #[default]
    Us,
    /// The end of the month N/30 months after the invoice month (N a multiple of 30).
    Uk,
    /// Date + N days, then month end (Italian "data fattura fine mese").
    Dffm,
}

impl EomReading {
    /// Every reading.
    pub const ALL: [EomReading; 3] = [EomReading::Us, EomReading::Uk, EomReading::Dffm];

    /// The wire name.
    pub const fn name(self) -> &'static str {
        match self {
            EomReading::Us => "us",
            EomReading::Uk => "uk",
            EomReading::Dffm => "dffm",
        }
    }
}

impl FromStr for EomReading {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        EomReading::ALL
            .into_iter()
            .find(|r| r.name() == s)
            .ok_or_else(|| Error::new(ErrorKind::InvalidTerms, "eom", s, "expected one of us, uk, dffm"))
    }
}

crate::serde_forms::serde_via_str!(EomReading);

/// Options of [`PaymentTerms::parse`]: the EOM reading and an optional cut-off day.
///
/// JSON (both optional): `{"eom": "us", "cut_off": 25}`.
///
/// ```
/// use arrears::{from_json, notation::{EomReading, NotationOptions}};
/// let o: NotationOptions = from_json(r#"{"eom": "uk", "cut_off": 25}"#)?;
/// assert_eq!((o.eom, o.cut_off), (EomReading::Uk, Some(25)));
/// # Ok::<(), arrears::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NotationOptions {
    /// How `EOM` is read; default US.
    pub eom: EomReading,
    /// The "25th rule": base dates after this day (1 ..= 30) count as the 1st of the next month.
    /// A `cut-off N` clause in the text takes precedence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cut_off: Option<u8>,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(String),
    Word(String),
    Slash,
    Percent,
    Minus,
}

#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    pos: usize,
}

fn describe(t: Option<&Token>) -> String {
    match t.map(|t| &t.tok) {
        None => "the end of the text".to_string(),
        Some(Tok::Num(n)) => format!("\"{n}\""),
        Some(Tok::Word(w)) => format!("\"{w}\""),
        Some(Tok::Slash) => "\"/\"".to_string(),
        Some(Tok::Percent) => "\"%\"".to_string(),
        Some(Tok::Minus) => "\"-\"".to_string(),
    }
}

struct Parser<'a> {
    text: &'a str,
    toks: Vec<Token>,
    i: usize,
    end_pos: usize,
}

fn tokenize(text: &str) -> Result<(Vec<Token>, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let mut toks = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let pos = i + 1;
        if c.is_whitespace() || c == ',' || c == ';' {
            i += 1;
        } else if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            toks.push(Token { tok: Tok::Num(chars[start..i].iter().collect()), pos });
        } else if c.is_alphabetic() {
            let start = i;
            while i < chars.len() && chars[i].is_alphabetic() {
                i += 1;
            }
            let w: String = chars[start..i].iter().collect::<String>().to_lowercase();
            toks.push(Token { tok: Tok::Word(w), pos });
        } else {
            let tok = match c {
                '/' => Tok::Slash,
                '%' => Tok::Percent,
                '-' => Tok::Minus,
                _ => {
                    return Err(Error::new(
                        ErrorKind::InvalidTerms,
                        "text",
                        text,
                        format!("at character {pos}: unexpected character {c:?}"),
                    ))
                }
            };
            toks.push(Token { tok, pos });
            i += 1;
        }
    }
    Ok((toks, chars.len() + 1))
}

/// Which EOM form a clause asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Plain,
    Eom(Option<EomReading>),
    Dffm,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<&Token> {
        self.toks.get(self.i)
    }
    fn peek_at(&self, k: usize) -> Option<&Token> {
        self.toks.get(self.i + k)
    }
    fn pos(&self) -> usize {
        self.peek().map_or(self.end_pos, |t| t.pos)
    }
    fn err(&self, expected: &str) -> Error {
        Error::new(
            ErrorKind::InvalidTerms,
            "text",
            self.text,
            format!("at character {}: expected {expected}, found {}", self.pos(), describe(self.peek())),
        )
    }
    fn err_at(&self, pos: usize, reason: &str) -> Error {
        Error::new(ErrorKind::InvalidTerms, "text", self.text, format!("at character {pos}: {reason}"))
    }
    fn is_word(&self, k: usize, words: &[&str]) -> bool {
        matches!(self.peek_at(k), Some(Token { tok: Tok::Word(w), .. }) if words.contains(&w.as_str()))
    }
    fn is_num(&self, k: usize) -> bool {
        matches!(self.peek_at(k), Some(Token { tok: Tok::Num(_), .. }))
    }
    fn is(&self, k: usize, tok: &Tok) -> bool {
        self.peek_at(k).is_some_and(|t| t.tok == *tok)
    }
    fn word(&mut self, words: &[&str]) -> bool {
        if self.is_word(0, words) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    /// A whole number of days (0 ..= MAX_NOTATION_DAYS).
    fn days(&mut self, what: &str) -> Result<i32> {
        if self.is(0, &Tok::Minus) {
            return Err(self.err_at(self.pos(), &format!("expected {what} (0 or more); negative days are not allowed")));
        }
        match self.peek().cloned() {
            Some(Token { tok: Tok::Num(n), pos }) => {
                let v = n.parse::<i32>().ok().filter(|v| *v <= MAX_NOTATION_DAYS).ok_or_else(|| {
                    self.err_at(
                        pos,
                        &format!("expected {what}: a whole number up to {MAX_NOTATION_DAYS}, found \"{n}\""),
                    )
                })?;
                self.i += 1;
                Ok(v)
            }
            _ => Err(self.err(what)),
        }
    }

    /// A day of the month with an optional ordinal suffix.
    fn day_of_month(&mut self, max: u8) -> Result<u8> {
        let pos = self.pos();
        let d = self.days("a day of the month")?;
        if !(1..=i32::from(max)).contains(&d) {
            return Err(self.err_at(pos, &format!("a day of the month is between 1 and {max}, found {d}")));
        }
        let suffix = match d % 100 {
            11..=13 => "th",
            _ => match d % 10 {
                1 => "st",
                2 => "nd",
                3 => "rd",
                _ => "th",
            },
        };
        if self.is_word(0, &["st", "nd", "rd", "th"]) {
            if !self.is_word(0, &[suffix]) {
                return Err(self.err(&format!("the ordinal suffix \"{suffix}\"")));
            }
            self.i += 1;
        }
        Ok(d as u8)
    }

    /// `EOM [us|uk]` or `DFFM`, if present.
    fn mode(&mut self) -> Result<Mode> {
        if self.word(&["eom"]) {
            if self.word(&["us"]) {
                return Ok(Mode::Eom(Some(EomReading::Us)));
            }
            if self.word(&["uk"]) {
                return Ok(Mode::Eom(Some(EomReading::Uk)));
            }
            return Ok(Mode::Eom(None));
        }
        if self.word(&["dffm"]) {
            return Ok(Mode::Dffm);
        }
        Ok(Mode::Plain)
    }

    fn percent(&mut self) -> Result<Decimal> {
        match self.peek().cloned() {
            Some(Token { tok: Tok::Num(n), pos }) => {
                let p = crate::money::parse_amount("", &n)
                    .ok()
                    .filter(|p| *p > Decimal::ZERO && *p < Decimal::ONE_HUNDRED)
                    .ok_or_else(|| {
                        self.err_at(
                            pos,
                            &format!("expected a discount percent greater than 0 and less than 100, found \"{n}\""),
                        )
                    })?;
                self.i += 1;
                if self.is(0, &Tok::Percent) {
                    self.i += 1;
                }
                Ok(p.normalize())
            }
            _ => Err(self.err("a discount percent")),
        }
    }

    fn slash(&mut self, after: &str) -> Result<()> {
        if self.is(0, &Tok::Slash) {
            self.i += 1;
            Ok(())
        } else {
            Err(self.err(&format!("\"/\" after {after}")))
        }
    }
}

/// A discount tier as written: percent, days, whether `EOM` followed it.
type Tier = (Decimal, i32, bool);

fn rule_for(mode: Mode, days: i32, options: &NotationOptions, pos: usize, p: &Parser<'_>) -> Result<Vec<Step>> {
    Ok(match mode {
        Mode::Plain => vec![Step::AddDays(days)],
        Mode::Dffm => vec![Step::AddDays(days), Step::EndOfMonth],
        Mode::Eom(reading) => {
            match reading.unwrap_or(options.eom) {
                EomReading::Us => vec![Step::EndOfMonth, Step::AddDays(days)],
                EomReading::Dffm => vec![Step::AddDays(days), Step::EndOfMonth],
                EomReading::Uk => {
                    if days <= 0 || days % 30 != 0 {
                        return Err(p.err_at(
                        pos,
                        &format!("the UK EOM reading (end of a following month) needs a multiple of 30 days, found {days}"),
                    ));
                    }
                    vec![Step::AddMonths(days / 30), Step::EndOfMonth]
                }
            }
        }
    })
}

fn tier_rule(mode: Mode, days: i32, options: &NotationOptions) -> Vec<Step> {
    match mode {
        Mode::Plain | Mode::Dffm => vec![Step::AddDays(days)],
        Mode::Eom(reading) => match reading.unwrap_or(options.eom) {
            EomReading::Dffm => vec![Step::AddDays(days)],
            EomReading::Us | EomReading::Uk => vec![Step::EndOfMonth, Step::AddDays(days)],
        },
    }
}

impl PaymentTerms {
    /// Parses a payment-terms notation (see the [module docs](crate::notation) for every form).
    ///
    /// ```
    /// use arrears::{notation::NotationOptions, PaymentTerms, Step, TermLine, Discount};
    /// let t = PaymentTerms::parse("3/10 2/20 Net 45", &NotationOptions::default())?;
    /// assert_eq!(t.lines(), [TermLine::balance(vec![Step::AddDays(45)]).with_discounts(vec![
    ///     Discount::percent("3".parse().unwrap(), vec![Step::AddDays(10)]),
    ///     Discount::percent("2".parse().unwrap(), vec![Step::AddDays(20)]),
    /// ])]);
    /// let split = PaymentTerms::parse("30/60/90 DFFM", &NotationOptions::default())?;
    /// assert_eq!(split.lines().len(), 3);
    /// assert_eq!(split.format()?, "30/60/90 DFFM");
    /// # Ok::<(), arrears::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`ErrorKind::InvalidTerms`] with field `text`, the text as value, and a reason naming the
    /// character position (1-based) and what was expected there; [`ErrorKind::InvalidRule`] for
    /// a cut-off day outside 1 ..= 30 in the options (field `options.cut_off`);
    /// [`ErrorKind::LimitExceeded`] for a text over [`crate::limits::MAX_TEXT`] bytes.
    pub fn parse(text: &str, options: &NotationOptions) -> Result<PaymentTerms> {
        crate::limits::check("text", text.len(), crate::limits::MAX_TEXT)?;
        if let Some(c) = options.cut_off {
            Step::CutOff(c).validate().map_err(|e| e.within("options.cut_off"))?;
        }
        let (toks, end_pos) = tokenize(text)?;
        let mut p = Parser { text, toks, i: 0, end_pos };
        if p.toks.is_empty() {
            return Err(p.err("payment terms such as \"net 30\" or \"2/10 net 30\""));
        }
        let mut lines: Vec<TermLine>;
        if p.word(&["cod", "cia", "cwo", "cnd"]) {
            lines = vec![TermLine::balance(vec![])];
        } else if p.is_word(0, &["due", "on", "upon"]) {
            if p.word(&["due"]) && !p.is_word(0, &["on", "upon"]) {
                return Err(p.err("\"on receipt\" or \"upon receipt\""));
            }
            p.word(&["on", "upon"]);
            if !p.word(&["receipt"]) {
                return Err(p.err("\"receipt\""));
            }
            lines = vec![TermLine::balance(vec![])];
        } else if p.is_word(0, &["net", "n"]) {
            lines = vec![net_clause(&mut p, vec![], options)?];
        } else if p.is_num(0) {
            // A tier "P/D" is followed by another tier, "EOM", or the net clause; a lone number by
            // EOM, prox or MFI; otherwise the numbers are a split "30/60/90".
            let tiers_ahead = p.is(1, &Tok::Percent)
                || (p.is(1, &Tok::Slash)
                    && p.is_num(2)
                    && (p.is_word(3, &["net", "n"])
                        || p.is_num(3)
                        || (p.is_word(3, &["eom"]) && (p.is_word(4, &["net", "n"]) || p.is_num(4)))));
            if tiers_ahead {
                let mut tiers: Vec<Tier> = Vec::new();
                while p.is_num(0) {
                    let pct = p.percent()?;
                    p.slash("the discount percent")?;
                    let d = p.days("the discount days")?;
                    let eom = p.word(&["eom"]);
                    tiers.push((pct, d, eom));
                }
                if !p.is_word(0, &["net", "n"]) {
                    return Err(p.err("\"net\" (or \"n/\") and the net days after the discount tiers"));
                }
                lines = vec![net_clause(&mut p, tiers, options)?];
            } else if !p.is(1, &Tok::Slash) {
                let pos = p.pos();
                if p.is_word(1, &["eom"]) {
                    let n = p.days("a number of days")?;
                    p.word(&["eom"]);
                    lines = vec![TermLine::balance(vec![Step::EndOfMonth, Step::AddDays(n)])];
                } else {
                    let d = p.day_of_month(31)?;
                    if p.word(&["prox", "proximo"]) {
                        lines = vec![TermLine::balance(vec![Step::EndOfMonth, Step::NextDayOfMonth(d)])];
                    } else if p.word(&["mfi"]) {
                        lines = vec![TermLine::balance(vec![Step::AddMonths(1), Step::SetDay(d)])];
                    } else {
                        let _ = pos;
                        return Err(p.err("\"EOM\", \"prox\" or \"MFI\" after the number (or \"net\" before it)"));
                    }
                }
            } else {
                let mut days = Vec::new();
                loop {
                    let pos = p.pos();
                    let d = p.days("a number of days")?;
                    if let Some(&(_, last)) = days.last() {
                        if d <= last {
                            return Err(p.err_at(pos, "the days of a split such as 30/60/90 must increase"));
                        }
                    }
                    days.push((pos, d));
                    if !p.is(0, &Tok::Slash) {
                        break;
                    }
                    p.i += 1;
                }
                let mode = p.mode()?;
                lines = Vec::with_capacity(days.len());
                for (pos, d) in days {
                    lines.push(TermLine::equal(rule_for(mode, d, options, pos, &p)?));
                }
            }
        } else {
            return Err(p.err("payment terms such as \"net 30\", \"2/10 net 30\", \"10 prox\" or \"COD\""));
        }

        // Trailing clauses: cut-off day and business-day adjustment, each at most once.
        let mut cut_off = options.cut_off;
        let mut adjustment = Adjustment::None;
        let (mut seen_cut, mut seen_adj) = (false, false);
        while p.peek().is_some() {
            if !seen_cut && p.is_word(0, &["cut", "cutoff"]) {
                if p.word(&["cut"]) {
                    if p.is(0, &Tok::Minus) {
                        p.i += 1;
                    }
                    if !p.word(&["off"]) {
                        return Err(p.err("\"off\" in \"cut-off\""));
                    }
                } else {
                    p.i += 1;
                }
                cut_off = Some(p.day_of_month(30)?);
                seen_cut = true;
            } else if !seen_adj && p.is_word(0, &["following", "modified", "preceding"]) {
                adjustment = if p.word(&["following"]) {
                    Adjustment::Following
                } else if p.word(&["preceding"]) {
                    Adjustment::Preceding
                } else {
                    p.i += 1;
                    if !p.word(&["following"]) {
                        return Err(p.err("\"following\" after \"modified\""));
                    }
                    Adjustment::ModifiedFollowing
                };
                seen_adj = true;
            } else {
                return Err(
                    p.err("the end of the terms, a cut-off clause (\"cut-off 25\") or an adjustment (\"following\")")
                );
            }
        }
        if let Some(c) = cut_off {
            for line in &mut lines {
                line.due.steps.insert(0, Step::CutOff(c));
                for d in &mut line.discounts {
                    d.due.steps.insert(0, Step::CutOff(c));
                }
            }
        }
        PaymentTerms::with_adjustment(lines, adjustment)
            .map_err(|e| Error::new(e.kind(), "text", text, format!("{}: {}", e.field(), e.reason())))
    }

    /// The canonical notation of these terms (see the [module docs](crate::notation)).
    ///
    /// ```
    /// use arrears::{notation::{EomReading, NotationOptions}, PaymentTerms};
    /// let uk = NotationOptions { eom: EomReading::Uk, cut_off: Some(25) };
    /// let t = PaymentTerms::parse("2/10 EOM n/30 eom", &uk)?;
    /// assert_eq!(t.format()?, "2/10 net 30 EOM UK cut-off 25");
    /// assert_eq!(PaymentTerms::parse(&t.format()?, &NotationOptions::default())?, t);
    /// assert_eq!(PaymentTerms::parse("CWO", &NotationOptions::default())?.to_string(), "due on receipt");
    /// # Ok::<(), arrears::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`ErrorKind::InvalidTerms`] (field `terms`) when the terms have no notation (percent or
    /// fixed lines, fixed discounts, rules of other shapes).
    pub fn format(&self) -> Result<String> {
        let none = |why: &str| {
            Error::new(
                ErrorKind::InvalidTerms,
                "terms",
                crate::to_json(self),
                format!("these terms have no notation: {why}"),
            )
        };
        // The cut-off day, if every rule starts with the same one.
        let rules: Vec<&DueRule> = self
            .lines()
            .iter()
            .flat_map(|l| std::iter::once(&l.due).chain(l.discounts.iter().map(|d| &d.due)))
            .collect();
        let cut = match rules.first().and_then(|r| r.steps.first()) {
            Some(Step::CutOff(c)) => Some(*c),
            _ => None,
        };
        let mut cuts = 0;
        for r in &rules {
            match (r.steps.first(), cut) {
                (Some(Step::CutOff(c)), Some(cut)) if *c == cut => cuts += 1,
                (Some(Step::CutOff(_)), _) => return Err(none("cut-off steps differ between rules")),
                _ => {}
            }
        }
        if cut.is_some() && cuts != rules.len() {
            return Err(none("a cut-off step must lead every rule"));
        }
        let strip = |r: &DueRule| -> Vec<Step> {
            if cut.is_some() {
                r.steps[1..].to_vec()
            } else {
                r.steps.clone()
            }
        };
        let mut out = String::new();
        let lines = self.lines();
        if lines.len() == 1 && lines[0].amount == LineAmount::Balance {
            let line = &lines[0];
            let shape = classify(&strip(&line.due)).ok_or_else(|| none("the due rule has no notation"))?;
            let mut tiers = String::new();
            for d in &line.discounts {
                let DiscountAmount::Percent(pct) = d.amount else {
                    return Err(none("fixed discounts have no notation"));
                };
                let days = match (shape, classify(&strip(&d.due))) {
                    (Shape::Days(_) | Shape::Dffm(_), Some(Shape::Days(n))) => n,
                    (Shape::UsEom(_) | Shape::UkEom(_), Some(Shape::UsEom(n))) => n,
                    _ => return Err(none("the discount deadline's rule does not match the due rule's form")),
                };
                tiers.push_str(&format!("{}/{} ", pct.normalize(), days));
            }
            if !tiers.is_empty()
                && !matches!(shape, Shape::Days(_) | Shape::UsEom(_) | Shape::UkEom(_) | Shape::Dffm(_))
            {
                return Err(none("discount tiers need a net clause"));
            }
            out.push_str(&tiers);
            match shape {
                Shape::Immediate => out.push_str("due on receipt"),
                Shape::Days(n) => out.push_str(&format!("net {n}")),
                Shape::UsEom(n) => out.push_str(&format!("net {n} EOM")),
                Shape::UkEom(k) => out.push_str(&format!("net {} EOM UK", k * 30)),
                Shape::Dffm(n) => out.push_str(&format!("net {n} DFFM")),
                Shape::Prox(d) => out.push_str(&format!("{d} prox")),
                Shape::Mfi(d) => out.push_str(&format!("{d} MFI")),
            }
        } else if lines.len() >= 2 && lines.iter().all(|l| l.amount == LineAmount::Equal && l.discounts.is_empty()) {
            let shapes: Vec<Shape> = lines
                .iter()
                .map(|l| classify(&strip(&l.due)))
                .collect::<Option<_>>()
                .ok_or_else(|| none("a rule has no notation"))?;
            let (days, suffix): (Vec<i32>, &str) = match shapes[0] {
                Shape::Days(_) => {
                    (shapes.iter().filter_map(|s| if let Shape::Days(n) = s { Some(*n) } else { None }).collect(), "")
                }
                Shape::UsEom(_) => (
                    shapes.iter().filter_map(|s| if let Shape::UsEom(n) = s { Some(*n) } else { None }).collect(),
                    " EOM",
                ),
                Shape::UkEom(_) => (
                    shapes.iter().filter_map(|s| if let Shape::UkEom(k) = s { Some(*k * 30) } else { None }).collect(),
                    " EOM UK",
                ),
                Shape::Dffm(_) => (
                    shapes.iter().filter_map(|s| if let Shape::Dffm(n) = s { Some(*n) } else { None }).collect(),
                    " DFFM",
                ),
                _ => return Err(none("a split's rules are day counts")),
            };
            if days.len() != shapes.len() || days.windows(2).any(|w| w[0] >= w[1]) {
                return Err(none("a split's day counts must share one form and increase"));
            }
            out.push_str(&days.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("/"));
            out.push_str(suffix);
        } else {
            return Err(none(
                "only one balance line (with optional percent discounts) or an equal split has a notation",
            ));
        }
        if let Some(c) = cut {
            out.push_str(&format!(" cut-off {c}"));
        }
        match self.adjustment() {
            Adjustment::None => {}
            Adjustment::Following => out.push_str(" following"),
            Adjustment::ModifiedFollowing => out.push_str(" modified following"),
            Adjustment::Preceding => out.push_str(" preceding"),
        }
        Ok(out)
    }
}

fn net_clause(p: &mut Parser<'_>, tiers: Vec<Tier>, options: &NotationOptions) -> Result<TermLine> {
    if p.word(&["n"]) {
        if p.is(0, &Tok::Slash) {
            p.i += 1;
        }
    } else {
        p.word(&["net"]);
        if p.is(0, &Tok::Slash) {
            p.i += 1;
        }
    }
    let pos = p.pos();
    let n = p.days("a number of days after \"net\"")?;
    let mut mode = p.mode()?;
    if mode == Mode::Plain && tiers.iter().any(|t| t.2) {
        // "2/10 EOM net 30": both periods run from the month end.
        mode = Mode::Eom(None);
    }
    let due = rule_for(mode, n, options, pos, p)?;
    let discounts = tiers.into_iter().map(|(pct, d, _)| Discount::percent(pct, tier_rule(mode, d, options))).collect();
    Ok(TermLine::balance(due).with_discounts(discounts))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Immediate,
    Days(i32),
    UsEom(i32),
    UkEom(i32),
    Dffm(i32),
    Prox(u8),
    Mfi(u8),
}

fn classify(steps: &[Step]) -> Option<Shape> {
    let ok = |n: i32| (0..=MAX_NOTATION_DAYS).contains(&n);
    match *steps {
        [] => Some(Shape::Immediate),
        [Step::AddDays(n)] if ok(n) => Some(Shape::Days(n)),
        [Step::EndOfMonth, Step::AddDays(n)] if ok(n) => Some(Shape::UsEom(n)),
        [Step::AddMonths(k), Step::EndOfMonth] if k >= 1 && ok(k.saturating_mul(30)) => Some(Shape::UkEom(k)),
        [Step::AddDays(n), Step::EndOfMonth] if ok(n) => Some(Shape::Dffm(n)),
        [Step::EndOfMonth, Step::NextDayOfMonth(d)] if (1..=31).contains(&d) => Some(Shape::Prox(d)),
        [Step::AddMonths(1), Step::SetDay(d)] if (1..=31).contains(&d) => Some(Shape::Mfi(d)),
        _ => None,
    }
}
