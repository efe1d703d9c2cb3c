#!/usr/bin/env node
'use strict';
/**
 * Builds the native addon on `npm install`, in release, with cargo alone (no dev dependency
 * is needed, so an install from a path works as well as one inside the repository):
 *   - inside the arrears repository (a path install, `npm install` in bindings-node): builds
 *     `arrears-node` with `cargo build --release` and copies the library next to this package
 *     as `arrears.<platform>.node`;
 *   - from a tarball (`npm pack`, whose `prepack` runs this with `--force`): the tarball holds
 *     the release addon already, and nothing is built.
 * `ARREARS_SKIP_BUILD=1` skips it (the test suite builds a debug addon with `napi build`).
 * Needs Rust (https://rustup.rs) only when it has to build.
 */
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const pkg = path.join(__dirname, '..');
const workspace = path.join(pkg, '..');

function platformSuffix() {
  const { platform, arch } = process;
  if (platform !== 'linux') return `${platform}-${arch}`;
  const report = typeof process.report?.getReport === 'function' ? process.report.getReport() : null;
  const glibc = report?.header?.glibcVersionRuntime;
  return `${platform}-${arch}-${glibc ? 'gnu' : 'musl'}`;
}

function libraryName() {
  if (process.platform === 'win32') return 'arrears_node.dll';
  if (process.platform === 'darwin') return 'libarrears_node.dylib';
  return 'libarrears_node.so';
}

/** A loader for the addon of this platform, when `napi build` has not written its own. */
const LOADER = `// Loads the native addon of this platform (written by scripts/install.js; \`napi build\` writes a
// fuller loader when it builds).
'use strict';
const { join } = require('path');
const { platform, arch } = process;
const libc = platform !== 'linux' ? '' : (process.report.getReport().header.glibcVersionRuntime ? '-gnu' : '-musl');
module.exports = require(join(__dirname, \`arrears.\${platform}-\${arch}\${libc}.node\`));
`;

function main() {
  if (process.env.ARREARS_SKIP_BUILD === '1') return;
  const force = process.argv.includes('--force');
  const addon = path.join(pkg, `arrears.${platformSuffix()}.node`);
  const inRepository = fs.existsSync(path.join(workspace, 'Cargo.toml')) && fs.existsSync(path.join(workspace, 'core'));
  if (!inRepository) {
    if (fs.existsSync(addon) && !force) return; // a packed release addon
    fail(`no native addon for ${platformSuffix()} in this package, and no arrears repository to build it from`);
  }
  const cargo = process.env.CARGO || 'cargo';
  console.error(`arrears: building the native addon (cargo build --release -p arrears-node); this takes a minute or two the first time`);
  const r = spawnSync(cargo, ['build', '--release', '-p', 'arrears-node'], { cwd: workspace, stdio: 'inherit' });
  if (r.error && r.error.code === 'ENOENT') fail('cargo was not found: building the native addon needs Rust (https://rustup.rs)');
  if (r.status !== 0) fail(`cargo build failed (exit status ${r.status})`);
  const target = process.env.CARGO_TARGET_DIR ? path.resolve(workspace, process.env.CARGO_TARGET_DIR) : path.join(workspace, 'target');
  fs.copyFileSync(path.join(target, 'release', libraryName()), addon);
  const loader = path.join(pkg, 'native.js');
  if (!fs.existsSync(loader)) fs.writeFileSync(loader, LOADER);
}

function fail(message) {
  console.error(`arrears: ${message}`);
  process.exit(1);
}

main();
