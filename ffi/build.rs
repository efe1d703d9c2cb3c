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
    // A versioned SONAME on Linux (libarrears.so.0.1 while 0.x: a 0.x minor may change the ABI),
    // so that an installed library (scripts/install-c.sh) is found by its version.
    if env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        let version = env::var("CARGO_PKG_VERSION").unwrap_or_default();
        let mut parts = version.split('.');
        let (major, minor) = (parts.next().unwrap_or("0"), parts.next().unwrap_or("0"));
        let soname = if major == "0" { format!("libarrears.so.0.{minor}") } else { format!("libarrears.so.{major}") };
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,{soname}");
    }
    // Tell tests/c/test.sh where the fresh header is.
    println!("cargo:rustc-env=ARREARS_GENERATED_HEADER={}", out.display());
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=cbindgen.toml");
}
