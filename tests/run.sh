#!/usr/bin/env bash
# Installs what the tests need, starts a private MariaDB on loopback, runs every test
# project of the solution and ends with one line "N passed, N failed, N skipped".
# Usage: tests/run.sh [extra dotnet test arguments, e.g. --filter Category!=Slow]
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

# Debian packages the test suite drives for real (one list; add to it, never install by hand).
APT_PACKAGES=(mariadb-server nginx-light chromium bind9-dnsutils iproute2 procps openssl python3-pymysql)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "run.sh: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq "${missing[@]}" >/dev/null \
    || { echo "run.sh: apt-get install failed"; exit 1; }
fi

work=$(mktemp -d /tmp/sharesconsole-tests.XXXXXX)
mariadb_pid=""
cleanup() {
  if [ -n "$mariadb_pid" ] && kill -0 "$mariadb_pid" 2>/dev/null; then
    kill "$mariadb_pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$mariadb_pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$mariadb_pid" 2>/dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT

free_port() {
  python3 - <<'PY' 2>/dev/null || echo 33306
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
}

# A private MariaDB for the MySQL-provider tests: own data dir, own port, loopback only.
mysql_port=$(free_port)
mkdir -p "$work/mariadb"
mariadb-install-db --no-defaults --datadir="$work/mariadb/data" --user=root \
  --auth-root-authentication-method=normal >"$work/mariadb/install.log" 2>&1 \
  || { echo "run.sh: mariadb-install-db failed:"; tail -20 "$work/mariadb/install.log"; exit 1; }
mariadbd --no-defaults --datadir="$work/mariadb/data" --socket="$work/mariadb/sock" \
  --port="$mysql_port" --bind-address=127.0.0.1 --user=root --skip-log-bin \
  --pid-file="$work/mariadb/pid" >"$work/mariadb/server.log" 2>&1 &
mariadb_pid=$!
for _ in $(seq 1 100); do
  mariadb --no-defaults -S "$work/mariadb/sock" -uroot -e "select 1" >/dev/null 2>&1 && break
  sleep 0.2
done
mariadb --no-defaults -S "$work/mariadb/sock" -uroot -e \
  "CREATE USER 'sharestest'@'127.0.0.1' IDENTIFIED BY 'sharestest'; GRANT ALL ON *.* TO 'sharestest'@'127.0.0.1' WITH GRANT OPTION;" \
  || { echo "run.sh: MariaDB did not start:"; tail -20 "$work/mariadb/server.log"; exit 1; }
export SHARESCONSOLE_TEST_MYSQL="Server=127.0.0.1;Port=$mysql_port;User ID=sharestest;Password=sharestest"
echo "run.sh: MariaDB on 127.0.0.1:$mysql_port"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Browser tests drive Debian's /usr/bin/chromium; Playwright must never download a browser.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
dotnet build SharesConsole.sln -c Release 2>&1 | tee "$work/build.log" | grep -E "error|Warn|warn" | grep -v "0 Warn" | head -40
if ! grep -q "Build succeeded" "$work/build.log"; then
  tail -30 "$work/build.log"; echo "0 passed, 1 failed"; exit 1
fi

dotnet test SharesConsole.sln -c Release --no-build "$@" 2>&1 | tee "$work/test.log"
test_rc=${PIPESTATUS[0]}

# The short chaos suite on the real-service HA lab: one crash and one switchover (lab/ha.sh, docs/RELIABILITY.md).
HA_NO_BUILD=1 lab/ha.sh --repeat 1 --scenarios crash,switchover 2>&1 | tee "$work/chaos.log"
chaos_rc=${PIPESTATUS[0]}
chaos_passed=$(grep -oE "^chaos: [0-9]+ scenario runs passed" "$work/chaos.log" | grep -oE "[0-9]+" | head -1)
chaos_failed=$(grep -oE "passed, [0-9]+ failed" "$work/chaos.log" | grep -oE "[0-9]+" | head -1)
chaos_passed=${chaos_passed:-0}; chaos_failed=${chaos_failed:-1}
if [ "$chaos_rc" -ne 0 ] && [ "$chaos_failed" -eq 0 ]; then chaos_failed=1; fi

summary_lines=$(grep -cE "^(Passed|Failed)!" "$work/test.log")
passed=$(grep -E "^(Passed|Failed)!" "$work/test.log" | grep -oE "Passed: +[0-9]+" | awk '{s+=$2} END {print s+0}')
failed=$(grep -E "^(Passed|Failed)!" "$work/test.log" | grep -oE "Failed: +[0-9]+" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -E "^(Passed|Failed)!" "$work/test.log" | grep -oE "Skipped: +[0-9]+" | awk '{s+=$2} END {print s+0}')
if [ "$test_rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
if [ "$summary_lines" -eq 0 ]; then failed=$((failed + 1)); fi
passed=$((passed + chaos_passed)); failed=$((failed + chaos_failed))
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$test_rc" -eq 0 ] && [ "$chaos_rc" -eq 0 ]
