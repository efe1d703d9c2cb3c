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
# hypothesis: random Arrow inputs against the object API (test_arrow_properties.py); numpy: the
# peer benchmark's generator (../shared/bench/gen.py), which test_spark.py runs for its data.
want="maturin==1.16.0 pytest==9.2.0 mypy==2.4.1 pyarrow==26.0.1 polars==2.1.0 duckdb==2.0.0 hypothesis==6.170.17 numpy==2.4.6"
# Spark (test_spark.py, arrears.spark): pyspark from PyPI, and pandas, which its Arrow UDFs
# (mapInArrow) import; they need a Java 17+ runtime. Found ($JAVA_HOME, the system's Java 17,
# java on the PATH), or installed from the system packages when run as root; without one the
# Spark tests skip with a plain message. ARREARS_SPARK=0 skips them (and the ~500 MB install).
java_home() {
  local j v
  for j in "${JAVA_HOME:-}" /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/java-17-openjdk-arm64 \
           "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent/bin/java)")")")"; do
    [ -n "$j" ] && [ -x "$j/bin/java" ] || continue
    v=$("$j/bin/java" -version 2>&1 | sed -nE 's/.*version "([0-9]+).*/\1/p' | head -n 1)
    [ -n "$v" ] && [ "$v" -ge 17 ] && { echo "$j"; return 0; }
  done
  return 1
}
if [ "${ARREARS_SPARK:-1}" != 0 ]; then
  if ! java_home >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "python: installing a Java 17 runtime for the Spark tests (apt)"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless) >/dev/null 2>&1 || true
  fi
  if jh=$(java_home); then
    export JAVA_HOME=$jh
    want="$want pyspark==4.3.0 pandas==2.3.3"
  else
    echo "python: no Java 17+ runtime: the Spark tests will skip"
  fi
fi
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
