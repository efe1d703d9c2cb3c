//! Runs the shared conformance vectors in `tests/vectors/*.json` through the wire entry point,
//! and keeps `tests/c/vectors.tsv` (the C runner's flat copy) in step with them.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("core/ has a parent").to_path_buf()
}

struct Case {
    id: String,
    op: String,
    request: Value,
    expected: Result<Value, (String, String)>,
}

fn load_cases() -> Vec<Case> {
    let dir = repo_root().join("tests/vectors");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("tests/vectors exists")
        .map(|e| e.expect("readable dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut cases = Vec::new();
    let mut ids = std::collections::BTreeSet::new();
    for f in files {
        let doc: Value = serde_json::from_str(&fs::read_to_string(&f).expect("readable vector file"))
            .unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        for c in doc["cases"].as_array().unwrap_or_else(|| panic!("{}: no cases", f.display())) {
            let id = c["id"].as_str().expect("case id").to_string();
            assert!(ids.insert(id.clone()), "duplicate case id {id}");
            let expected = match (&c.get("expected"), &c.get("error")) {
                (Some(e), None) => Ok((*e).clone()),
                (None, Some(err)) => Err((
                    err["code"].as_str().expect("error.code").to_string(),
                    err["field"].as_str().expect("error.field").to_string(),
                )),
                _ => panic!("{id}: exactly one of expected / error"),
            };
            cases.push(Case {
                id,
                op: c["op"].as_str().expect("op").to_string(),
                request: c["request"].clone(),
                expected,
            });
        }
    }
    cases
}

#[test]
fn shared_vectors() {
    let cases = load_cases();
    assert!(cases.len() > 50, "vectors went missing: {}", cases.len());
    let mut failures = Vec::new();
    for c in &cases {
        let got = arrears::call_json(&c.op, &c.request.to_string());
        match (&c.expected, got) {
            (Ok(want), Ok(out)) => {
                // Compare canonical text (serde_json::Value prints objects with sorted keys).
                let canonical = want.to_string();
                if canonical != out {
                    failures.push(format!("{}: expected {}\n    got      {}", c.id, want, out));
                }
            }
            (Ok(_), Err(e)) => failures.push(format!("{}: unexpected error {} ({e})", c.id, e.kind().code())),
            (Err((code, field)), Ok(out)) => {
                failures.push(format!("{}: expected error {code} at {field:?}, got {out}", c.id))
            }
            (Err((code, field)), Err(e)) => {
                if e.kind().code() != code || e.field() != field {
                    failures.push(format!(
                        "{}: expected error {code} at {field:?}, got {} at {:?} ({e})",
                        c.id,
                        e.kind().code(),
                        e.field()
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} of {} vectors failed:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

/// The C runner reads a flat copy of the vectors (C has no JSON parser). The copy is generated
/// here and committed; it must never drift from the JSON files.
#[test]
fn c_vector_file_is_current() {
    let mut out = String::from("# generated from tests/vectors/*.json by core/tests/vectors.rs; do not edit\n");
    out.push_str("# id\top\trequest\tok\tresponse  |  id\top\trequest\terror\tcode\tfield\n");
    for c in load_cases() {
        let request = c.request.to_string();
        assert!(!request.contains('\t') && !request.contains('\n'));
        match &c.expected {
            Ok(v) => out.push_str(&format!("{}\t{}\t{}\tok\t{}\n", c.id, c.op, request, v)),
            Err((code, field)) => {
                out.push_str(&format!("{}\t{}\t{}\terror\t{}\t{}\n", c.id, c.op, request, code, field))
            }
        }
    }
    let path = repo_root().join("tests/c/vectors.tsv");
    if std::env::var_os("ARREARS_UPDATE_VECTORS").is_some() {
        fs::write(&path, &out).expect("write tests/c/vectors.tsv");
        return;
    }
    let committed = fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == out,
        "tests/c/vectors.tsv is stale; run `ARREARS_UPDATE_VECTORS=1 cargo test -p arrears --test vectors` and commit it"
    );
}
