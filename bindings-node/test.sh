#!/usr/bin/env bash
# Node tests of arrears: `npm install` (committed lock; its prepare script builds the addon with
# the napi CLI), the TypeScript declarations type-checked with tsc, then node's test runner
# (shared vectors, API, README snippet).
set -euo pipefail
cd "$(dirname "$0")"
# `npm ci` rejects this lock: the registry here serves only linux-x64 builds of the CLI's optional
# native packages (TOOLCHAIN P6), so `npm install` with the committed lock is used instead.
npm install --no-audit --no-fund --loglevel=error
test -f native.js && ls ./*.node >/dev/null
npx --no-install tsc --noEmit -p __test__/tsconfig.json
node --test __test__/
