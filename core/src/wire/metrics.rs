//! Wire operations of the receivables metrics: DSO, CEI, payment timing, allowance, roll rates
//! and the cash forecast (see [`crate::wire`]).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::value_json;
use crate::calendar::serde::{date, opt_date};
use crate::error::{Error, ErrorKind, Result};
use crate::metrics::{self, CeiVariant, ForecastItem, ForecastPeriod, MonthDays, PaidItem};
use crate::money::serde::{amount, amount_list, opt_amount};
use crate::money::{Rounding, RoundingMode};
use crate::serde_forms::{from_json, to_json};

const fn default_decimals() -> u32 {
    2
}

/// `receivables_basis` of the `dso` operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReceivablesBasis {
    /// The ending receivables (default).
    #[default]
    Ending,
    /// The average of beginning and ending receivables.
    Average,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DsoRequest {
    #[serde(with = "amount")]
    receivables: Decimal,
    #[serde(default, with = "opt_amount")]
    beginning_receivables: Option<Decimal>,
    #[serde(default)]
    receivables_basis: ReceivablesBasis,
    #[serde(with = "amount")]
    credit_sales: Decimal,
    days: u32,
    #[serde(default = "default_decimals")]
    decimals: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CountbackRequest {
    #[serde(with = "amount")]
    receivables: Decimal,
    #[serde(with = "amount_list")]
    monthly_sales: Vec<Decimal>,
    #[serde(default)]
    month_days: MonthDays,
    #[serde(default, with = "opt_date")]
    as_of: Option<NaiveDate>,
    #[serde(default = "default_decimals")]
    decimals: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BestPossibleRequest {
    #[serde(with = "amount")]
    current_receivables: Decimal,
    #[serde(default, with = "opt_amount")]
    total_receivables: Option<Decimal>,
    #[serde(with = "amount")]
    credit_sales: Decimal,
    days: u32,
    #[serde(default = "default_decimals")]
    decimals: u32,
}

/// `sales_basis` of the `cei` operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SalesBasis {
    /// The period's credit sales (default).
    #[default]
    Period,
    /// The period's credit sales ÷ `months`.
    MonthlyAverage,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CeiRequest {
    #[serde(with = "amount")]
    beginning_receivables: Decimal,
    #[serde(with = "amount")]
    credit_sales: Decimal,
    #[serde(with = "amount")]
    ending_receivables: Decimal,
    #[serde(with = "amount")]
    ending_current_receivables: Decimal,
    #[serde(default)]
    sales_basis: SalesBasis,
    #[serde(default)]
    months: Option<u32>,
    #[serde(default = "default_decimals")]
    decimals: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TimingRequest {
    paid: Vec<PaidItem>,
    #[serde(default = "default_decimals")]
    decimals: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AllowanceRequest {
    currency: String,
    #[serde(with = "amount_list")]
    buckets: Vec<Decimal>,
    #[serde(with = "amount_list")]
    percents: Vec<Decimal>,
    #[serde(default)]
    rounding: RoundingMode,
    #[serde(default)]
    precision: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RollRequest {
    #[serde(with = "amount_list")]
    previous: Vec<Decimal>,
    #[serde(with = "amount_list")]
    current: Vec<Decimal>,
    #[serde(default = "default_decimals")]
    decimals: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ForecastRequest {
    #[serde(with = "date")]
    as_of: NaiveDate,
    #[serde(default)]
    period: ForecastPeriod,
    horizon: u32,
    #[serde(default)]
    default_days_late: i64,
    open: Vec<ForecastItem>,
    #[serde(default)]
    history: Vec<PaidItem>,
}

/// The operations of this file, for [`super::call_json`].
pub(super) const OPS: &[super::Operation] = &[
    ("dso", op_dso),
    ("countback_dso", op_countback_dso),
    ("best_possible_dso", op_best_possible_dso),
    ("cei", op_cei),
    ("payment_timing", op_payment_timing),
    ("allowance", op_allowance),
    ("roll_rates", op_roll_rates),
    ("cash_forecast", op_cash_forecast),
];

fn op_dso(request: &str) -> Result<String> {
    let r: DsoRequest = from_json(request)?;
    let ar = match (r.receivables_basis, r.beginning_receivables) {
        (ReceivablesBasis::Ending, None) => r.receivables,
        (ReceivablesBasis::Average, Some(b)) => metrics::average_receivables(b, r.receivables),
        (ReceivablesBasis::Ending, Some(b)) => {
            return Err(Error::new(
                ErrorKind::InvalidRequest,
                "beginning_receivables",
                b.to_string(),
                "only used with \"receivables_basis\": \"average\"; say which DSO you mean",
            ))
        }
        (ReceivablesBasis::Average, None) => {
            return Err(Error::new(
                ErrorKind::InvalidRequest,
                "beginning_receivables",
                "null",
                "average receivables need the beginning receivables",
            ))
        }
    };
    let d = metrics::dso(ar, r.credit_sales, r.days, r.decimals)?;
    Ok(value_json(serde_json::json!({ "dso": d.to_string() })))
}

fn op_countback_dso(request: &str) -> Result<String> {
    let r: CountbackRequest = from_json(request)?;
    let c = metrics::countback_dso(r.receivables, &r.monthly_sales, r.month_days, r.as_of, r.decimals)?;
    Ok(to_json(&c))
}

fn op_best_possible_dso(request: &str) -> Result<String> {
    let r: BestPossibleRequest = from_json(request)?;
    let bp = metrics::best_possible_dso_exact(r.current_receivables, r.credit_sales, r.days)?;
    let mut out = serde_json::json!({ "best_possible_dso": metrics::round_ratio(bp, r.decimals)?.to_string() });
    if let Some(total) = r.total_receivables {
        if total < r.current_receivables {
            return Err(Error::new(
                ErrorKind::InvalidAmount,
                "total_receivables",
                total.to_string(),
                format!("the total cannot be below the current receivables ({})", r.current_receivables),
            ));
        }
        // ADD = DSO - BPDSO of the exact figures, each rounded once
        let d = metrics::dso_exact(total, r.credit_sales, r.days)?;
        out["dso"] = metrics::round_ratio(d, r.decimals)?.to_string().into();
        out["average_days_delinquent"] = metrics::round_ratio(d - bp, r.decimals)?.to_string().into();
    }
    Ok(value_json(out))
}

fn op_cei(request: &str) -> Result<String> {
    let r: CeiRequest = from_json(request)?;
    let variant = match (r.sales_basis, r.months) {
        (SalesBasis::Period, None) => CeiVariant::Period,
        (SalesBasis::MonthlyAverage, Some(months)) => CeiVariant::MonthlyAverage { months },
        (SalesBasis::Period, Some(m)) => {
            return Err(Error::new(
                ErrorKind::InvalidRequest,
                "months",
                m.to_string(),
                "only used with \"sales_basis\": \"monthly_average\"",
            ))
        }
        (SalesBasis::MonthlyAverage, None) => {
            return Err(Error::new(
                ErrorKind::InvalidRequest,
                "months",
                "null",
                "the monthly average needs the number of months",
            ))
        }
    };
    let c = metrics::cei(
        r.beginning_receivables,
        r.credit_sales,
        r.ending_receivables,
        r.ending_current_receivables,
        variant,
        r.decimals,
    )?;
    Ok(value_json(serde_json::json!({ "cei": c.to_string() })))
}

fn op_payment_timing(request: &str) -> Result<String> {
    let r: TimingRequest = from_json(request)?;
    Ok(to_json(&metrics::payment_timing(&r.paid, r.decimals)?))
}

fn op_allowance(request: &str) -> Result<String> {
    let r: AllowanceRequest = from_json(request)?;
    let rounding = Rounding { mode: r.rounding, precision: r.precision, cash_increment: None };
    let (parts, total) = metrics::allowance(&r.buckets, &r.percents, &r.currency, &rounding)?;
    let parts: Vec<String> = parts.iter().map(|p| p.to_string()).collect();
    Ok(value_json(serde_json::json!({ "currency": r.currency, "parts": parts, "total": total.to_string() })))
}

fn op_roll_rates(request: &str) -> Result<String> {
    let r: RollRequest = from_json(request)?;
    let rates: Vec<Option<String>> =
        metrics::roll_rates(&r.previous, &r.current, r.decimals)?.iter().map(|x| x.map(|d| d.to_string())).collect();
    Ok(value_json(serde_json::json!({ "rates": rates })))
}

fn op_cash_forecast(request: &str) -> Result<String> {
    let r: ForecastRequest = from_json(request)?;
    let f = metrics::cash_forecast(&r.open, &r.history, r.as_of, r.period, r.horizon, r.default_days_late)?;
    Ok(to_json(&f))
}
