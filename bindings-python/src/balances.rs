//! `open_balances_arrow`: each customer's open balance per currency from an Arrow table of open
//! items, by the core's [`open_balances`]. Conversion only: the columns are read as
//! `allocate_arrow` reads its items (customer codes, currency indices, minor units; a decimal
//! column of one chunk at the currencies' scale is read in place, no 64-bit copy), the result
//! laid out as a table (customer ids as the caller wrote them, currency codes, balances).

use arrears::payments::open_balances;
use arrears::{Error, ErrorKind, Rounding};

use crate::allocate::{customer_codes, read_table, widen, CodeArgs, CustomerNames, Names};
use crate::arrow::{decimal64, ExportBatch, ExportColumn, ImportedStream};
use crate::interest::read::{shown, Codes};
use crate::{bad, AGING_MAX_SCALE};

/// Column names and options of an `open_balances_arrow` call.
pub struct BalanceArgs {
    pub customer: String,
    pub currency: String,
    /// One currency for every row (no currency column read).
    pub currency_code: Option<String>,
    pub open_amount: String,
    pub amount_scale: Option<u32>,
    /// Balances as decimal64(18, s) instead of decimal128(38, s).
    pub decimal64: bool,
    pub threads: usize,
}

/// The open balances of the items of `inv`: one row per customer and currency with a balance
/// above zero (`customer`, `currency`, `balance`), in the order of the customers' codes.
pub fn balance_stream(inv: &ImportedStream, args: &BalanceArgs) -> Result<ExportBatch, Error> {
    let rounding = Rounding::default();
    let mut codes = Codes::new(&rounding);
    if let Some(c) = &args.currency_code {
        codes.index(c.as_bytes(), || "currency_code".to_string())?;
    }
    let names = Names {
        table: "items",
        bare: true,
        customer: &args.customer,
        currency: &args.currency,
        date: None,
        amount: &args.open_amount,
        scale: args.amount_scale,
        id: None,
        in_place: true,
    };
    let items = read_table(inv, &names, &mut codes, args.currency_code.is_some(), args.threads)?;
    let code_args = CodeArgs { customer: &args.customer, receipt_customer: &args.customer, threads: args.threads };
    let (customer, _, customer_names) = customer_codes(&items.customers, &[], &code_args)?;
    let out = match items.wide {
        Some(wide) => open_balances(&customer, &items.currency, wide, args.threads),
        None => open_balances(&customer, &items.currency, &items.amount, args.threads),
    };
    let out = out.map_err(|e| {
        // the kernel's row and minor units in the caller's column and decimals
        let row = e.field().strip_prefix("items[").and_then(|r| r.strip_suffix("].open"));
        match row.and_then(|r| r.parse::<usize>().ok()) {
            Some(r) => {
                let scale = items.currency.get(r).and_then(|&k| codes.scales.get(usize::from(k))).copied();
                let raw = match items.wide {
                    Some(wide) => wide.get(r).copied(),
                    None => items.amount.get(r).map(|&v| i128::from(v)),
                };
                let value = raw.map_or_else(|| e.value().to_string(), |v| shown(v, scale.unwrap_or(0)));
                Error::new(e.kind(), format!("items[{r}].{}", args.open_amount), value, e.reason())
            }
            None => e,
        }
    })?;
    let n = out.balance.len();
    let customers = match &customer_names {
        CustomerNames::Ints(ids) => {
            let ints: Option<Vec<i64>> =
                out.customer.iter().map(|&c| ids.get(c as usize).and_then(|&v| i64::try_from(v).ok())).collect();
            let ints = ints.ok_or_else(|| bad(ErrorKind::Overflow, &args.customer, "", "an id beyond int64"))?;
            ExportColumn::Int64(ints)
        }
        names => {
            let (mut offsets, mut data) = (Vec::with_capacity(n + 1), Vec::new());
            offsets.push(0i32);
            for &c in &out.customer {
                data.extend_from_slice(names.get(c as usize).as_bytes());
                let end = i32::try_from(data.len())
                    .map_err(|_| bad(ErrorKind::LimitExceeded, &args.customer, "", "ids of more than 2 GB"))?;
                offsets.push(end);
            }
            ExportColumn::Utf8Raw { offsets, data }
        }
    };
    let top = codes.scales.iter().copied().max().unwrap_or(2).min(AGING_MAX_SCALE);
    let balance = if args.decimal64 {
        let cur = |i: usize| usize::from(out.currency.get(i).copied().unwrap_or(0));
        decimal64("balance", out.balance, cur, |i| i, (&codes.codes, &codes.scales), top)?
    } else {
        let up: Vec<i128> = codes.scales.iter().map(|&s| 10i128.pow(top.saturating_sub(s))).collect();
        ExportColumn::Decimal { values: widen(&out.balance, &out.currency, &up, 1), scale: top }
    };
    let currency = ExportColumn::Utf8Indexed { names: codes.codes.clone(), index: out.currency };
    Ok(ExportBatch {
        columns: vec![("customer".into(), customers), ("currency".into(), currency), ("balance".into(), balance)],
        len: n,
    })
}
