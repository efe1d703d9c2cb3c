//! Generates the C header with cbindgen into $OUT_DIR/arrears.h. The committed copy is
//! include/arrears.h; tests/c/test.sh fails when the two differ.

use std::env;
use std::path::PathBuf;

fn main() {
    let crate_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("arrears.h");
    let mut config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml")).expect("ffi/cbindgen.toml is valid");
    config.after_includes =
        config.after_includes.map(|s| s.replace("@VERSION@", &env::var("CARGO_PKG_VERSION").unwrap_or_default()));
    cbindgen::Builder::new()
        .with_crate(&crate_dir)
        .with_config(config)
        .generate()
        .expect("cbindgen could not generate the header")
        .write_to_file(&out);
    // Tell tests/c/test.sh where the fresh header is.
    println!("cargo:rustc-env=ARREARS_GENERATED_HEADER={}", out.display());
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=cbindgen.toml");
}
