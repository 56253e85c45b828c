#!/usr/bin/env bash
# Control-plane leader election with real processes: two control planes on a private MariaDB (the control plane's own
# database), loopback 127.0.42.x. Scenarios, REPEAT (default 10) times each:
#   leader-kill   kill -9 the leader; seconds until the other instance answers /leadership as Leader (term + 1)
#   leader-pause  SIGSTOP the leader for PAUSE_S (default 20) s, then SIGCONT; the other takes over during the pause,
#                 and the paused one, on waking, finds its lease gone, commands nothing and exits (its log says so)
# Usage: lab/leader.sh [--repeat N] [--scenarios leader-kill,leader-pause]
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
REPEAT=10; SCENARIOS=leader-kill,leader-pause; PAUSE_S=${PAUSE_S:-20}
while [[ $# -gt 0 ]]; do case $1 in --repeat) REPEAT=$2; shift 2;; --scenarios) SCENARIOS=$2; shift 2;; *) echo "unknown $1"; exit 2;; esac; done
[[ -n "${HA_NO_BUILD:-}" ]] || dotnet build -c Release src/SharesConsole.Web -nologo -v q >/dev/null || exit 1
WEB="$root/src/SharesConsole.Web/bin/Release/net10.0/SharesConsole.Web.dll"
work=$(mktemp -d /tmp/sharesconsole-leader.XXXXXX); pids=()
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done; [[ -n "${mdb:-}" ]] && kill "$mdb" 2>/dev/null; wait 2>/dev/null; }
trap cleanup EXIT
mariadb-install-db --no-defaults --datadir="$work/db" --user=root --auth-root-authentication-method=normal >"$work/db-install.log" 2>&1 || { echo "mariadb-install-db failed"; exit 1; }
mariadbd --no-defaults --datadir="$work/db" --socket="$work/db.sock" --port=3398 --bind-address=127.0.42.1 --user=root --skip-log-bin --skip-name-resolve \
  --pid-file="$work/db.pid" >"$work/db.log" 2>&1 & mdb=$!
for _ in $(seq 100); do mariadb --no-defaults -S "$work/db.sock" -uroot -e "select 1" >/dev/null 2>&1 && break; sleep 0.2; done
mariadb --no-defaults -S "$work/db.sock" -uroot -e "CREATE DATABASE cp; CREATE USER 'cp'@'%' IDENTIFIED BY 'cp'; GRANT ALL ON cp.* TO 'cp'@'%';" || exit 1

start_cp() { # name address -> pid
  env Lab__Enabled=false Auth__AdminUser=lab Auth__AdminPassword="leader-lab-password-$RANDOM" Database__Provider=MySql \
    Database__ConnectionString="Server=127.0.42.1;Port=3398;User ID=cp;Password=cp;Database=cp" Hangfire__Storage=InMemory \
    Cluster__Vip=127.0.42.20 Edge__Embedded=false Dns__Enabled=false \
    ControlPlane__Leadership__Enabled=true ControlPlane__Leadership__InstanceName="$1" ControlPlane__Leadership__AdvertisedUrl="http://$2:5090" \
    Cluster__Nodes__0__Name=node-a Cluster__Nodes__0__Address=127.0.42.21 Cluster__Nodes__0__WebTls=false \
    Logging__LogLevel__Default=Warning Logging__LogLevel__SharesConsole=Information Logging__Console__FormatterName=simple \
    Logging__Console__FormatterOptions__SingleLine=true "Logging__Console__FormatterOptions__TimestampFormat=HH:mm:ss.fff " \
    dotnet "$WEB" --urls "http://$2:5090" >>"$work/$1.log" 2>&1 &
  echo $!
}
field() { curl -s -m 1 "http://$1:5090/leadership" | /usr/bin/python3 -c "import json,sys; print(json.load(sys.stdin)['$2'])" 2>/dev/null; }
declare -A addr=([cp-1]=127.0.42.10 [cp-2]=127.0.42.11) pid=()
ensure_up() { for n in cp-1 cp-2; do if [[ -z "${pid[$n]:-}" ]] || ! kill -0 "${pid[$n]}" 2>/dev/null; then pid[$n]=$(start_cp $n ${addr[$n]}); pids+=("${pid[$n]}"); fi; done
  for _ in $(seq 600); do r1=$(field ${addr[cp-1]} role); r2=$(field ${addr[cp-2]} role); [[ "$r1$r2" == LeaderFollower || "$r1$r2" == FollowerLeader ]] && return 0; sleep 0.1; done
  echo "control planes did not settle ($r1/$r2)"; exit 1; }
now() { date +%s.%N; }
printf "%-13s %4s %12s %9s %s\n" scenario rep takeover_s term note
results=()
for scenario in ${SCENARIOS//,/ }; do
  for rep in $(seq 1 "$REPEAT"); do
    ensure_up
    leader=$(field ${addr[cp-1]} leader); other=$([[ $leader == cp-1 ]] && echo cp-2 || echo cp-1); term=$(field ${addr[$leader]} term)
    t0=$(now); note=""
    if [[ $scenario == leader-kill ]]; then kill -9 "${pid[$leader]}"; else kill -STOP "${pid[$leader]}"; fi
    took=""
    for _ in $(seq 400); do [[ $(field ${addr[$other]} role) == Leader ]] && { took=$(/usr/bin/python3 -c "print(f'{$(now)-$t0:.2f}')"); break; }; sleep 0.05; done
    newterm=$(field ${addr[$other]} term)
    if [[ $scenario == leader-pause ]]; then
      sleep_until=$(/usr/bin/python3 -c "print(max(0, $t0 + $PAUSE_S - $(now)))"); sleep "$sleep_until"   # the pause itself, by design
      kill -CONT "${pid[$leader]}"
      for _ in $(seq 200); do kill -0 "${pid[$leader]}" 2>/dev/null || break; sleep 0.05; done
      if kill -0 "${pid[$leader]}" 2>/dev/null; then note="OLD LEADER STILL RUNNING"; else note="old leader exited: $(grep -c 'lost the leadership' "$work/$leader.log") lost line(s)"; fi
    fi
    [[ -z "$took" ]] && note="NO TAKEOVER $note"
    printf "%-13s %4s %12s %9s %s\n" "$scenario" "$rep" "${took:-none}" "$term->$newterm" "$note"
    results+=("$scenario ${took:-999}")
  done
done
echo
for scenario in ${SCENARIOS//,/ }; do
  printf '%s\n' "${results[@]}" | awk -v s="$scenario" '$1==s {print $2}' | sort -n | awk -v s="$scenario" '{a[NR]=$1} END {if (NR) printf "%s: %d runs, takeover median %.2f s, max %.2f s\n", s, NR, (NR%2?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2), a[NR]}'
done
echo "logs: $work"
trap - EXIT; cleanup
