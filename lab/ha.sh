#!/usr/bin/env bash
# Real-service HA lab and chaos suite (see lab/ha.py and docs/RELIABILITY.md).
#   lab/ha.sh                          all scenarios, REPEAT (default 10) times each
#   lab/ha.sh --repeat 1 --scenarios crash,switchover     the short version tests/run.sh runs
#   lab/ha.sh --up                     start the lab and keep it running (console URL and password printed)
#   HA_NETNS=1 lab/ha.sh ...           run it in a private network namespace (its own bridge and nftables): another
#                                      lab on this machine does not collide with it, and its cuts touch nothing outside;
#                                      the edges and the clients get namespaces of their own (lab/netlab.py)
#                                      HA_EDGE=embedded|process (default process once SharesConsole.Edge is built),
#                                      HA_KEEPALIVED=lab (the lab's keepalived template instead of the edge's printed
#                                      one), HA_TRANSFER_PATH=Auto|Kernel|Relay (the edges' Edge:TransferPath)
#   HA_NETNS=1 lab/ha.sh --vrrp-proof 3   the edge namespaces and keepalived with a stand-in edge, no control plane:
#                                      the VIP holder's edge killed, its keepalived killed, it cut off, 3 times each
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v nginx >/dev/null || need+=(nginx-light)
command -v mariadbd >/dev/null || need+=(mariadb-server)
command -v openssl >/dev/null || need+=(openssl)
command -v nft >/dev/null || need+=(nftables)
command -v keepalived >/dev/null || need+=(keepalived)
command -v curl >/dev/null || need+=(curl)
compgen -G "/usr/lib/*/faketime/libfaketime.so.1" >/dev/null || need+=(libfaketime)
/usr/bin/python3 -c "import pymysql" 2>/dev/null || need+=(python3-pymysql)
/usr/bin/python3 -c "import fusepy" 2>/dev/null || need+=(python3-fusepy)
if ((${#need[@]})); then
  if [[ $(id -u) -ne 0 ]]; then echo "lab/ha.sh: install ${need[*]} (needs root)" >&2; exit 2; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null; }
fi
if [[ "${1:-}" == --vrrp-proof ]]; then
  [[ -n "${HA_NETNS:-}" ]] || { echo "lab/ha.sh: --vrrp-proof needs HA_NETNS=1 (it creates namespaces and a bridge)" >&2; exit 2; }
  exec unshare --net -- /usr/bin/python3 lab/netlab.py --proof "${2:-3}"
fi
if [[ -z "${HA_NO_BUILD:-}" ]]; then
  dotnet build -c Release src/SharesConsole.Web -nologo -v q >/dev/null
  dotnet build -c Release src/SharesConsole.Agent -nologo -v q >/dev/null
  [[ ! -d src/SharesConsole.Edge ]] || dotnet build -c Release src/SharesConsole.Edge -nologo -v q >/dev/null
fi
if [[ -n "${HA_NETNS:-}" ]]; then
  exec unshare --net -- sh -c 'ip link set lo up && exec /usr/bin/python3 lab/ha.py "$@"' lab/ha.py "$@"
fi
exec /usr/bin/python3 lab/ha.py "$@"
