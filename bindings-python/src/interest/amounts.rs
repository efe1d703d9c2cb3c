//! The invoices' currencies (indices into the codes seen) and amounts (minor units of each row's
//! currency) of one batch: of every row, or of the selected rows only, gathered on two threads
//! for a large selection.

use arrears::aging::pack_code;
use arrears::{Error, ErrorKind};

use super::read::{amount_scale, currencies, decimals, narrow, raw_amount, rescale, Codes, Col, Invoices};
use super::InterestArgs;
use crate::arrow::{Column, Values};
use crate::bad;

/// No code's packing ([`pack_code`] gives a length of 0 to 3, or `u32::MAX`, in the low byte).
const NO_CODE: u32 = 0xffff_fffe;

/// The currency index and the amount in minor units of the selected rows of a batch only
/// (`sel`: their rows, from `offset` on): appended one per selected row when the invoices are
/// `gathered` (with their due dates, from `due`), else at their rows, the other rows staying 0,
/// which the kernel, given the selection, never reads. A ledger's filter (the overdue invoices)
/// keeps a fraction of its rows: the others' codes and amounts are not looked at.
pub(super) fn selected_currencies_and_amounts(
    inv: &mut Invoices<'_>,
    codes: &mut Codes<'_>,
    (cur, amount, due): (Option<(&Column<'_>, &str)>, &Column<'_>, &[i32]),
    n: usize,
    offset: usize,
    sel: &[u32],
    args: &InterestArgs,
) -> Result<(), Error> {
    let first = inv.currency.len();
    let have = amount_scale(amount, &args.amount, args.amount_scale)?;
    let gather = inv.gathered;
    if !gather && first == 0 {
        // zeroed memory from the allocator: the rows not selected cost no write
        (inv.currency, inv.amount) = (vec![0; n], vec![0; n]);
    } else if !gather {
        inv.currency.resize(first + n, 0);
        inv.amount.resize(first + n, 0);
    }
    let (cur_out, amount_out, due_out) = (&mut inv.currency, &mut inv.amount, &mut inv.due_gathered);
    let mut known: Vec<Option<u16>> = Vec::new();
    if let Some((c, name)) = cur {
        if let Some((i, v, size)) = c.first_bad_index() {
            return Err(bad(
                ErrorKind::InvalidRequest,
                &Col::bare("invoices", name).row(offset + i),
                v.to_string(),
                format!("a dictionary index outside its dictionary of {size} values"),
            ));
        }
        match &c.values {
            Values::Dict { values, .. } => known = vec![None; values.len],
            _ if c.is_string() => {}
            _ => {
                return Err(bad(ErrorKind::InvalidRequest, name, c.type_name.clone(), "currency codes must be strings"))
            }
        }
    }
    // row i's currency index and minor units, new codes looked up (`codes` grows) and errors named
    let full = |i: usize, codes: &mut Codes<'_>, known: &mut Vec<Option<u16>>| -> Result<(u16, i64), Error> {
        let k = match cur {
            None => 0,
            Some((c, name)) => {
                let field = || Col::bare("invoices", name).row(offset + i);
                match &c.values {
                    Values::Dict { indices, values } => {
                        let j = indices.int_at(i).unwrap_or(0) as usize;
                        match known[j] {
                            Some(k) => k,
                            None => {
                                let k = codes.index(values.str_at(j).unwrap_or(b""), field)?;
                                known[j] = Some(k);
                                k
                            }
                        }
                    }
                    _ => {
                        let s = c.str_at(i).unwrap_or(b"");
                        let p = pack_code(s);
                        match codes.packed.iter().position(|&x| x == p) {
                            Some(k) if p != u32::MAX => k as u16,
                            _ => codes.index(s, field)?,
                        }
                    }
                }
            }
        };
        let ku = usize::from(k);
        let field = || Col::bare("invoices", &args.amount).row(offset + i);
        Ok((k, rescale(raw_amount(amount, i), have, codes.scales[ku], field, &codes.codes[ku])?))
    };
    if gather {
        // one entry per selected row: the rows after the first few on two threads with the
        // codes seen so far; a thread stops at a row needing more (a new code, an error), which
        // then continues here in row order, so codes are numbered and errors found as in one pass
        let (start, count) = (cur_out.len(), sel.len());
        if start == 0 {
            // zeroed memory the system hands out lazily: each page first touched by the thread
            // that writes it, no pass over it here
            (*cur_out, *amount_out, *due_out) = (vec![0; count], vec![0; count], vec![0; count]);
        } else {
            cur_out.resize(start + count, 0);
            amount_out.resize(start + count, 0);
            due_out.resize(start + count, 0);
        }
        let (cur_out, amount_out, due_out) = (&mut cur_out[start..], &mut amount_out[start..], &mut due_out[start..]);
        let head = if count >= 100_000 && args.threads != 1 { 4096 } else { count };
        let mid = head + (count - head) / 2;
        let mut stops = [count; 2];
        for t in 0..head {
            due_out[t] = due[sel[t] as usize - offset];
            (cur_out[t], amount_out[t]) = full(sel[t] as usize - offset, codes, &mut known)?;
        }
        if head < count {
            let quick = |i: usize, codes: &Codes<'_>, known: &[Option<u16>]| -> Option<(u16, i64)> {
                let k = match cur {
                    None => 0,
                    Some((c, _)) => match &c.values {
                        Values::Dict { indices, .. } => known[indices.int_at(i).unwrap_or(0) as usize]?,
                        _ => {
                            let p = pack_code(c.str_at(i).unwrap_or(b""));
                            (p != u32::MAX).then_some(())?;
                            codes.packed.iter().position(|&x| x == p)? as u16
                        }
                    },
                };
                let ku = usize::from(k);
                rescale(raw_amount(amount, i), have, codes.scales[ku], String::new, "").ok().map(|v| (k, v))
            };
            let part = |from: usize, cur_out: &mut [u16], amount_out: &mut [i64], due_out: &mut [i32]| -> usize {
                for (t, d) in due_out.iter_mut().enumerate() {
                    *d = due[sel[from + t] as usize - offset];
                }
                let layouts = (cur.map(|c| &c.0.values), &amount.values);
                if let (Some(Values::Utf8 { offsets, data }), Values::Decimal { values, .. }) = layouts {
                    // plain codes and decimals at the currencies' scale (the usual tables): no
                    // layout to look at a row, and the code found without a branch (rows mix
                    // currencies at random: a branch a code would be mispredicted about once a
                    // row); a code not usable here (another scale, over 3 bytes) is no row's
                    let usable: Vec<u32> = (codes.packed.iter().zip(&codes.scales))
                        .map(|(&p, &s)| if s == have && p != u32::MAX { p } else { NO_CODE })
                        .collect();
                    for t in 0..cur_out.len() {
                        let i = sel[from + t] as usize - offset;
                        let p = pack_code(&data[offsets[i] as usize..offsets[i + 1] as usize]);
                        let k = usable.iter().enumerate().fold(usize::MAX, |k, (j, &x)| if x == p { j } else { k });
                        let v = values[i];
                        if k == usize::MAX || v != i128::from(v as i64) {
                            return from + t;
                        }
                        (cur_out[t], amount_out[t]) = (k as u16, v as i64);
                    }
                    return from + cur_out.len();
                }
                for t in 0..cur_out.len() {
                    match quick(sel[from + t] as usize - offset, codes, &known) {
                        Some((k, v)) => (cur_out[t], amount_out[t]) = (k, v),
                        None => return from + t,
                    }
                }
                from + cur_out.len()
            };
            let (c_head, c_tail) = cur_out[head..].split_at_mut(mid - head);
            let (a_head, a_tail) = amount_out[head..].split_at_mut(mid - head);
            let (d_head, d_tail) = due_out[head..].split_at_mut(mid - head);
            stops = std::thread::scope(|s| {
                let tail = s.spawn(|| part(mid, c_tail, a_tail, d_tail));
                let first = part(head, c_head, a_head, d_head);
                [first, tail.join().unwrap_or_else(|e| std::panic::resume_unwind(e))]
            });
        }
        for (stop, end) in stops.into_iter().zip([mid, count]) {
            for t in stop..end {
                (cur_out[t], amount_out[t]) = full(sel[t] as usize - offset, codes, &mut known)?;
            }
        }
        return Ok(());
    }
    for &r in sel {
        let i = r as usize - offset;
        let (k, minor) = full(i, codes, &mut known)?;
        cur_out[first + i] = k;
        amount_out[first + i] = minor;
    }
    Ok(())
}

/// The currency index and the amount in minor units of each of the `n` rows of a batch; a
/// lone batch's decimal128 amounts at every currency's scale are left in place
/// ([`Invoices::wide`]: the kernel reads them, checking that each fits 64 bits in its own pass).
pub(super) fn currencies_and_amounts<'a>(
    inv: &mut Invoices<'a>,
    codes: &mut Codes<'_>,
    (cur, amount): (Option<(&Column<'_>, &str)>, &Column<'a>),
    (n, only): (usize, bool),
    offset: usize,
    args: &InterestArgs,
) -> Result<(), Error> {
    let first = inv.currency.len();
    let have = amount_scale(amount, &args.amount, args.amount_scale)?;
    let dec = decimals(amount, n);
    let read = |out: &mut Vec<u16>, codes: &mut Codes<'_>, threads: usize| match cur {
        Some((c, cur_name)) => currencies(c, n, codes, (Col::bare("invoices", cur_name), threads), offset, out),
        None => {
            out.resize(first + n, 0);
            Ok(())
        }
    };
    let in_place = only && dec.is_some();
    if in_place {
        // the codes on every core, then the amounts left where they are
        read(&mut inv.currency, codes, args.threads)?;
        if codes.scales.iter().all(|&s| s == have) {
            inv.wide = dec;
            return Ok(());
        }
    }
    // decimals narrowed on another thread while the currencies are read (used when every
    // currency has the column's scale, the common case)
    let narrowed = match dec {
        // (read above: some currency has another scale, each amount is rescaled below)
        _ if in_place => None,
        Some(v) if n >= 100_000 => {
            let (read, narrowed) = std::thread::scope(|scope| {
                let narrowing = scope.spawn(move || narrow(v));
                let read = read(&mut inv.currency, codes, 1);
                (read, Some(narrowing.join().unwrap_or_else(|e| std::panic::resume_unwind(e))))
            });
            read?;
            narrowed
        }
        _ => {
            read(&mut inv.currency, codes, args.threads)?;
            dec.map(narrow)
        }
    };
    let idx = &inv.currency[first..];
    match (narrowed, codes.scales.iter().all(|&s| s == have)) {
        (Some(Err(i)), true) => {
            let field = Col::bare("invoices", &args.amount).row(offset + i);
            let value = super::read::shown(raw_amount(amount, i), have);
            return Err(bad(ErrorKind::Overflow, &field, value, super::read::over_at(&codes.codes, idx.get(i))));
        }
        (Some(Ok(v)), true) if inv.amount.is_empty() => inv.amount = v,
        (Some(Ok(v)), true) => inv.amount.extend_from_slice(&v),
        _ => {
            inv.amount.reserve(n);
            for (i, &k) in idx.iter().enumerate() {
                let k = usize::from(k);
                let field = || Col::bare("invoices", &args.amount).row(offset + i);
                inv.amount.push(rescale(raw_amount(amount, i), have, codes.scales[k], field, &codes.codes[k])?);
            }
        }
    }
    Ok(())
}
