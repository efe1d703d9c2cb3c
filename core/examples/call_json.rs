//! Try any wire operation from a shell: the request JSON on the command line or on stdin.
//!
//! ```text
//! cargo run -q --example call_json -- schedule '{"total": "1000.00", "currency": "EUR",
//!     "base_date": "2026-01-31", "terms": "2/10 net 30"}'
//! echo '{}' | cargo run -q --example call_json -- presets
//! ```
//! Prints the response, or the error as JSON on stderr (exit status 1).

use std::io::Read;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(op) = args.next().filter(|a| a != "--help" && a != "-h") else {
        eprintln!("usage: call_json OP [REQUEST_JSON]   (the request is read from stdin when not given)");
        eprintln!("operations: {}", arrears::wire::operations().join(", "));
        std::process::exit(2);
    };
    let request = match args.next() {
        Some(r) => r,
        None => {
            let mut r = String::new();
            if let Err(e) = std::io::stdin().read_to_string(&mut r) {
                eprintln!("call_json: reading the request: {e}");
                std::process::exit(2);
            }
            r
        }
    };
    match arrears::call_json(&op, &request) {
        Ok(out) => println!("{out}"),
        Err(e) => {
            eprintln!("{}", arrears::to_json(&e));
            std::process::exit(1);
        }
    }
}
