#!/usr/bin/env bash
# Installs what the tests need, starts a private MariaDB on loopback, runs every test
# project of the solution and ends with one line "N passed, N failed, N skipped".
# Usage: tests/run.sh [extra dotnet test arguments, e.g. --filter Category!=Slow]
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

# Debian packages the test suite drives for real (one list; add to it, never install by hand).
APT_PACKAGES=(mariadb-server nginx-light chromium bind9-dnsutils iproute2 nftables procps openssl python3-pymysql python3-fusepy keepalived conntrack curl)

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

# Logs of this run stay after it ends (the work directory does not): build, one per test project, chaos.
logs="$root/artifacts/test-logs"
rm -rf "$logs"; mkdir -p "$logs"
stage_times=()
stage() { stage_times+=("$(printf '%-32s %4d s' "$1" "$2")"); echo "run.sh: $1 took $2 s"; }

t0=$SECONDS
dotnet build SharesConsole.sln -c Release >"$logs/build.log" 2>&1
build_rc=$?
stage "build" $((SECONDS - t0))
grep -E ": (error|warning) " "$logs/build.log" | sort -u
if [ "$build_rc" -ne 0 ] || ! grep -q "Build succeeded" "$logs/build.log"; then
  tail -30 "$logs/build.log"; echo "run.sh: build failed (full log: $logs/build.log)"; echo "0 passed, 1 failed, 0 skipped"; exit 1
fi

# Every test project of the solution, one after the other (a project that prints no summary counts as failed).
# A test that hangs fails after the hang timeout with a dump naming it, instead of eating CI's time.
mapfile -t projects < <(dotnet sln SharesConsole.sln list | grep -E '^tests/.*\.csproj$' | while read -r proj; do
  grep -q "<IsTestProject>true</IsTestProject>" "$proj" && echo "$proj"; done)
passed=0; failed=0; skipped=0; test_rc=0
for proj in "${projects[@]}"; do
  name=$(basename "$proj" .csproj)
  t0=$SECONDS
  dotnet test "$proj" -c Release --no-build --blame-hang-timeout "${TEST_HANG_TIMEOUT:-6m}" --blame-hang-dump-type none \
    --results-directory "$logs/$name" "$@" >"$logs/$name.log" 2>&1
  rc=$?
  stage "$name" $((SECONDS - t0))
  grep -E "^\s*Failed [A-Za-z_]|^(Passed|Failed|Skipped)! |aborted|hang timeout" "$logs/$name.log" | head -40
  summary=$(grep -E "^(Passed|Failed|Skipped)! " "$logs/$name.log")
  if [ -z "$summary" ] && grep -qE "^Test Run (Successful|Failed)\.$" "$logs/$name.log"; then
    # A project whose logger is detailed (the simulation, so its one result line reaches this log) ends with
    # "Total tests: N / Passed: N / Failed: N / Skipped: N" instead of the one-line summary.
    summary=$(sed -n '/^Total tests:/,$p' "$logs/$name.log" | grep -E "^ *(Passed|Failed|Skipped): +[0-9]+" | tr '\n' ' ')
  fi
  grep -E "^ ?simulation: " "$logs/$name.log" | head -1
  if [ -z "$summary" ]; then
    echo "run.sh: $name printed no test summary (exit $rc); it counts as failed. Last lines of $logs/$name.log:"
    tail -30 "$logs/$name.log"
    failed=$((failed + 1)); test_rc=1; continue
  fi
  p=$(grep -oE "Passed: +[0-9]+" <<<"$summary" | awk '{s+=$2} END {print s+0}')
  f=$(grep -oE "Failed: +[0-9]+" <<<"$summary" | awk '{s+=$2} END {print s+0}')
  k=$(grep -oE "Skipped: +[0-9]+" <<<"$summary" | awk '{s+=$2} END {print s+0}')
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
    echo "run.sh: $name exited $rc without a failed test (crash or hang); it counts as one failure"; f=1
  fi
  [ "$rc" -ne 0 ] && test_rc=1
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + k))
done

# The short chaos suite on the real-service HA lab (lab/ha.sh, docs/RELIABILITY.md), in both layouts: the one-process
# edge on loopback (a crash, a switchover and a network cut), and production's (HA_NETNS=1: two edge processes sharing
# the VIP through keepalived, in network namespaces: the edge holding the VIP killed, the control plane killed, a cut),
# and that layout with two control planes.
chaos_passed=0; chaos_failed=0; chaos_rc=0
run_chaos() { # label, log, environment..., -- scenarios
  local label=$1 log=$2; shift 2
  local t0=$SECONDS
  env "$@" HA_NO_BUILD=1 lab/ha.sh --repeat 1 --scenarios "$scenarios" >"$log" 2>&1
  local rc=$?
  stage "chaos $label ($scenarios)" $((SECONDS - t0))
  grep -E "^(chaos|FAIL)" "$log"
  local p f
  p=$(grep -oE "^chaos: [0-9]+ scenario runs passed" "$log" | grep -oE "[0-9]+" | head -1)
  f=$(grep -oE "passed, [0-9]+ failed" "$log" | grep -oE "[0-9]+" | head -1)
  p=${p:-0}; f=${f:-1}
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  if [ "$rc" -ne 0 ]; then tail -40 "$log"; chaos_rc=1; fi
  chaos_passed=$((chaos_passed + p)); chaos_failed=$((chaos_failed + f))
}
scenarios=crash,switchover,cut run_chaos embedded "$logs/chaos.log" HA_EDGE=embedded
scenarios=edge-kill,cp-kill,cut run_chaos "edges+keepalived" "$logs/chaos-edges.log" HA_NETNS=1
# Two control planes on their own MariaDB electing a leader (issue 16): the leader killed during a switchover, and paused.
scenarios=leader-kill,leader-pause run_chaos "two control planes" "$logs/chaos-leader.log" HA_NETNS=1

echo "run.sh: stage times (logs in $logs)"
printf '  %s\n' "${stage_times[@]}"
passed=$((passed + chaos_passed)); failed=$((failed + chaos_failed))
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$test_rc" -eq 0 ] && [ "$chaos_rc" -eq 0 ]
