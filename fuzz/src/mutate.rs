//! Mutations of JSON requests, for the `call_json` target: what a careless or hostile caller
//! sends instead of a well-formed request.

use crate::U;
use arbitrary::Result as R;
use serde_json::{json, Value};

fn paths(v: &Value, here: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                here.push(Step::Key(k.clone()));
                out.push(here.clone());
                paths(x, here, out);
                here.pop();
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                here.push(Step::Index(i));
                out.push(here.clone());
                paths(x, here, out);
                here.pop();
            }
        }
        _ => {}
    }
}

#[derive(Clone)]
enum Step {
    Key(String),
    Index(usize),
}

/// Mutates one place of `v` (a field dropped, renamed, or turned into a wrong type or value;
/// an array element dropped, doubled or replaced); an empty object gets an unknown field.
pub fn mutate(v: &mut Value, u: U) -> R<()> {
    let mut all = Vec::new();
    paths(v, &mut Vec::new(), &mut all);
    if all.is_empty() {
        if let Value::Object(m) = v {
            m.insert("unknown".into(), json!(1));
        }
        return Ok(());
    }
    let path = u.choose(&all)?.clone();
    let (last, parent_path) = path.split_last().expect("non-empty path");
    let mut parent = &mut *v;
    for st in parent_path {
        parent = match (st, parent) {
            (Step::Key(k), Value::Object(m)) => m.get_mut(k).expect("path exists"),
            (Step::Index(i), Value::Array(a)) => &mut a[*i],
            _ => return Ok(()),
        };
    }
    let wrong = [
        json!(null),
        json!(1.5),
        json!(-1),
        json!(true),
        json!("x"),
        json!([]),
        json!({}),
        json!("1e3"),
        json!(18446744073709551615u64),
        json!("9999-12-31"),
        json!("-0"),
    ];
    let action = u.int_in_range(0u8..=3)?;
    match (last, parent) {
        (Step::Key(k), Value::Object(m)) => match action {
            0 => {
                m.remove(k);
            }
            1 => {
                m.insert(format!("{k}_"), json!(1));
            }
            _ => {
                let w = u.choose(&wrong)?.clone();
                let old = m.get(k).cloned().unwrap_or(Value::Null);
                // a string amount as a number now and then
                let w = match (&old, action) {
                    (Value::String(t), 2) => t.parse::<f64>().ok().map(|f| json!(f)).unwrap_or(w),
                    _ => w,
                };
                m.insert(k.clone(), w);
            }
        },
        (Step::Index(i), Value::Array(a)) => match action {
            0 => {
                a.remove(*i);
            }
            1 => {
                let x = a[*i].clone();
                a.push(x);
            }
            _ => a[*i] = u.choose(&wrong)?.clone(),
        },
        _ => {}
    }
    Ok(())
}

/// Damages a request as text: cut, extended, doubled, a lone surrogate, a byte changed.
pub fn damage(text: &str, u: U) -> R<String> {
    Ok(match u.int_in_range(0u8..=4)? {
        0 => text[..text.floor_char_boundary(u.int_in_range(0..=text.len())?)].to_string(),
        1 => format!("{text} x"),
        2 => format!("{text}{text}"),
        3 => text.replacen(':', ":\"\\ud800\",\"dup\":", 1),
        _ => {
            let mut b = text.as_bytes().to_vec();
            if !b.is_empty() {
                let i = u.int_in_range(0..=b.len() - 1)?;
                b[i] = u.arbitrary()?;
            }
            String::from_utf8_lossy(&b).into_owned()
        }
    })
}
