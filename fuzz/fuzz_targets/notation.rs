//! Payment-terms notation: `parse(format(t)) == t`.
//!
//! Three ways in (the first input byte picks one):
//! - raw text (any bytes, read as UTF-8 lossily) with random options;
//! - a generated notation of every form (tiers, net days, EOM readings, prox, MFI, splits,
//!   DFFM, COD/CIA/CWO/CND, cut-off, adjustments) with casing and separator variations;
//! - generated terms (notation-shaped or not) formatted, then parsed back.
//!
//! Checks: parsing never panics and fails only with a typed `invalid_terms` / `invalid_rule`
//! error naming `text` (or `options.cut_off`); terms that parse always format (the canonical
//! text), the canonical text parses back to the same terms (same JSON) and formats to itself;
//! terms that do not format fail with `invalid_terms` on `terms`, and terms that do format parse
//! back to equal terms.
#![no_main]

use arbitrary::Unstructured;
use arrears::notation::NotationOptions;
use arrears::{to_json, ErrorKind, PaymentTerms};
use libfuzzer_sys::fuzz_target;

fn check_text(text: &str, options: &NotationOptions) {
    let t = match PaymentTerms::parse(text, options) {
        Err(e) => {
            assert!(
                matches!(e.kind(), ErrorKind::InvalidTerms | ErrorKind::InvalidRule | ErrorKind::LimitExceeded),
                "parse({text:?}) failed with {:?}: {e}",
                e.kind()
            );
            assert!(
                matches!(e.field(), "text" | "options.cut_off"),
                "parse({text:?}) error names {:?}: {e}",
                e.field()
            );
            return;
        }
        Ok(t) => t,
    };
    let canonical = t.format().unwrap_or_else(|e| {
        panic!("{text:?} (options {options:?}) parses to {} but does not format: {e}", to_json(&t))
    });
    let again = PaymentTerms::parse(&canonical, &NotationOptions::default())
        .unwrap_or_else(|e| panic!("{text:?} formats as {canonical:?}, which does not parse: {e}"));
    assert_eq!(again, t, "{text:?} (options {options:?}) -> {canonical:?} -> different terms");
    assert_eq!(to_json(&again), to_json(&t), "{text:?} -> {canonical:?}: same terms, different JSON");
    assert_eq!(again.format().ok().as_deref(), Some(canonical.as_str()), "{canonical:?} is not a fixed point");
}

fn check_terms(t: &PaymentTerms) {
    match t.format() {
        Err(e) => {
            assert_eq!((e.kind(), e.field()), (ErrorKind::InvalidTerms, "terms"), "format of {}: {e}", to_json(t))
        }
        Ok(text) => {
            let back = PaymentTerms::parse(&text, &NotationOptions::default())
                .unwrap_or_else(|e| panic!("{} formats as {text:?}, which does not parse: {e}", to_json(t)));
            assert_eq!(&back, t, "{} -> {text:?} -> {}", to_json(t), to_json(&back));
            assert_eq!(back.format().ok().as_deref(), Some(text.as_str()), "{text:?} is not a fixed point");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else { return };
    let mut u = Unstructured::new(rest);
    match first % 4 {
        0 => {
            let Ok(options) = arrears_fuzz::notation_options(&mut u) else { return };
            let text = String::from_utf8_lossy(u.take_rest()).into_owned();
            check_text(&text, &options);
        }
        1 | 2 => {
            let (Ok(options), Ok(text)) = (arrears_fuzz::notation_options(&mut u), arrears_fuzz::notation_text(&mut u))
            else {
                return;
            };
            check_text(&text, &options);
        }
        _ => {
            let scale = *u.choose(&[2u32, 0, 3]).unwrap_or(&2);
            let Ok((lines, adjustment)) = arrears_fuzz::lines(&mut u, scale) else { return };
            if let Ok(t) = PaymentTerms::with_adjustment(lines, adjustment) {
                check_terms(&t);
            }
        }
    }
});
