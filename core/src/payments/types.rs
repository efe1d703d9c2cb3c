//! The values of an allocation: open items and their installments, the payment, the options,
//! and what the payment did to each item.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::calendar::serde::date;
use crate::money::serde::{amount, opt_amount};
use crate::money::RoundingMode;
use crate::terms::InstallmentDiscount;

/// One installment of an open item: its due date, its amount on the schedule, what is still
/// open of it, and the discount tiers it earns (as [`crate::schedule()`] lists them).
///
/// JSON: `{"due_date": "2026-01-31", "amount": "300.00", "open": "120.00", "discounts": [...]}`;
/// `open` defaults to `amount`, `discounts` to none.
///
/// ```
/// use arrears::payments::ItemInstallment;
/// let i: ItemInstallment = arrears::from_json(r#"{"due_date": "2026-01-31", "amount": "300.00"}"#)?;
/// assert_eq!(i.open_amount().to_string(), "300.00");
/// # Ok::<(), arrears::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemInstallment {
    /// The due date.
    #[serde(with = "date")]
    pub due_date: NaiveDate,
    /// The installment's amount on the schedule (the base its discount tiers were computed on).
    #[serde(with = "amount")]
    pub amount: Decimal,
    /// What is still open of it (default: `amount`).
    #[serde(default, with = "opt_amount", skip_serializing_if = "Option::is_none")]
    pub open: Option<Decimal>,
    /// The discount tiers (deadline, discount, payable), as a schedule lists them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub discounts: Vec<InstallmentDiscount>,
}

impl ItemInstallment {
    /// An installment of `amount` due on `due_date`, fully open, without discounts.
    ///
    /// ```
    /// let i = arrears::payments::ItemInstallment::new(arrears::parse_date("d", "2026-01-31")?, "30.00".parse().unwrap());
    /// assert!(i.open.is_none() && i.discounts.is_empty());
    /// # Ok::<(), arrears::Error>(())
    /// ```
    pub fn new(due_date: NaiveDate, amount: Decimal) -> ItemInstallment {
        ItemInstallment { due_date, amount, open: None, discounts: Vec::new() }
    }

    /// What is open: `open`, or the whole amount.
    ///
    /// ```
    /// let mut i = arrears::payments::ItemInstallment::new(arrears::parse_date("d", "2026-01-31")?, "30.00".parse().unwrap());
    /// i.open = Some("10.00".parse().unwrap());
    /// assert_eq!(i.open_amount().to_string(), "10.00");
    /// # Ok::<(), arrears::Error>(())
    /// ```
    pub fn open_amount(&self) -> Decimal {
        self.open.unwrap_or(self.amount)
    }
}

/// An open item a payment can settle: an invoice (its installments), with the late fees and
/// interest charged on it.
///
/// JSON: `{"id": "INV-1", "currency": "EUR", "invoice_date": "2026-01-01", "installments": [...],
/// "fees": "40.00", "interest": "3.20", "secured": false, "rate": "9.12"}`; `fees` and `interest`
/// default to zero; `secured` (the debt has a security) and `rate` (its annual interest rate, the
/// measure of how burdensome it is) matter only to the statutory presets.
///
/// ```
/// use arrears::payments::PaymentItem;
/// let item: PaymentItem = arrears::from_json(r#"{"id": "INV-1", "currency": "EUR",
///     "invoice_date": "2026-01-01", "installments": [{"due_date": "2026-01-31", "amount": "100.00"}]}"#)?;
/// assert_eq!(item.open_total().to_string(), "100.00");
/// # Ok::<(), arrears::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaymentItem {
    /// The item's id (unique among the items of one allocation).
    pub id: String,
    /// ISO 4217 code.
    pub currency: String,
    /// The invoice (issue) date.
    #[serde(with = "date")]
    pub invoice_date: NaiveDate,
    /// The installments (at least one).
    pub installments: Vec<ItemInstallment>,
    /// Open costs and fees charged on the item.
    #[serde(default, with = "amount")]
    pub fees: Decimal,
    /// Open interest charged on the item.
    #[serde(default, with = "amount")]
    pub interest: Decimal,
    /// Whether the debt is secured (statutory presets pay the less secured first).
    #[serde(default)]
    pub secured: bool,
    /// The debt's annual interest rate in percent (statutory presets pay the more burdensome first).
    #[serde(default, with = "opt_amount", skip_serializing_if = "Option::is_none")]
    pub rate: Option<Decimal>,
    /// The tax included in the installments' amounts: the discount taken is then split into its
    /// net and tax parts by the tax share (`discount_tax` in the result).
    #[serde(default, with = "opt_amount", skip_serializing_if = "Option::is_none")]
    pub tax: Option<Decimal>,
    /// The company (accounting) currency the item is booked in, with `invoice_rate`: the
    /// allocation then reports the item's `exchange_difference` at the payment's rate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_currency: Option<String>,
    /// The invoice's rate: company units per unit of the item's currency (with
    /// `company_currency`).
    #[serde(default, with = "opt_amount", skip_serializing_if = "Option::is_none")]
    pub invoice_rate: Option<Decimal>,
}

impl PaymentItem {
    /// An item of one installment, without fees, interest or discounts.
    ///
    /// ```
    /// use arrears::{parse_date, payments::PaymentItem};
    /// let item = PaymentItem::single("INV-1", "EUR", parse_date("d", "2026-01-01")?,
    ///                                parse_date("d", "2026-01-31")?, "100.00".parse().unwrap());
    /// assert_eq!(item.installments.len(), 1);
    /// # Ok::<(), arrears::Error>(())
    /// ```
    pub fn single(id: &str, currency: &str, invoice_date: NaiveDate, due_date: NaiveDate, amount: Decimal) -> Self {
        PaymentItem {
            id: id.to_string(),
            currency: currency.to_string(),
            invoice_date,
            installments: vec![ItemInstallment::new(due_date, amount)],
            fees: Decimal::ZERO,
            interest: Decimal::ZERO,
            secured: false,
            rate: None,
            tax: None,
            company_currency: None,
            invoice_rate: None,
        }
    }

    /// Fees, interest and every installment's open amount (before any discount).
    ///
    /// ```
    /// use arrears::{parse_date, payments::PaymentItem};
    /// let mut item = PaymentItem::single("INV-1", "EUR", parse_date("d", "2026-01-01")?,
    ///                                    parse_date("d", "2026-01-31")?, "100.00".parse().unwrap());
    /// item.fees = "40.00".parse().unwrap();
    /// assert_eq!(item.open_total().to_string(), "140.00");
    /// # Ok::<(), arrears::Error>(())
    /// ```
    pub fn open_total(&self) -> Decimal {
        self.installments.iter().fold(self.fees + self.interest, |s, i| s + i.open_amount())
    }

    /// The earliest due date among the installments still open (or among all of them when none
    /// is): the item's due date for `oldest_first`.
    ///
    /// ```
    /// use arrears::{parse_date, payments::PaymentItem};
    /// let item = PaymentItem::single("INV-1", "EUR", parse_date("d", "2026-01-01")?,
    ///                                parse_date("d", "2026-01-31")?, "100.00".parse().unwrap());
    /// assert_eq!(item.due_date().to_string(), "2026-01-31");
    /// # Ok::<(), arrears::Error>(())
    /// ```
    pub fn due_date(&self) -> NaiveDate {
        let open = self.installments.iter().filter(|i| !i.open_amount().is_zero()).map(|i| i.due_date).min();
        open.or_else(|| self.installments.iter().map(|i| i.due_date).min()).unwrap_or(self.invoice_date)
    }
}

/// The order in which a payment reaches the open items.
///
/// JSON: `"oldest_first"` (default), `"specified"`, `"proportional"`, `"largest_first"`,
/// `"smallest_first"`, and the statutory presets `"de_bgb_366"`, `"it_cc_1193"`, `"ru_gk_319"`.
///
/// ```
/// use arrears::payments::Strategy;
/// let s: Strategy = arrears::from_json(r#""de_bgb_366""#)?;
/// assert_eq!(s, Strategy::DeBgb366);
/// assert_eq!(Strategy::default(), Strategy::OldestFirst);
/// # Ok::<(), arrears::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Strategy {
    /// Installment by installment over all items: the earliest due date first, then the earlier
    /// invoice date, then the smaller id (an invoice's installments interleave with others').
    #[default]
    OldestFirst,
    /// The caller's order: the options' `order` of ids, or the items' order when it is empty.
    Specified,
    /// Every item gets a share in proportion to what settles it on the payment date.
    Proportional,
    /// The largest open total first (ties: oldest first).
    LargestFirst,
    /// The smallest open total first (ties: oldest first).
    SmallestFirst,
    /// BGB §366(2) with §367: due debts first, then the less secured, the more burdensome (higher
    /// `rate`), the older (earlier invoice date), then pro rata; in each item costs, interest,
    /// principal.
    #[serde(rename = "de_bgb_366")]
    DeBgb366,
    /// Codice civile art. 1193 with 1194: the same order as BGB §366 (due, less secured, more
    /// burdensome, older, then pro rata); interest and costs before principal.
    #[serde(rename = "it_cc_1193")]
    ItCc1193,
    /// ГК РФ art. 319 and 319.1: due debts first, the unsecured before the secured, the earlier
    /// due date first (not yet due: the earlier invoice date), equal ones pro rata; in each item
    /// costs, then principal, then the default interest of art. 395 (paid after the principal).
    #[serde(rename = "ru_gk_319")]
    RuGk319,
}

/// The order of the parts inside one item.
///
/// JSON: `"fees_interest_principal"` (default: BGB §367, Codice civile 1194, ГК 319),
/// `"fees_principal_interest"` (ГК 319 with art. 395 interest), `"principal_first"`
/// (principal, then fees, then interest).
///
/// ```
/// let w: arrears::payments::Within = arrears::from_json(r#""principal_first""#)?;
/// assert_eq!(w, arrears::payments::Within::PrincipalFirst);
/// # Ok::<(), arrears::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Within {
    /// Costs and fees, then interest, then principal.
    #[default]
    FeesInterestPrincipal,
    /// Costs and fees, then principal, then interest.
    FeesPrincipalInterest,
    /// Principal, then fees, then interest.
    PrincipalFirst,
}

pub use crate::terms::discount::GrossInWindow;

/// A short payment small enough to write off: at most `amount`, and at most `percent` % of the
/// item's open total before the payment (when both are given, both limits hold). Off by default.
///
/// JSON: `{"amount": "0.05", "percent": "1"}` (either may be omitted).
///
/// ```
/// let t: arrears::payments::Tolerance = arrears::from_json(r#"{"amount": "0.05"}"#)?;
/// assert!(t.percent.is_none());
/// # Ok::<(), arrears::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tolerance {
    /// The largest rest written off.
    #[serde(default, with = "opt_amount", skip_serializing_if = "Option::is_none")]
    pub amount: Option<Decimal>,
    /// The largest rest written off, as a percent of the item's open total.
    #[serde(default, with = "opt_amount", skip_serializing_if = "Option::is_none")]
    pub percent: Option<Decimal>,
}

/// How a payment is allocated.
///
/// ```
/// let o = arrears::payments::AllocationOptions::default();
/// assert_eq!(o.strategy, arrears::payments::Strategy::OldestFirst);
/// assert!(o.tolerance.is_none() && o.order.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AllocationOptions {
    /// The order among items.
    pub strategy: Strategy,
    /// With [`Strategy::Specified`]: the ids in the order to pay (items not listed get nothing);
    /// empty: the items' own order. Other strategies read no order: one given there is an error.
    pub order: Vec<String>,
    /// The order inside an item (the presets set their own).
    pub within: Option<Within>,
    /// Gross payment inside a discount window.
    pub gross_in_window: GrossInWindow,
    /// The write-off tolerance (none by default).
    pub tolerance: Option<Tolerance>,
    /// The rounding mode of computed figures (a partial payment's discount).
    pub rounding: RoundingMode,
    /// A precision override for the currency.
    pub precision: Option<u32>,
}

/// What a payment did to one installment.
///
/// JSON: `{"due_date": "2026-01-31", "principal": "30.00", "discount": "0.00", "write_off": "0.00", "open_after": "0.00"}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct InstallmentAllocation {
    /// The installment's due date.
    #[serde(with = "date")]
    pub due_date: NaiveDate,
    /// Cash applied to it.
    #[serde(with = "amount")]
    pub principal: Decimal,
    /// Discount taken on it.
    #[serde(with = "amount")]
    pub discount: Decimal,
    /// Rest written off under the tolerance.
    #[serde(with = "amount")]
    pub write_off: Decimal,
    /// What stays open of it.
    #[serde(with = "amount")]
    pub open_after: Decimal,
}

/// What a payment did to one item: cash to fees, interest and principal, discount taken, rest
/// written off, what stays open, and each installment.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ItemAllocation {
    /// The item's id.
    pub id: String,
    /// Cash applied to fees.
    #[serde(with = "amount")]
    pub fees: Decimal,
    /// Cash applied to interest.
    #[serde(with = "amount")]
    pub interest: Decimal,
    /// Cash applied to principal (the installments).
    #[serde(with = "amount")]
    pub principal: Decimal,
    /// Discount taken.
    #[serde(with = "amount")]
    pub discount: Decimal,
    /// The tax part of the discount (the item's tax share of it, rounded), when the item gives
    /// its `tax`: the tax correction to book; the net part is `discount - discount_tax`.
    #[serde(default, with = "opt_amount", skip_serializing_if = "Option::is_none")]
    pub discount_tax: Option<Decimal>,
    /// For an item booked in a company currency: the exchange difference of the cash applied to
    /// it (fees, interest and principal), in the company currency: its company amount at the
    /// payment's rate less its company amount at the invoice's rate, each rounded
    /// ([`super::exchange_difference`]); positive is a gain, negative a loss. Zero when no cash
    /// reached the item.
    #[serde(default, with = "opt_amount", skip_serializing_if = "Option::is_none")]
    pub exchange_difference: Option<Decimal>,
    /// Rest written off under the tolerance (fees, interest and principal).
    #[serde(with = "amount")]
    pub write_off: Decimal,
    /// What stays open: fees, interest and principal.
    #[serde(with = "amount")]
    pub open_after: Decimal,
    /// Each installment, in the item's order.
    pub installments: Vec<InstallmentAllocation>,
}

/// The allocation of one payment: each item (in the request's order) and the unapplied rest.
/// `applied + unapplied == payment`, exactly.
///
/// JSON: `{"currency", "date", "payment", "applied", "unapplied", "discount", "write_off", "items": [...]}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Allocation {
    /// ISO 4217 code.
    pub currency: String,
    /// The payment date.
    #[serde(with = "date")]
    pub date: NaiveDate,
    /// The payment.
    #[serde(with = "amount")]
    pub payment: Decimal,
    /// Cash applied to the items.
    #[serde(with = "amount")]
    pub applied: Decimal,
    /// Cash left over: credit on the customer's account.
    #[serde(with = "amount")]
    pub unapplied: Decimal,
    /// Discounts taken, in all.
    #[serde(with = "amount")]
    pub discount: Decimal,
    /// Rests written off, in all.
    #[serde(with = "amount")]
    pub write_off: Decimal,
    /// Each item, in the request's order.
    pub items: Vec<ItemAllocation>,
}
