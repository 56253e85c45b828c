#!/usr/bin/env bash
# dns.sh - queries/s of the SharesConsole DNS responder next to nsd, in one run of the peer harness.
#
# Builds bench/SharesConsole.DnsBench in Release (the responder alone, zone example.test,
# transfer.example.test -> 127.0.0.11 / 127.0.0.12, TTL 5, on 127.0.0.10:5354) and runs
# shared/peers/dns.sh with it as TARGET_CMD, so nsd and the responder face the same dnsperf load.
#
# Usage: bench/dns.sh   (env: PEERS_DIR, and every setting of peers/dns.sh, e.g. DURATION=10;
#                        Dns__UdpReceiveLoops=N etc. reach the responder)
# Run ../shared/peers/install.sh once first (as root).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
peers=${PEERS_DIR:-}
for candidate in "$peers" "$root/../shared/peers"; do
  if [[ -n $candidate && -x $candidate/dns.sh ]]; then peers=$candidate; break; fi
done
[[ -x $peers/dns.sh ]] || { echo "bench/dns.sh: peer harness not found (set PEERS_DIR)" >&2; exit 1; }

out=$(mktemp -d /tmp/sharesconsole-dnsbench.XXXXXX)
trap 'rm -rf "$out"' EXIT
dotnet build "$root/bench/SharesConsole.DnsBench/SharesConsole.DnsBench.csproj" -c Release -o "$out" -nologo -v quiet \
  || { echo "bench/dns.sh: build failed" >&2; exit 1; }

TARGET_CMD="cd '$out' && exec dotnet SharesConsole.DnsBench.dll" \
TARGET_DNS=127.0.0.10:5354 TARGET_NAME=${TARGET_NAME:-sharesconsole} \
  "$peers/dns.sh"
