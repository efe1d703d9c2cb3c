#!/usr/bin/env bash
# Python tests of arrears: builds the extension into a .venv at the repo root with maturin
# (debug), runs pytest (shared vectors, API, README snippet, doctests) and mypy's stubtest.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
py=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$py" -m venv .venv
fi
# pyarrow, polars and duckdb: the Arrow (PyCapsule) entry points are tested with each producer;
# hypothesis: random Arrow inputs against the object API (test_arrow_properties.py).
want="maturin==1.16.0 pytest==9.2.0 mypy==2.4.1 pyarrow==26.0.1 polars==2.1.0 duckdb==2.0.0 hypothesis==6.170.17"
frozen=$(.venv/bin/python -m pip freeze 2>/dev/null || true)
missing=0
for p in $want; do
  echo "$frozen" | grep -qx "$p" || missing=1
done
if [ $missing -eq 1 ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check $want
fi
(cd bindings-python && ../.venv/bin/maturin develop -q 2>&1 | grep -vE "^(📦|🔗|🐍|⚠️|🛠|📡|💻|✏️|📖|🔨|Looking in links)" || true)
.venv/bin/python -c "import arrears, sys; sys.exit(0 if arrears.__version__ else 1)"
set +e
.venv/bin/python -m pytest bindings-python/tests -q -p no:cacheprovider
code=$?
set -e
if [ $code -eq 5 ]; then echo "pytest collected no tests" >&2; exit 1; fi
[ $code -eq 0 ] || exit $code
# The native module's stub must match it; the package's modules carry their annotations inline
# and must type-check.
(cd bindings-python && MYPYPATH=python ../.venv/bin/python -m mypy.stubtest arrears._arrears --allowlist stubtest-allowlist.txt)
(cd bindings-python && ../.venv/bin/python -m mypy python/arrears)

# The abi3 wheel, as a user installs it: built in release, installed into a fresh venv (no
# Rust needed there), and run.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd bindings-python && ../.venv/bin/maturin build -q --release --out "$work/dist" 2>&1 \
  | grep -vE "^(🍹|📦|🔗|🐍|⚠️|🛠|📡|💻|✏️|📖|🔨|Looking in links)" || true)
wheel=$(ls "$work"/dist/arrears-*-cp39-abi3-*.whl 2>/dev/null | head -n 1)
[ -n "$wheel" ] || { echo "test.sh: no abi3 wheel (arrears-*-cp39-abi3-*.whl) was built" >&2; ls "$work/dist" >&2; exit 1; }
"$py" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install -q --disable-pip-version-check "$wheel"
(cd "$work" && "$work/venv/bin/python" -c "
import arrears
s = arrears.schedule('1000.00', 'EUR', '2026-01-01', '2/10 net 30')
assert str(s.installments[0].discounts[0].payable) == '980.00', s
print('python: the abi3 wheel installs into a fresh venv and runs (' + '$(basename "$wheel")' + ', arrears ' + arrears.__version__ + ')')
")
