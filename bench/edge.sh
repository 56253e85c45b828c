#!/usr/bin/env bash
# edge.sh - measures the SharesConsole edge against HAProxy and nginx in the same runs,
# with the peers harness in ../shared/peers next to the project (or $PEERS): http.sh, tcp.sh, udp.sh.
#
# The edge runs alone (bench/SharesConsole.EdgeBench, Release) with a static topology:
# VIP 127.0.0.10, http 9080, tcp+udp 9201; nodes 127.0.0.11/.12 (web 8081, iperf3 5201);
# probes: HTTP GET /health on 8081 (web) and TCP connect 8081 (transfer), as HAProxy does.
#
# Usage: bench/edge.sh [http|tcp|udp ...]   (default: all three), ROUNDS (default 5) times, interleaved: each round runs
#        every suite once, and every suite runs the peers and the edge side by side; medians at the end (bench/medians.py).
# Env:   PEERS (../shared/peers), OUT (bench/results), EDGE_ARGS (extra runner args,
#        e.g. "--Edge:LoadBalancing=RoundRobin"), TRANSFER_PATHS ("kernel relay": tcp and udp run
#        once per path, as targets edge-kernel and edge-relay), plus every peers setting (DURATION, ...).
# The kernel path needs root (nftables table ip sharesconsole_edge in this namespace, removed on exit)
# and opens no socket on the transfer port, so the runner waits for the edge's web port instead.
# Run ../shared/peers/install.sh once first (as root).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
PEERS=${PEERS:-$root/../shared/peers}
OUT=${OUT:-$root/bench/results}
mkdir -p "$OUT"

dotnet build -c Release bench/SharesConsole.EdgeBench -nologo -v q >"$OUT/build.log" 2>&1 \
  || { tail -20 "$OUT/build.log"; exit 1; }
runner="$root/bench/SharesConsole.EdgeBench/bin/Release/net10.0/SharesConsole.EdgeBench.dll"
TRANSFER_PATHS=${TRANSFER_PATHS:-kernel relay}

# transfer SUITE: runs the peers' SUITE script once per transfer path, the edge as target edge-PATH.
transfer() {
  local suite=$1 path
  for path in $TRANSFER_PATHS; do
    case $path in
      kernel) export TARGET_WAIT=tcp:127.0.0.10:9080 ;;
      relay) unset TARGET_WAIT ;;
      *) echo "edge.sh: unknown transfer path '$path' (kernel, relay)" >&2; exit 2 ;;
    esac
    TARGET_NAME=edge-$path TARGET_CMD="exec dotnet $runner --Edge:TransferPath=${path^} ${EDGE_ARGS:-}" \
      TARGET_HOSTPORT=127.0.0.10:9201 "$PEERS/$suite.sh" | tee "$OUT/$stamp-$suite-$path.txt"
  done
}

run_stamp=$(date -u +%Y%m%dT%H%M%SZ)
suites=("$@")
[[ ${#suites[@]} -gt 0 ]] || suites=(http tcp udp)
ROUNDS=${ROUNDS:-5}
for round in $(seq 1 "$ROUNDS"); do
  stamp=$run_stamp-r$round
  echo "=== round $round of $ROUNDS"
  for suite in "${suites[@]}"; do
    case $suite in
      http) TARGET_NAME=${TARGET_NAME:-edge} TARGET_CMD="exec dotnet $runner --Edge:TransferPath=Relay ${EDGE_ARGS:-}" \
              TARGET_URL=http://127.0.0.10:9080/1k.bin "$PEERS/http.sh" | tee "$OUT/$stamp-http.txt" ;;
      tcp|udp) transfer "$suite" ;;
      *) echo "edge.sh: unknown suite '$suite' (http, tcp, udp)" >&2; exit 2 ;;
    esac
  done
done
/usr/bin/env python3 bench/medians.py "$OUT"/"$run_stamp"-r*.txt
