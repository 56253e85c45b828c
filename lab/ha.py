#!/usr/bin/env python3
"""Real-service HA lab and chaos suite.

Two nodes on their own loopback addresses, each a separate SharesConsole.Agent process managing real
services through the process driver: nginx (web tier), MariaDB (mysqld, data directory on a shared
directory, the "shared storage"), a TCP+UDP transfer stand-in, and sleep-based stand-ins for the other
active/passive services. The control plane and edge run as in production (Lab:Enabled=false, SQLite).

While each scenario runs, a workload hits the VIP over HTTP, inserts numbered rows into the managed MariaDB
on whichever node the control plane reports active (recording every acknowledged insert), and runs
TCP+UDP sessions from several client addresses to check that both protocols reach the same node.

Each agent reaches the control plane through its own lab/delay_relay.py (on the node's address, port 5091),
which delays what the control plane sends to that agent: 0 s except in the ack-delay scenarios.

With HA_NETNS=1 the lab runs in a network namespace of its own with a bridge (lab/netlab.py): the control plane and
the nodes on the bridge (NET 10.30.0: control plane .10, node-a .21, node-b .22), the workload's clients in a namespace
of their own (10.31.0.1-8), and the edge as its own process (HA_EDGE=process, the default once
SharesConsole.Edge.dll is built): edge-1 (.31) and edge-2 (.32) each in a namespace with a keepalived moving the VIP
(.20) between them. HA_EDGE=embedded keeps the edge in the control plane (the VIP then sits on the bridge).

Usage: lab/ha.sh [--repeat N] [--scenarios crash,hang,mysqld-stop,cut,switchover,drain,cp-restart,ack-delay,...] [--up]
  ack-delay          one scenario per delay in ACK_DELAYS (default "2.5,4.5" s); ack-delay=D runs delay D only
  ack-delay-steady   ACK_DELAY_STEADY_S (default 300) seconds of a 3.5 s delay (ACK_DELAY_STEADY_DELAY), no cut
  flap               FLAP_S (default 60) seconds of cutting the active node off for FLAP_CUT_S seconds (a list used in
                     turn, default "4,7,10") and healing it for FLAP_HEAL_S (default 4)
  storage-hang       the active node's view of the shared storage (a faultyfs pass-through per node) blocks every call
  storage-readonly   the active node's view of the shared storage turns read-only (EROFS)
  cut-reset          cut the active node off for CUT_RESET_S (default 7) seconds; heal it, its agent's connections reset
                     and their control-plane side silenced: the agent reconnects at once, mid-fence, and the stop
                     command sent on the old connection is lost
  clock-step         the active agent's wall clock (libfaketime) stepped +CLOCK_STEP_S (default 30) s, then to
                     -CLOCK_STEP_S, CLOCK_STEP_HOLD_S (default 15) s each with the group kept, then the node is cut off
  cp-clock-step      the control plane's wall clock stepped the same way with the group kept, then the active node
                     crashes (as in crash) while the control plane's clock is behind
  cp-kill            kill -9 of the control plane alone under load, and start it again (no node fault): with the edges
                     as processes, 0 failed requests and 0 lost transfer sessions through the VIP are expected
Edge scenarios (HA_NETNS=1, HA_EDGE=process):
  edge-kill          kill -9 of the edge process holding the VIP: keepalived moves the VIP to the other edge
  edge-restart       restart (SIGTERM, start) the edge not holding the VIP, then the one holding it
  edge-partition     the VIP holder's namespace cut off the bridge (nftables there), then healed
  edge-snapshot      with the control plane down, the VIP holder's edge (and its keepalived) killed and the edge
                     started again alone: it serves from its snapshot file, the first answer through the VIP is 200
"""
import argparse, calendar, glob, json, os, re, secrets, shutil, signal, socket, statistics, subprocess, sys, tempfile, threading, time
import http.cookiejar, urllib.error, urllib.parse, urllib.request

import pymysql

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import netlab  # noqa: E402  (lab/netlab.py: the namespaces, the bridge and keepalived of HA_NETNS=1)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WEB_DLL = os.path.join(ROOT, "src/SharesConsole.Web/bin/Release/net10.0/SharesConsole.Web.dll")
AGENT_DLL = os.path.join(ROOT, "src/SharesConsole.Agent/bin/Release/net10.0/SharesConsole.Agent.dll")
EDGE_DLL = os.path.join(ROOT, "src/SharesConsole.Edge/bin/Release/net10.0/SharesConsole.Edge.dll")
# HA_NETNS=1: the lab's own network namespace (lab/ha.sh's `unshare --net`) with a bridge and namespaces for the edges
# and the clients, on a private range that exists only there; without it, loopback addresses on this machine.
NETNS = bool(os.environ.get("HA_NETNS"))
NET = os.environ.get("HA_NET", "10.30.0" if NETNS else "127.0.30")
CLIENT_NET = os.environ.get("HA_CLIENT_NET", "10.31.0" if NETNS else "127.0.31")
os.environ.setdefault("HA_NET", NET)
os.environ.setdefault("HA_CLIENT_NET", CLIENT_NET)
EDGE_MODE = os.environ.get("HA_EDGE") or ("process" if NETNS and os.path.exists(EDGE_DLL) else "embedded")
EDGE_SCENARIOS = ["edge-kill", "edge-restart", "edge-partition", "edge-snapshot"]
EDGE_MOVE_LIMIT_S = float(os.environ.get("EDGE_MOVE_LIMIT_S", "3"))   # issue 15: the VIP answers from the other edge within 3 s
CONSOLE = f"http://{NET}.10:5090"
# Issue 16: HA_CONTROL_PLANES=2 (and any leader-* scenario) runs two control planes, cp-1 (.10) and cp-2 (.11), on a
# MariaDB of their own (the control plane's database, not the managed one), electing a leader by database lease.
LEADER_SCENARIOS = ["leader-kill", "leader-kill-failover", "leader-pause"]
CONTROL_PLANES = int(os.environ.get("HA_CONTROL_PLANES", "1"))
CP_DB = ("127.0.30.5", 3398)
LEADER_PAUSE_S = float(os.environ.get("LEADER_PAUSE_S", "20"))
LEADER_TAKEOVER_LIMIT_S = float(os.environ.get("LEADER_TAKEOVER_LIMIT_S", "6"))
VIP = f"{NET}.20"
NODES = {"node-a": f"{NET}.21", "node-b": f"{NET}.22"}
WEB_PORT, TLS_PORT, TRANSFER_PORT, NODED_PORT, MYSQL_PORT, RELAY_PORT = 8080, 8443, 33001, 9092, 3306, 5091
RELAY = os.path.join(ROOT, "lab/delay_relay.py")
FAULTYFS = os.path.join(ROOT, "tests/SharesConsole.Tests.Common/Storage/faultyfs.py")
CLIENTS = [f"{CLIENT_NET}.{i}" for i in range(1, 9)]
SESSION_CLIENTS = 4   # client addresses that also keep a long TCP session through the VIP
SCENARIOS = ["crash", "hang", "mysqld-stop", "cut", "storage-hang", "storage-readonly", "switchover", "drain", "cp-restart", "cp-kill", "ack-delay", "ack-delay-steady", "flap",
             "cut-reset", "clock-step", "cp-clock-step"] + EDGE_SCENARIOS + LEADER_SCENARIOS
ACK_DELAYS = [float(d) for d in os.environ.get("ACK_DELAYS", "2.5,4.5").split(",") if d]
ACK_DELAY_HOLD_S = float(os.environ.get("ACK_DELAY_HOLD_S", "15"))        # delayed link before the cut
ACK_DELAY_STEADY_S = float(os.environ.get("ACK_DELAY_STEADY_S", "300"))
ACK_DELAY_STEADY_DELAY = float(os.environ.get("ACK_DELAY_STEADY_DELAY", "3.5"))
FLAP_S = float(os.environ.get("FLAP_S", "60"))
# Cut lengths, used in turn: under the control plane's detection (about 5 s), past it but healed while the
# failover still waits out the lease (the node reconnects mid-fence), and past the lease.
FLAP_CUT_S = [float(c) for c in os.environ.get("FLAP_CUT_S", "4,7,10").split(",") if c]
FLAP_HEAL_S = float(os.environ.get("FLAP_HEAL_S", "4"))
# Past the control plane's detection (about 5 s) and short of the lease (10 s): the node comes back mid-fence.
CUT_RESET_S = float(os.environ.get("CUT_RESET_S", "7"))
# The agents' wall clock is stepped with libfaketime (their processes only; CLOCK_MONOTONIC is left alone, as a real
# clock step leaves it), loaded only when clock-step runs.
CLOCK_STEP_S = float(os.environ.get("CLOCK_STEP_S", "30"))
CLOCK_STEP_HOLD_S = float(os.environ.get("CLOCK_STEP_HOLD_S", "15"))
FAKETIME = next(iter(sorted(glob.glob("/usr/lib/*/faketime/libfaketime.so.1"))), None)
# Console log lines with a time of day, to line the control plane's and the agents' logs up with the lab's samples.
LOG_FORMAT = {"Logging__Console__FormatterName": "simple", "Logging__Console__FormatterOptions__TimestampFormat": "HH:mm:ss.fff ",
              "Logging__Console__FormatterOptions__SingleLine": "true"}
NFT_TABLE = "sharesconsole_halab"
GROUP = ("mysqld", "crond", "stats-collector", "shares-background")   # the active/passive services
# What must not happen while a node keeps the group (ack-delay-steady and the delayed link before the ack-delay cut).
UNSETTLING_EVENTS = "service.failed,service.restarted,agent.fenced,failover.started,switchover.started,epoch.raised"
DB_USER, DB_PASSWORD = "shares", "shares-lab"


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


class Failure(Exception):
    pass


def wait(predicate, seconds, what):
    return netlab.wait(predicate, seconds, what, error=Failure, step=0.1)


class Console:
    """A control plane process and its REST API (cookie login as the configured admin). With two control planes
    (`leadership`), each instance has the others as `peers`: a call goes to the one that answered last and moves on
    when it does not answer (down, paused) or has no leader to forward to."""

    def __init__(self, data, name="control-plane", address=f"{NET}.10", password=None, leadership=False):
        self.data, self.name, self.address, self.leadership = data, name, address, leadership
        self.url = f"http://{address}:5090"
        self.password = password or secrets.token_urlsafe(16)
        self.proc = None
        self.jar = http.cookiejar.CookieJar()
        self.faketime = False
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), urllib.request.ProxyHandler({}))
        self.peers = []
        self.shared = {"preferred": self}

    def clock_file(self):
        return os.path.join(self.data, "clocks", self.name)

    def set_clock(self, offset):
        """Steps the control plane's wall clock to `offset` seconds from the real one (libfaketime re-reads within a second)."""
        tmp = self.clock_file() + ".tmp"
        with open(tmp, "w") as f:
            f.write(f"{offset:+g}\n")
        os.replace(tmp, self.clock_file())

    def env(self):
        env = dict(os.environ, Lab__Enabled="false", Auth__AdminUser="lab", Auth__AdminPassword=self.password,
                   Database__ConnectionString=f"Data Source={self.data}/console.db",
                   Hangfire__SqlitePath=f"{self.data}/hangfire.db", Cluster__Vip=VIP,
                   Api__RequestsPerMinute="100000",  # the lab's own monitor polls the API 20 times a second
                   Logging__LogLevel__Default="Warning", Logging__LogLevel__SharesConsole="Information", **LOG_FORMAT)
        if EDGE_MODE == "process":
            env["Edge__Embedded"] = "false"   # the edges run apart: no listeners here, the control plane still probes the nodes
        if self.leadership:
            env.update(Database__Provider="MySql", Hangfire__Storage="InMemory",
                       Database__ConnectionString=f"Server={CP_DB[0]};Port={CP_DB[1]};User ID=cp;Password=cp;Database=cp",
                       ControlPlane__Leadership__Enabled="true", ControlPlane__Leadership__InstanceName=self.name,
                       ControlPlane__Leadership__AdvertisedUrl=self.url)
        if self.faketime:
            os.makedirs(os.path.dirname(self.clock_file()), exist_ok=True)
            if not os.path.exists(self.clock_file()):
                self.set_clock(0)
            env.update(LD_PRELOAD=FAKETIME, FAKETIME_TIMESTAMP_FILE=self.clock_file(), FAKETIME_DONT_FAKE_MONOTONIC="1",
                       FAKETIME_CACHE_DURATION="1")
        for i, (name, address) in enumerate(NODES.items()):
            prefix = f"Cluster__Nodes__{i}__"
            env.update({prefix + "Name": name, prefix + "Address": address, prefix + "WebPort": str(TLS_PORT), prefix + "WebTls": "true",
                        prefix + "SshPort": str(TRANSFER_PORT), prefix + "FaspPort": str(TRANSFER_PORT),
                        prefix + "NodedPort": str(NODED_PORT), prefix + "Preference": str(i)})
        return env

    def start(self):
        self.launch()
        self.ready()

    def launch(self):
        if self.call_here("GET", "/readyz")[0] != 0:
            raise Failure(f"something already answers on {self.url}: stop the other lab first")
        out = open(os.path.join(self.data, "console.log" if not self.leadership else f"{self.name}.log"), "a")
        self.proc = subprocess.Popen(["dotnet", WEB_DLL, "--urls", self.url], cwd=self.data, env=self.env(),
                                     stdout=out, stderr=subprocess.STDOUT, start_new_session=True)

    def ready(self):
        wait(lambda: self.call_here("GET", "/readyz")[0] == 200, 120, f"the control plane {self.name}")
        if self.leadership:
            # A follower forwards the login to the leader: there must be one.
            wait(lambda: (self.leadership_view() or {}).get("leader"), 60, f"a leader elected, seen from {self.name}")
        self.login()

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def leadership_view(self):
        status, text = self.call_here("GET", "/leadership", timeout=1)
        return json.loads(text) if status == 200 else None

    def kill(self):
        netlab.kill_group(self.proc)

    def stop(self):
        netlab.stop_group(self.proc, 20)

    def login(self):
        _, page = self.call_here("GET", "/account/login")
        token = re.search(r'name="__RequestVerificationToken"[^>]*?value="([^"]+)"', page)
        form = urllib.parse.urlencode({"UserName": "lab", "Password": self.password, "ReturnUrl": "/",
                                       "__RequestVerificationToken": token.group(1) if token else ""})
        self.call_here("POST", "/account/login", form, form=True)

    def call(self, method, path, body=None, form=False, timeout=3):
        """Calls this control plane, or with peers the one that answered last, then the others."""
        preferred = self.shared["preferred"]
        result = (0, "")
        for instance in [preferred] + [i for i in [self] + self.peers if i is not preferred]:
            result = instance.call_here(method, path, body, form, timeout)
            if result[0] not in (0, 502, 503, 504):
                self.shared["preferred"] = instance
                return result
        return result

    def call_here(self, method, path, body=None, form=False, timeout=3):
        data = None if body is None else (body if isinstance(body, str) else json.dumps(body)).encode()
        req = urllib.request.Request(self.url + path, data=data, method=method)
        if body is not None:
            req.add_header("Content-Type", "application/x-www-form-urlencoded" if form else "application/json")
        try:
            with self.opener.open(req, timeout=timeout) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode(errors="replace")
        except OSError:
            return 0, ""

    def get(self, path):
        status, text = self.call("GET", path)
        return json.loads(text) if status == 200 else None


class Node:
    """One node: its agent process (and, as its children in one process group, its services)."""

    def __init__(self, lab, name, address):
        self.lab, self.name, self.address = lab, name, address
        self.dir = os.path.join(lab.data, name)
        self.proc = None
        os.makedirs(os.path.join(self.dir, "logs"), exist_ok=True)
        self.write_nginx_conf()

    def write_nginx_conf(self):
        d = self.dir
        conf = f"""worker_processes 1;
pid {d}/nginx.pid;
error_log {d}/logs/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {d}/nginx-tmp;
    proxy_temp_path {d}/nginx-tmp;
    fastcgi_temp_path {d}/nginx-tmp;
    uwsgi_temp_path {d}/nginx-tmp;
    scgi_temp_path {d}/nginx-tmp;
    default_type text/plain;
    server {{
        listen {self.address}:{WEB_PORT};
        listen {self.address}:{TLS_PORT} ssl;
        ssl_certificate {self.lab.data}/tls.crt;
        ssl_certificate_key {self.lab.data}/tls.key;
        location = /health {{ return 200 "ok\\n"; }}
        location / {{ return 200 "{self.name}\\n"; }}
    }}
}}
"""
        os.makedirs(os.path.join(d, "nginx-tmp"), exist_ok=True)
        with open(os.path.join(d, "nginx.conf"), "w") as f:
            f.write(conf)

    def settings(self, token):
        d, shared = self.dir, self.lab.shared
        sleeper = {"Driver": "Process", "Command": "/bin/sleep", "Arguments": ["infinity"], "StopGrace": "00:00:05"}
        return {"Agent": {
            "NodeName": self.name, "Address": self.address, "ControlPlaneUrl": self.lab.relays[self.name].url,
            "ControlPlaneUrls": [r.url for r in self.lab.more_relays[self.name]], "Token": token, "BindToAddress": True,
            "StateDirectory": f"{d}/state", "SharedStoragePath": self.lab.views[self.name].path, "CommandTimeout": "00:01:30",
            "Storage": {"RequireMountPoint": True},
            "Services": {
                "nginx": {"Driver": "Process", "Command": "/usr/sbin/nginx", "Port": TLS_PORT, "AutoStart": True,
                          "Arguments": ["-p", d, "-c", f"{d}/nginx.conf", "-g", "daemon off;"],
                          "LogFile": f"{d}/logs/nginx.out", "StopGrace": "00:00:05"},
                "asperahttpd": {"Driver": "Process", "Command": sys.executable, "Port": TRANSFER_PORT, "AutoStart": True,
                                "Arguments": [os.path.join(ROOT, "lab/transfer_standin.py"), self.name, self.address, str(TRANSFER_PORT)],
                                "LogFile": f"{d}/logs/transfer.out", "StopGrace": "00:00:02"},
                "asperanoded": {"Driver": "Process", "Command": sys.executable, "Port": NODED_PORT, "AutoStart": True,
                                "Arguments": [os.path.join(ROOT, "lab/noded_standin.py"), self.address, str(NODED_PORT),
                                              f"{self.lab.data}/tls.crt", f"{self.lab.data}/tls.key"],
                                "LogFile": f"{d}/logs/noded.out", "StopGrace": "00:00:02"},
                "mysqld": {"Driver": "Process", "Command": "/usr/sbin/mariadbd", "Port": MYSQL_PORT,
                           "Arguments": ["--no-defaults", "--user=root", f"--datadir={shared}/mysql",
                                         f"--socket={d}/mysqld.sock", f"--port={MYSQL_PORT}", f"--bind-address={self.address}",
                                         f"--pid-file={d}/mysqld.pid", "--skip-log-bin", "--skip-name-resolve",
                                         "--innodb-buffer-pool-size=32M", "--innodb-flush-log-at-trx-commit=1",
                                         f"--init-file={self.lab.data}/init.sql", f"--log-error={d}/logs/mysqld.err"],
                           "LogFile": f"{d}/logs/mysqld.out", "StopGrace": "00:00:30"},
                "crond": sleeper, "stats-collector": sleeper, "shares-background": sleeper,
            }}}

    def clock_file(self):
        return os.path.join(self.lab.data, "clocks", self.name)

    def set_clock(self, offset):
        """Steps the agent's wall clock to `offset` seconds from the real one (libfaketime re-reads within a second)."""
        tmp = self.clock_file() + ".tmp"
        with open(tmp, "w") as f:
            f.write(f"{offset:+g}\n")
        os.replace(tmp, self.clock_file())

    def start(self):
        token = self.lab.token(self.name)
        settings = self.settings(token)
        env = dict(os.environ, Logging__LogLevel__Default="Information", DOTNET_gcServer="0", **LOG_FORMAT)
        if self.lab.faketime:
            # The agent and its watchdog (both dotnet) get the node's clock; its services keep the real one.
            os.makedirs(os.path.dirname(self.clock_file()), exist_ok=True)
            if not os.path.exists(self.clock_file()):
                self.set_clock(0)
            env.update(LD_PRELOAD=FAKETIME, FAKETIME_TIMESTAMP_FILE=self.clock_file(), FAKETIME_DONT_FAKE_MONOTONIC="1",
                       FAKETIME_CACHE_DURATION="1")
            for service in settings["Agent"]["Services"].values():
                service["Environment"] = {"LD_PRELOAD": ""}
        with open(os.path.join(self.dir, "appsettings.json"), "w") as f:
            json.dump(settings, f, indent=2)
        out = open(os.path.join(self.dir, "logs", "agent.log"), "a")
        self.proc = subprocess.Popen(["dotnet", AGENT_DLL], cwd=self.dir, env=env, stdout=out, stderr=subprocess.STDOUT,
                                     start_new_session=True)

    def crash(self):
        """Power cut: the agent, its watchdog and every service it started die at once."""
        if self.proc:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait()
        # nginx workers re-parented elsewhere or daemons that left the group would survive a real crash test: sweep.
        for pid in pids_matching(self.address) + pids_matching(self.dir + "/"):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def signal_agent(self, sig):
        os.kill(self.proc.pid, sig)

    def group_pids(self):
        """The pids the agent recorded for the active/passive services (None where none is alive)."""
        return {service: self.pid_of(service) for service in GROUP}

    def mysqld_pid(self):
        return self.pid_of("mysqld")

    def pid_of(self, service):
        try:
            with open(os.path.join(self.dir, "state", "pids", f"{service}.pid")) as f:
                pid = int(f.read().strip())
            os.kill(pid, 0)
            return pid
        except (OSError, ValueError):
            return None


class Relay:
    """The node's link to the control plane: lab/delay_relay.py on the node's address, delaying control plane -> agent."""

    def __init__(self, lab, name, address, console, port=RELAY_PORT):
        # Not under the node's directory: a node crash sweeps that, and the link is the network's, not the node's.
        directory = os.path.join(lab.data, "relays")
        os.makedirs(directory, exist_ok=True)
        self.name, self.address, self.port = name, address, port
        self.upstream = console.url.split("//")[1]
        # The agent refuses plain http to a control plane off its host's loopback: on the bridge (HA_NETNS=1) the relay
        # listens on a loopback address of the lab's namespace, and still connects upstream from the node's address.
        self.listen = f"127.0.30.{address.rsplit('.', 1)[1]}" if NETNS else address
        self.url = f"http://{self.listen}:{port}"
        stem = name if port == RELAY_PORT else f"{name}-{console.name}"
        self.config = os.path.join(directory, f"{stem}.json")
        self.delay_file = os.path.join(directory, f"{stem}.delay")
        self.log = os.path.join(directory, f"{stem}.log")
        self.proc = None

    def start(self):
        self.set_delay(0)
        with open(self.config, "w") as f:
            json.dump({"listen": f"{self.listen}:{self.port}", "upstream": self.upstream, "source": self.address,
                       "delay_file": self.delay_file}, f)
        out = open(self.log, "a")
        # Its standard input is its lifeline: the relay exits when this process does.
        self.proc = subprocess.Popen([sys.executable, RELAY, self.config], stdin=subprocess.PIPE, stdout=out,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        wait(lambda: socket.create_connection((self.listen, self.port), timeout=1).close() is None, 30, f"the relay of {self.name}")

    def set_delay(self, seconds):
        tmp = self.delay_file + ".tmp"
        with open(tmp, "w") as f:
            f.write(f"{seconds}\n")
        os.replace(tmp, self.delay_file)

    def reset_connections(self, mode="both"):
        """Resets or silences the open connections through the relay: "both", "silence" or "agent" (see delay_relay.Reset)."""
        with open(os.path.splitext(self.delay_file)[0] + ".reset", "a") as f:
            f.write(f"{time.time()} {mode}\n")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def cut_off(address):
    """Drops every packet from or to the node's address (its agent connects from it too: BindToAddress): on output
    (loopback and what leaves for the bridge) and on input (what the edges' namespaces send over the bridge)."""
    commands = [["add", "table", "ip", NFT_TABLE]]
    for hook in ("output", "input"):
        commands += [["add", "chain", "ip", NFT_TABLE, hook, f"{{ type filter hook {hook} priority 0 ; }}"],
                     ["add", "rule", "ip", NFT_TABLE, hook, "ip", "saddr", address, "drop"],
                     ["add", "rule", "ip", NFT_TABLE, hook, "ip", "daddr", address, "drop"]]
    for command in commands:
        subprocess.run(["nft"] + command, check=True, capture_output=True)


def reconnect():
    subprocess.run(["nft", "delete", "table", "ip", NFT_TABLE], capture_output=True)


def mysqld_node(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            args = f.read().decode(errors="replace").split("\0")
    except OSError:
        return "?"
    address = next((a.split("=", 1)[1] for a in args if a.startswith("--bind-address=")), "?")
    return next((name for name, a in NODES.items() if a == address), address)


def pids_matching(fragment):
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                cmdline = f.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if fragment in cmdline and "ha.py" not in cmdline:
            found.append(int(entry))
    return found


class Workload:
    """HTTP through the VIP, numbered inserts into the active node's MariaDB, TCP+UDP affinity sessions."""

    def __init__(self, lab):
        self.lab = lab
        self.running = True
        self.http = []            # (t, ok, node)
        self.acked = set()
        self.next_row = 1
        self.affinity = []        # (t, client, tcp_node, udp_node)
        self.transfer_errors = 0
        self.mysqld_samples = []  # (t, count)
        self.doubles = []         # (t, wall time, [(pid, node)]) of the samples with more than one mysqld
        self.probes = []          # (t, ok) of the VIP prober: short timeouts, to time a VIP move
        self.sessions_lost = []   # (t, client, node) of long TCP sessions through the VIP that broke
        loops = [self.http_loop, self.db_loop, self.affinity_loop, self.mysqld_loop, self.session_loop] + ([self.probe_loop] if lab.edges else [])
        self.threads = [threading.Thread(target=f, daemon=True) for f in loops]
        for t in self.threads:
            t.start()

    def stop(self):
        self.running = False
        for t in self.threads:
            t.join(timeout=10)

    def client_side(self):
        """The client threads' sockets originate in the client namespace (HA_NETNS=1): enter it, for this thread only."""
        if self.lab.topology:
            netlab.enter_netns(self.lab.topology.client_ns)

    def http_loop(self):
        self.client_side()
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        while self.running:
            t = time.monotonic()
            try:
                with opener.open(f"http://{VIP}:{WEB_PORT}/", timeout=3) as r:
                    self.http.append((t, r.status == 200, r.read().decode().strip()))
            except Exception:
                self.http.append((t, False, None))
            time.sleep(0.02)

    def session_loop(self):
        """Long TCP (SSH-like) sessions through the VIP, one per client address in SESSION_CLIENTS, each echoing a
        line every 0.2 s: a session that breaks (reset, closed, or no echo for 2 s) is lost; a new one is opened."""
        self.client_side()
        sessions = {client: None for client in CLIENTS[:SESSION_CLIENTS]}
        while self.running:
            for client, session in list(sessions.items()):
                if session is None:
                    try:
                        sock = socket.create_connection((VIP, TRANSFER_PORT), timeout=2, source_address=(client, 0))
                        sock.sendall(b"hello")
                        sessions[client] = (sock, sock.recv(256).decode().split("|")[0])
                    except OSError:
                        pass
                    continue
                sock, node = session
                try:
                    sock.sendall(b"ping")
                    if not sock.recv(256).startswith(node.encode() + b"|"):
                        raise OSError("closed or answered by another node")
                except OSError:
                    self.sessions_lost.append((time.monotonic(), client, node))
                    sock.close()
                    sessions[client] = None
            time.sleep(0.2)
        for session in sessions.values():
            if session:
                session[0].close()

    def lost_sessions(self, t0, t1):
        return sum(1 for t, _, _ in list(self.sessions_lost) if t0 <= t <= t1)

    def probe_loop(self):
        """GETs through the VIP with a 0.25 s timeout every 20 ms: when the VIP answers again after an edge fault (the
        workload's own requests wait up to 3 s, as a client would)."""
        self.client_side()
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        while self.running:
            t = time.monotonic()
            try:
                with opener.open(f"http://{VIP}:{WEB_PORT}/", timeout=0.25) as r:
                    r.read()
                    self.probes.append((t, r.status == 200))
            except Exception:
                self.probes.append((t, False))
            time.sleep(0.02)

    def db_loop(self):
        conn = None
        while self.running:
            active = self.lab.active
            if conn is None:
                try:
                    conn = pymysql.connect(host=NODES[active], port=MYSQL_PORT, user=DB_USER, password=DB_PASSWORD,
                                           database="shares", connect_timeout=1, read_timeout=3, write_timeout=3, autocommit=True)
                except Exception:
                    conn = None
                    time.sleep(0.1)
                    continue
            try:
                with conn.cursor() as cur:
                    cur.execute("INSERT IGNORE INTO acks (n) VALUES (%s)", (self.next_row,))
                self.acked.add(self.next_row)
                self.next_row += 1
            except Exception:
                try:
                    conn.close()
                except Exception:
                    pass
                conn = None
            time.sleep(0.02)

    def affinity_loop(self):
        self.client_side()
        while self.running:
            for client in CLIENTS:
                tcp1, udp, tcp2 = self.tcp(client), self.udp(client), self.tcp(client)
                if None in (tcp1, udp, tcp2):
                    self.transfer_errors += 1
                self.affinity.append((time.monotonic(), client, tcp1, udp, tcp2))
            time.sleep(0.2)

    @staticmethod
    def tcp(client):
        try:
            with socket.create_connection((VIP, TRANSFER_PORT), timeout=2, source_address=(client, 0)) as s:
                s.sendall(b"ssh")
                return s.recv(256).decode().split("|")[0]
        except OSError:
            return None

    @staticmethod
    def udp(client):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.settimeout(1)
            try:
                s.bind((client, 0))
                s.sendto(b"fasp", (VIP, TRANSFER_PORT))
                return s.recvfrom(256)[0].decode().split("|")[0]
            except OSError:
                return None

    def mysqld_loop(self):
        datadir = f"--datadir={self.lab.shared}/mysql"
        while self.running:
            pids = pids_matching(datadir)
            now = time.monotonic()
            self.mysqld_samples.append((now, len(pids)))
            if len(pids) > 1:
                self.doubles.append((now, time.time(), [(pid, mysqld_node(pid)) for pid in pids]))
            time.sleep(0.05)

    # --- figures for a window -------------------------------------------------------------------------------
    def http_errors(self, t0, t1):
        return sum(1 for t, ok, _ in list(self.http) if t0 <= t <= t1 and not ok)

    def last_served_by(self, node, t0):
        times = [t for t, ok, n in list(self.http) if t >= t0 and ok and n == node]
        return max(times) - t0 if times else 0.0

    def vip_serving(self, seconds=1.0):
        """The prober's requests of the last `seconds` were all answered 200 (True without a prober: no edges apart)."""
        if not self.lab.edges:
            return True
        now = time.monotonic()
        recent = [ok for t, ok in list(self.probes)[-200:] if t >= now - seconds]
        return len(recent) >= 3 and all(recent)

    def vip_down(self, t0, t1):
        """Seconds in [t0, t1] during which the prober's requests through the VIP failed (None without a prober)."""
        if not self.lab.edges:
            return None
        samples = [(t, ok) for t, ok in list(self.probes) if t0 <= t <= t1]
        return sum(b[0] - a[0] for a, b in zip(samples, samples[1:]) if not a[1])

    def first_ok(self, t0):
        """When the prober's first request sent at or after t0 that was answered 200 was sent (None if none yet)."""
        return next((t for t, ok in list(self.probes) if t >= t0 and ok), None)

    def transfer_failures(self, t0, t1):
        """Transfer rounds (TCP, UDP, TCP from one client address) with a session that got no answer."""
        return sum(1 for t, _, a, u, b in list(self.affinity) if t0 <= t <= t1 and None in (a, u, b))

    def affinity_violations(self, t0, t1):
        return sum(1 for t, _, a, u, b in list(self.affinity) if t0 <= t <= t1 and a and b and u and a == b and u != a)

    def log_affinity(self, t0, t1):
        """The rounds that broke affinity, to line up with the edges' logs."""
        for t, client, a, u, b in list(self.affinity):
            if t0 <= t <= t1 and a and b and u and a == b and u != a:
                wall = time.time() - (time.monotonic() - t)
                log(f"  affinity violation at {time.strftime('%H:%M:%S', time.localtime(wall))}.{int(wall * 1000) % 1000:03d} "
                    f"from {client}: TCP {a}, UDP {u}, TCP {b}")

    def double_mysqld(self, t0, t1):
        return sum(1 for t, c in list(self.mysqld_samples) if t0 <= t <= t1 and c > 1)

    def log_doubles(self, t0, t1):
        """When two mysqld ran at once: the wall-clock window and whose they were, to line up with the logs."""
        samples = [(wall, owners) for t, wall, owners in list(self.doubles) if t0 <= t <= t1]
        if samples:
            stamp = lambda wall: time.strftime("%H:%M:%S", time.localtime(wall)) + f".{int(wall * 1000) % 1000:03d}"
            log(f"  TWO MYSQLD in {len(samples)} samples from {stamp(samples[0][0])} to {stamp(samples[-1][0])}: " +
                "; ".join(sorted({f"pid {pid} of {node}" for _, owners in samples for pid, node in owners})))

    def rows_missing(self, active):
        acked = set(self.acked)  # before the read: rows acknowledged later are not expected in it
        end = time.monotonic() + 60
        while True:
            try:
                conn = pymysql.connect(host=NODES[active], port=MYSQL_PORT, user=DB_USER, password=DB_PASSWORD, database="shares",
                                       connect_timeout=5, read_timeout=30)
                break
            except pymysql.err.OperationalError as e:
                if time.monotonic() > end:
                    raise Failure(f"cannot read the rows back from {active}: {e}")
                time.sleep(0.5)
        try:
            with conn.cursor() as cur:
                cur.execute("SELECT n FROM acks")
                present = {row[0] for row in cur.fetchall()}
        finally:
            conn.close()
        return len(acked - present)


class StorageView:
    """The node's own view of the shared directory: a FUSE pass-through (faultyfs) mounted for its agent, so that one
    node's storage alone can hang or turn read-only while the other's keeps working. The agent probes it and keeps its
    disk-heartbeat slot there; mysqld's data files stay on the directory itself (a Python file system under MariaDB
    would measure Python)."""

    def __init__(self, lab, name):
        self.lab, self.name = lab, name
        self.path = os.path.join(lab.data, "views", name)
        self.control = os.path.join(lab.data, "views", f"{name}.control")
        self.process = None

    def start(self):
        os.makedirs(self.path, exist_ok=True)
        self.set("ok")
        with open(os.path.join(self.lab.data, "views", f"{self.name}.log"), "ab") as out:
            self.process = subprocess.Popen(["/usr/bin/python3", FAULTYFS, self.path, self.control, "--passthrough", self.lab.shared],
                                            stdout=out, stderr=subprocess.STDOUT)
        wait(self.serving, 30, f"the storage view of {self.name} to be mounted")

    def serving(self):
        if self.process.poll() is not None:
            raise Failure(f"faultyfs for {self.name} exited with {self.process.returncode} (see {self.lab.data}/views/{self.name}.log)")
        return os.path.ismount(self.path) and os.path.isdir(os.path.join(self.path, "mysql"))

    def set(self, mode):
        """ok, hang (every operation blocks), eio (writes fail) or erofs (read-only)."""
        tmp = self.control + ".tmp"
        with open(tmp, "w") as f:
            f.write(f"mode={mode}\n")
        os.replace(tmp, self.control)

    def stop(self):
        if self.process is None:
            return
        self.set("ok")
        subprocess.run(["umount", "-l", self.path], capture_output=True)
        self.process.kill()
        self.process.wait()
        self.process = None


class Edge:
    """One edge process (SharesConsole.Edge) in its namespace, with the keepalived that moves the VIP to it."""

    def __init__(self, lab, name, info, priority):
        self.lab, self.name, self.ns, self.address, self.priority = lab, name, info["ns"], info["address"], priority
        self.dir = os.path.join(lab.data, name)
        os.makedirs(self.dir, exist_ok=True)
        self.snapshot = os.path.join(self.dir, "snapshot.json")
        self.management = f"http://{self.address}:{netlab.EDGE_HEALTH_PORT}"
        self.health_url = f"{self.management}/healthz"
        # keepalived's track file: the edge writes 0/1 itself; when its process dies the lab writes 1, as the systemd
        # unit's ExecStopPost does in production.
        self.track_file = os.path.join(self.dir, "vrrp")
        self.keepalived = netlab.Keepalived(self.ns, os.path.join(self.dir, "keepalived"))
        self.token = None
        self.proc = None
        self.opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def env(self):
        env = dict(os.environ, EdgeHost__Name=self.name, EdgeHost__Token=self.token,
                   EdgeHost__SnapshotPath=self.snapshot, EdgeHost__ManagementUrl=self.management, EdgeHost__VrrpTrackFile=self.track_file,
                   Logging__LogLevel__Default="Warning", Logging__LogLevel__SharesConsole="Information", DOTNET_gcServer="0",
                   **LOG_FORMAT)
        for i, console in enumerate(self.lab.consoles):
            env[f"EdgeHost__ControlPlaneUrls__{i}"] = console.url
        if os.environ.get("HA_TRANSFER_PATH"):
            env["Edge__TransferPath"] = os.environ["HA_TRANSFER_PATH"]   # Auto (the edge's default), Kernel or Relay
        return env

    def configure_keepalived(self):
        """The edge's own keepalived configuration (`SharesConsole.Edge.dll keepalived ...`), so that the lab tests what
        operators deploy; the lab's template (lab/netlab.py) when the edge cannot print one or HA_KEEPALIVED=lab."""
        vip = f"{self.lab.topology.vip}/24"
        text = None
        if os.environ.get("HA_KEEPALIVED") != "lab":
            result = subprocess.run(["dotnet", EDGE_DLL, "keepalived", "--interface", netlab.LINK, "--vip", vip, "--priority", str(self.priority),
                                     "--router-id", str(netlab.VRRP_ROUTER_ID), "--health-url", self.health_url,
                                     "--track-file", self.track_file],
                                    capture_output=True, text=True, env=dict(os.environ, Logging__LogLevel__Default="None"))
            if result.returncode == 0 and "vrrp_instance" in result.stdout:
                text = result.stdout
            else:
                log(f"  {self.name}: the edge printed no keepalived configuration (exit {result.returncode}: "
                    f"{(result.stderr or result.stdout).strip()[:200]}); the lab's template instead")
        self.keepalived.write(text or netlab.keepalived_conf(self.name, netlab.LINK, vip, self.priority, self.health_url))

    def start(self):
        out = open(os.path.join(self.dir, "edge.log"), "a")
        self.proc = subprocess.Popen(["ip", "netns", "exec", self.ns, "dotnet", EDGE_DLL], cwd=self.dir, env=self.env(),
                                     stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        threading.Thread(target=self.supervise, args=(self.proc,), daemon=True).start()

    def supervise(self, proc):
        """What the service manager does (ExecStopPost): the moment the process is gone, the track file says so."""
        proc.wait()
        with open(self.track_file, "w") as f:
            f.write("1\n")

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def kill(self):
        netlab.kill_group(self.proc)

    def stop(self, timeout=30):
        if not netlab.stop_group(self.proc, timeout):
            log(f"  {self.name} did not stop within {timeout} s of SIGTERM: killed")

    def healthz(self):
        """The status of the edge's health endpoint (0 when it does not answer)."""
        try:
            with self.opener.open(self.health_url, timeout=1) as r:
                return r.status
        except urllib.error.HTTPError as e:
            return e.code
        except OSError:
            return 0


class ControlPlaneDb:
    """The control planes' own MariaDB (their database, never the managed one), on the lab namespace's loopback."""

    def __init__(self, data):
        self.dir = os.path.join(data, "cp-db")
        self.proc = None

    def start(self):
        subprocess.run(["mariadb-install-db", "--no-defaults", f"--datadir={self.dir}", "--user=root",
                        "--auth-root-authentication-method=normal", "--skip-test-db"], check=True, capture_output=True)
        out = open(os.path.join(os.path.dirname(self.dir), "cp-db.log"), "a")
        self.proc = subprocess.Popen(["mariadbd", "--no-defaults", f"--datadir={self.dir}", f"--socket={self.dir}.sock",
                                      f"--port={CP_DB[1]}", f"--bind-address={CP_DB[0]}", "--user=root", "--skip-log-bin",
                                      "--skip-name-resolve", "--innodb-buffer-pool-size=64M", f"--pid-file={self.dir}.pid"],
                                     stdout=out, stderr=subprocess.STDOUT, start_new_session=True)

        def up():
            try:
                pymysql.connect(unix_socket=f"{self.dir}.sock", user="root").close()
                return True
            except pymysql.MySQLError:
                return False
        wait(up, 60, "the control planes' MariaDB")
        db = pymysql.connect(unix_socket=f"{self.dir}.sock", user="root", autocommit=True)
        with db.cursor() as c:
            for statement in ("CREATE DATABASE cp", "CREATE USER 'cp'@'%' IDENTIFIED BY 'cp'", "GRANT ALL ON cp.* TO 'cp'@'%'"):
                c.execute(statement)
        db.close()

    def stop(self):
        netlab.stop_group(self.proc, 30)


class Lab:
    def __init__(self, data):
        self.data = data
        self.shared = os.path.join(data, "shared")
        if CONTROL_PLANES > 1:
            password = secrets.token_urlsafe(16)
            self.consoles = [Console(data, f"cp-{i + 1}", f"{NET}.{10 + i}", password, leadership=True) for i in range(CONTROL_PLANES)]
            for console in self.consoles:
                console.peers = [c for c in self.consoles if c is not console]
                console.shared = self.consoles[0].shared
            self.cp_db = ControlPlaneDb(data)
        else:
            self.consoles = [Console(data)]
            self.cp_db = None
        self.console = self.consoles[0]   # the API, through whichever control plane answers
        self.tokens = {}
        self.faketime = False
        self.active = "node-a"
        self.state = {}
        self.first_seen = {}
        self.watching = True
        self.prepare()
        self.views = {name: StorageView(self, name) for name in NODES}
        self.nodes = {name: Node(self, name, address) for name, address in NODES.items()}
        self.relays = {name: Relay(self, name, address, self.console) for name, address in NODES.items()}
        # With more control planes, one more relay per node and control plane: the agent is given every URL.
        self.more_relays = {name: [Relay(self, name, address, c, RELAY_PORT + i) for i, c in enumerate(self.consoles[1:], 1)]
                            for name, address in NODES.items()}
        self.topology = netlab.Topology(edges=2 if EDGE_MODE == "process" else 0, cp_address=f"{NET}.10",
                                        extra_addresses=[c.address for c in self.consoles[1:]],
                                        node_addresses=list(NODES.values()), vip_on_bridge=EDGE_MODE == "embedded") if NETNS else None
        self.edges = {name: Edge(self, name, info, 150 - 50 * i) for i, (name, info) in enumerate(self.topology.edges.items())} \
            if self.topology else {}
        self.vip_watch = netlab.VipWatch(self.topology) if self.edges else None
        self.edge_state = {}      # from GET /api/v1/edges

    def prepare(self):
        os.makedirs(self.shared, exist_ok=True)
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30", "-subj", "/CN=shares.test",
                        "-keyout", f"{self.data}/tls.key", "-out", f"{self.data}/tls.crt"], check=True, capture_output=True)
        subprocess.run(["mariadb-install-db", "--no-defaults", f"--datadir={self.shared}/mysql", "--user=root",
                        "--auth-root-authentication-method=normal", "--skip-test-db"], check=True, capture_output=True)
        with open(f"{self.data}/init.sql", "w") as f:
            f.write("CREATE DATABASE IF NOT EXISTS shares;\n"
                    f"CREATE USER IF NOT EXISTS '{DB_USER}'@'%' IDENTIFIED BY '{DB_PASSWORD}';\n"
                    f"GRANT ALL ON shares.* TO '{DB_USER}'@'%';\n"
                    "CREATE TABLE IF NOT EXISTS shares.acks (n INT PRIMARY KEY, at TIMESTAMP(3) DEFAULT CURRENT_TIMESTAMP(3)) ENGINE=InnoDB;\n")

    def token(self, node):
        status, text = self.console.call("POST", f"/api/v1/nodes/{node}/token", {})
        if status not in (200, 201):
            raise Failure(f"could not issue a token for {node}: {status} {text[:300]}")
        return json.loads(text)["agentToken"]

    def check_free(self):
        busy = []
        for address, port in [(VIP, WEB_PORT), (f"{NET}.10", 5090)] + [(a, p) for a in NODES.values() for p in (WEB_PORT, TLS_PORT, TRANSFER_PORT, NODED_PORT, MYSQL_PORT, RELAY_PORT)]:
            with socket.socket() as s:
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                try:
                    s.bind((address, port))
                except OSError:
                    busy.append(f"{address}:{port}")
        if busy:
            raise Failure(f"already in use: {', '.join(busy)} (another lab still running? `ss -ltnp | grep {NET}.` shows who)")

    def start(self):
        if self.topology:
            self.topology.create()   # a fresh namespace: nothing else can hold these addresses
        else:
            self.check_free()
        if self.cp_db:
            self.cp_db.start()
        for console in self.consoles:
            console.launch()
        for console in self.consoles:
            console.ready()
        threading.Thread(target=self.watch, daemon=True).start()
        for relay in self.all_relays():
            relay.start()
        for view in self.views.values():
            view.start()
        for node in self.nodes.values():
            node.start()
        if self.edges:
            self.start_edges()
        wait(self.group_healthy, 180, "both nodes healthy and the group running on the active node")

    def start_edges(self):
        self.vip_watch.start()
        for edge in self.edges.values():
            status, text = self.console.call("POST", f"/api/v1/edges/{edge.name}/token", {})
            if status not in (200, 201):
                raise Failure(f"could not issue a token for {edge.name}: {status} {text[:300]}")
            edge.token = json.loads(text)["edgeToken"]
            edge.configure_keepalived()
            edge.start()
        for edge in self.edges.values():
            wait(lambda: edge.healthz() == 200, 120, f"{edge.name} serving ({edge.health_url})")
        for edge in self.edges.values():
            edge.keepalived.start()
        wait(self.edges_settled, 60, "one edge holding the VIP, the other its backup")
        log(f"edges serving, VIP {VIP} on {self.vip_watch.holder()}")

    def all_relays(self):
        return list(self.relays.values()) + [r for rs in self.more_relays.values() for r in rs]

    def vip_holder(self):
        return self.vip_watch.holder() if self.vip_watch else None

    def leadership(self):
        """(leader name, term) as the instances that answer agree on it, or (None, None)."""
        views = [v for v in (c.leadership_view() for c in self.consoles if c.alive()) if v]
        leaders = {(v["instance"], v["term"]) for v in views if v.get("role") == "Leader"}
        return next(iter(leaders)) if len(leaders) == 1 else (None, None)

    def edges_settled(self):
        """Every edge serving, connected and ready to take the VIP (its keepalived MASTER or BACKUP, not FAULT), one holder."""
        if not self.edges:
            return True
        states = {name: edge.keepalived.state() for name, edge in self.edges.items()}
        holder = self.vip_watch.holder()
        return (holder is not None and states[holder] == "MASTER" and all(s in ("MASTER", "BACKUP") for s in states.values())
                and all(edge.alive() and edge.keepalived.alive() and edge.healthz() == 200 for edge in self.edges.values())
                and all(self.edge_state.get(name, {}).get("connected") for name in self.edges)
                # The control plane's view (the edges' reports) agrees with the addresses: one holder, the right one.
                and all(self.edge_state[name].get("holdsVip") == (name == holder) for name in self.edges))

    def edge_probes_up(self):
        """Every edge's own probes (as it reports them) find every node up in every pool."""
        return all(self.edge_state.get(name, {}).get("probes") and all(p["up"] for p in self.edge_state[name]["probes"])
                   for name in self.edges)

    def watch(self):
        while self.watching:
            cluster, nodes = self.console.get("/api/v1/cluster"), self.console.get("/api/v1/nodes")
            if self.edges:
                edges = self.console.get("/api/v1/edges")
                if edges is not None:
                    self.edge_state = {e["name"]: e for e in edges}
            if cluster and nodes is not None:
                self.state = {"cluster": cluster, "nodes": {n["name"]: n for n in nodes}}
                if cluster.get("activeNode"):
                    self.active = cluster["activeNode"]
                now = time.monotonic()
                marks = [("operation", None)] if cluster.get("runningOperation") else []
                for n in nodes:
                    marks += [("down", n["name"])] if n.get("verdict") == "Down" else []
                    marks += [("webdown", n["name"])] if not n.get("webUp") else []
                for mark in marks:
                    self.first_seen.setdefault(mark, now)
            time.sleep(0.1)

    def node_state(self, name):
        return self.state.get("nodes", {}).get(name, {})

    def group_healthy(self, on=None):
        cluster = self.state.get("cluster") or {}
        active = cluster.get("activeNode")
        if not active or (on and active != on) or cluster.get("runningOperation"):
            return False
        services = {s["service"]: s for s in self.node_state(active).get("services", [])}
        return all(services.get(name, {}).get("state") == "Running" and services[name].get("probeOk") for name in GROUP)

    def all_healthy(self):
        return self.group_healthy() and all(self.node_state(n).get("verdict") == "Healthy" for n in NODES) and self.edges_settled() \
            and self.edge_probes_up()

    def heal(self):
        """After a repetition that broke off: no cut, no delayed link, true clocks (a crashed or stopped agent stays as it
        is); the edges, their keepalived and the control plane running again."""
        reconnect()
        if self.topology:
            self.topology.heal()
        for console in self.consoles:
            if not console.alive():
                console.start()
        for edge in self.edges.values():
            if not edge.alive():
                edge.start()
            if not edge.keepalived.alive():
                edge.keepalived.start()
        for relay in self.all_relays():
            relay.set_delay(0)
        for view in self.views.values():
            view.set("ok")
        if self.faketime:
            for node in self.nodes.values():
                node.set_clock(0)
        for console in self.consoles:
            if console.faketime:
                console.set_clock(0)

    def shutdown(self):
        self.watching = False
        for edge in self.edges.values():
            edge.keepalived.stop()
            edge.kill()
        if self.vip_watch:
            self.vip_watch.stop()
        for node in self.nodes.values():
            node.crash()
        for relay in self.all_relays():
            relay.stop()
        for view in self.views.values():
            view.stop()
        for console in self.consoles:
            console.stop()
        if self.cp_db:
            self.cp_db.stop()
        if self.topology:
            self.topology.destroy()


def last_event_id(lab):
    page = lab.console.get(f"/api/v1/events?before={2 ** 63 - 1}&limit=1") or {}
    return page["items"][0]["id"] if page.get("items") else 0


def hold(lab, victim, seconds):
    """Watches the group stay on the victim for that long: no operation, no failover, no restart, no fence.

    Returns what went wrong, each once; the node's verdict changes are logged, not counted."""
    problems = []
    epoch0 = lab.state["cluster"]["epoch"]
    cursor = last_event_id(lab)
    pids0 = lab.nodes[victim].group_pids()
    verdict = lab.node_state(victim).get("verdict")
    t0 = time.monotonic()
    wall0 = time.time()
    end = t0 + seconds

    def once(problem):
        if problem not in problems:
            problems.append(problem)
            log(f"  at {time.monotonic() - t0:.1f} s: {problem}")

    while time.monotonic() < end:
        cluster = lab.state.get("cluster") or {}
        if cluster.get("runningOperation"):
            op = cluster["runningOperation"]
            once(f"operation {op.get('kind')} {op.get('sourceNode')} -> {op.get('targetNode')} started")
        if cluster.get("activeNode") != victim:
            once(f"the group left {victim} (active {cluster.get('activeNode')})")
        pids = lab.nodes[victim].group_pids()
        for service, pid in pids0.items():
            if pids[service] != pid:
                once(f"{service} on {victim} restarted or stopped (pid {pid} -> {pids[service]})")
        now_verdict = lab.node_state(victim).get("verdict")
        if now_verdict != verdict:
            log(f"  at {time.monotonic() - t0:.1f} s: {victim} verdict {verdict} -> {now_verdict}")
            verdict = now_verdict
        time.sleep(0.5)
    if lab.state["cluster"]["epoch"] != epoch0:
        once(f"epoch moved {epoch0} -> {lab.state['cluster']['epoch']}")
    page = lab.console.get(f"/api/v1/events?since={cursor}&kind={UNSETTLING_EVENTS}&limit=1000")
    if page is None:
        once("could not read the events")
    for e in (page or {}).get("items", []):
        fenced_at = re.search(r"fenced itself at (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)Z", e["message"]) if e["kind"] == "agent.fenced" else None
        if fenced_at and calendar.timegm(time.strptime(fenced_at.group(1), "%Y-%m-%d %H:%M:%S")) < wall0 - 1:
            # The fence of an earlier repetition's cut-off node, reported once it reconnected: not this hold's.
            log(f"  earlier fence reported late: {e['message'][:160]}")
            continue
        once(f"event {e['kind']} {e.get('node') or ''} {e.get('service') or ''}: {e['message']}")
    return problems


def finish_row(lab, work, row, t_start):
    """Logs the double-mysqld samples, the affinity violations and the last operation's steps when the row has them."""
    work.log_doubles(t_start, time.monotonic())
    work.log_affinity(t_start, time.monotonic())
    if row["epoch"]:
        ops = lab.console.get("/api/v1/operations?limit=1") or []
        steps = lab.console.get(f"/api/v1/operations/{ops[0]['id']}/steps") if ops else None
        if steps:
            log(f"  {ops[0]['kind']} {ops[0].get('sourceNode')} -> {ops[0].get('targetNode')} {ops[0]['status']}: " +
                ", ".join(f"{x['name']} {x['status'].lower()} {(x.get('durationMs') or 0) / 1000:.1f}s" for x in steps))
            for x in steps:
                if x["status"].lower() == "failed" or x["name"] == "fence":
                    log(f"    {x['name']} {x['status'].lower()}: {x.get('detail')}")
    return row


def run_steady(lab, work):
    """ack-delay-steady: the active agent's link delays what the control plane sends; the node must keep the group."""
    victim = lab.active
    epoch0 = lab.state["cluster"]["epoch"]
    lab.first_seen = {}
    t0 = time.monotonic()
    log(f"  {victim}: control plane -> agent delayed {ACK_DELAY_STEADY_DELAY:g} s for {ACK_DELAY_STEADY_S:g} s, no cut")
    lab.relays[victim].set_delay(ACK_DELAY_STEADY_DELAY)
    try:
        problems = hold(lab, victim, ACK_DELAY_STEADY_S)
    finally:
        lab.relays[victim].set_delay(0)
    t1 = time.monotonic()
    # Let what the relay still holds arrive and a full lease be granted again: the next scenario starts settled.
    time.sleep(ACK_DELAY_STEADY_DELAY + 2)
    detect = min([lab.first_seen[k] for k in (("down", victim), ("operation", None)) if k in lab.first_seen], default=None)
    edge_gone = lab.first_seen.get(("webdown", victim))
    row = {
        "scenario": "ack-delay-steady", "victim": victim, "active": lab.state["cluster"]["activeNode"],
        "detect": None if detect is None else detect - t0, "edge": None if edge_gone is None else edge_gone - t0,
        "healthy": None, "http_errors": work.http_errors(t0, t1), "rows_missing": work.rows_missing(lab.active),
        "two_mysqld": work.double_mysqld(t0, time.monotonic()), "affinity": work.affinity_violations(t0, t1),
        "epoch": lab.state["cluster"]["epoch"] - epoch0, "problems": problems,
    }
    return finish_row(lab, work, row, t0)


def run_flap(lab, work):
    """flap: cut the active node off and heal it, again and again; then the group must come back whole."""
    victim = lab.active
    epoch0 = lab.state["cluster"]["epoch"]
    lab.first_seen = {}
    t0 = time.monotonic()
    cuts = []
    try:
        while time.monotonic() < t0 + FLAP_S:
            target = lab.active  # the active node of the moment: a failover mid-flap moves the next cut with it
            length = FLAP_CUT_S[len(cuts) % len(FLAP_CUT_S)]
            cuts.append(f"{target}:{length:g}s@{time.monotonic() - t0:.0f}")
            cut_off(NODES[target])
            time.sleep(length)
            reconnect()
            time.sleep(FLAP_HEAL_S)
    finally:
        reconnect()
    healed = time.monotonic()
    log(f"  cuts (node:length@start), healed {FLAP_HEAL_S:g} s after each: " + " ".join(cuts))
    healthy = wait(lab.group_healthy, 180, "the group healthy again after the flapping")
    detect = min([lab.first_seen[k] for k in (("down", victim), ("operation", None)) if k in lab.first_seen], default=None)
    edge_gone = lab.first_seen.get(("webdown", victim))
    final = lab.state["cluster"]["activeNode"]
    wait(lambda: any(t >= healthy + 1 for t, _, _ in work.http[-100:]), 30, "the workload to sample one second past healthy")
    row = {
        "scenario": "flap", "victim": victim, "active": final,
        "detect": None if detect is None else detect - t0, "edge": None if edge_gone is None else edge_gone - t0,
        "healthy": healthy - healed,   # from the last heal: the flapping itself lasts FLAP_S
        "http_errors": work.http_errors(t0, healthy + 1), "rows_missing": work.rows_missing(final),
        "two_mysqld": work.double_mysqld(t0, time.monotonic()), "affinity": work.affinity_violations(t0, time.monotonic()),
        "epoch": lab.state["cluster"]["epoch"] - epoch0,
    }
    return finish_row(lab, work, row, t0)


def scenario_label(name):
    return f"ack-delay {float(name.split('=', 1)[1]):g}s" if name.startswith("ack-delay=") else name


EDGE_PARTITION_S = float(os.environ.get("EDGE_PARTITION_S", "10"))   # how long edge-partition keeps the holder cut off


def vip_moves(lab, t0, t1):
    """How often the clients' way to the VIP went to another edge between t0 and t1. While two edges hold it (a
    partition, a keepalived killed with its address left behind) the one that took it last has the clients (its
    gratuitous ARPs); when it lets go, the other has them again."""
    moves, order, effective = 0, [], None
    for t, holders in list(lab.vip_watch.series):
        order = [e for e in order if e in holders] + sorted(h for h in holders if h not in order)
        now = order[-1] if order else None
        if now is not None and now != effective:
            if effective is not None and t0 <= t <= t1:
                moves += 1
            effective = now
    return moves


def first_answer(lab, deadline_s=60):
    """From the client namespace: GETs through the VIP until one is answered (refused or reset connections and timeouts
    are no answer); returns (status of that first answer, monotonic time it was sent)."""
    result = {}

    def probe():
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        end = time.monotonic() + deadline_s
        while time.monotonic() < end:
            t = time.monotonic()
            try:
                with opener.open(f"http://{VIP}:{WEB_PORT}/", timeout=1) as r:
                    result.update(status=r.status, t=t)
                    return
            except urllib.error.HTTPError as e:
                result.update(status=e.code, t=t)
                return
            except OSError:
                time.sleep(0.01)

    netlab.in_netns(lab.topology.client_ns, probe).join()
    if not result:
        raise Failure(f"the VIP answered nothing for {deadline_s} s")
    return result["status"], result["t"]


def run_edge_scenario(lab, work, name):
    """The edge scenarios: the edge holding the VIP is killed, restarted, cut off, or started alone from its snapshot."""
    wait(lambda: lab.all_healthy() and work.vip_serving(), 180, "a healthy cluster and both edges settled before the scenario")
    victim = lab.vip_holder()
    other = next(e for e in lab.edges if e != victim)
    epoch0 = lab.state["cluster"]["epoch"]
    lab.first_seen = {}
    problems = []
    t0 = time.monotonic()
    moved = answered = None
    if name == "edge-kill":
        lab.edges[victim].kill()
        dead = time.monotonic()
        moved = wait(lambda: lab.vip_watch.moved_to(other, t0), 30, f"the VIP on {other}")
        wait(lambda: work.first_ok(dead), 30, f"the VIP answering from {other}")
        answered = work.first_ok(dead)
        lab.edges[victim].start()
    elif name == "edge-restart":
        log(f"  restart of {other} (not holding the VIP), then of {victim} (holding it)")
        lab.edges[other].stop()
        lab.edges[other].start()
        wait(lab.edges_settled, 120, f"{other} back and ready to take the VIP")
        t1 = time.monotonic()
        lab.edges[victim].stop()
        lab.edges[victim].start()
    elif name == "edge-partition":
        lab.topology.cut_edge(victim)
        cut = time.monotonic()
        moved = wait(lambda: lab.vip_watch.moved_to(other, t0), 30, f"the VIP on {other}")
        wait(lambda: work.first_ok(cut), 30, f"the VIP answering from {other}")
        answered = work.first_ok(cut)
        time.sleep(max(0.0, t0 + EDGE_PARTITION_S - time.monotonic()))   # the partition lasts EDGE_PARTITION_S
        lab.topology.heal_edge(victim)
    elif name == "edge-snapshot":
        status, first_t = edge_snapshot(lab, victim, other)
        answered = first_t
        if status != 200:
            problems.append(f"the first answer of {victim} started from its snapshot was {status}, not 200")
    else:
        raise Failure(f"unknown edge scenario {name}")
    # Settled includes the clients' side: their requests through the VIP answered (a stale ARP entry would not be).
    settled = wait(lambda: lab.edges_settled() and lab.edge_probes_up() and work.vip_serving(), 180,
                   "both edges serving and settled again, the VIP answering the clients")
    wait(lambda: any(t >= settled + 1 for t, _, _ in work.http[-100:]), 30, "the workload to sample one second past settled")
    end = time.monotonic()
    if name == "edge-restart":
        moved = lab.vip_watch.moved_to(other, t1)   # counted from the holder's SIGTERM
        t_moved = None if moved is None else moved - t1
    else:
        t_moved = None if moved is None else moved - t0
    row = {
        "scenario": name, "victim": victim, "active": lab.vip_holder(), "detect": None, "edge": None, "last_web": None,
        "vip": t_moved, "vip_ok": None if answered is None else answered - t0, "healthy": settled - t0,
        "http_errors": work.http_errors(t0, settled + 1), "xfer": work.transfer_failures(t0, settled + 1),
        "sess_lost": work.lost_sessions(t0, settled + 1), "vip_down": work.vip_down(t0, settled + 1),
        "rows_missing": work.rows_missing(lab.active), "two_mysqld": work.double_mysqld(t0, end),
        "affinity": work.affinity_violations(t0, end), "epoch": lab.state["cluster"]["epoch"] - epoch0,
        "vip_moves": vip_moves(lab, t0, end), "problems": problems,
    }
    work.log_affinity(t0, end)
    if name in ("edge-kill", "edge-partition") and (row["vip_ok"] is None or row["vip_ok"] > EDGE_MOVE_LIMIT_S):
        problems.append(f"the VIP answered from {other} only after {row['vip_ok']} s (limit {EDGE_MOVE_LIMIT_S:g} s)")
    if name == "edge-partition" and row["vip_down"] > 2 * EDGE_MOVE_LIMIT_S:
        # One move at the cut, one back at the heal (the higher priority wins when both are masters): each within the limit.
        problems.append(f"requests through the VIP failed for {row['vip_down']:.1f} s in all (limit {2 * EDGE_MOVE_LIMIT_S:g} s: "
                        "a move at the cut and one at the heal)")
    if name == "edge-kill" and row["active"] != other and lab.edges[victim].keepalived.nopreempt():
        problems.append(f"the VIP went back to {row['active']} after {victim} restarted (nopreempt)")
    return row


def edge_snapshot(lab, victim, other):
    """The control plane down, `victim` (holding the VIP) killed with its keepalived, so that the VIP stays on its
    namespace, and its edge started again alone: returns the status of the first answer through the VIP and when the
    request was sent. Everything is started again afterwards."""
    def snapshot_healthy():
        with open(lab.edges[victim].snapshot) as f:
            health = json.load(f).get("health") or []
        return health and all(v["up"] for v in health)
    # The edge writes its snapshot within a second of a verdict change: the file must hold the pools as they are.
    wait(snapshot_healthy, 30, f"{victim}'s snapshot file with every node up")
    lab.edges[other].keepalived.stop()     # the backup: it does not hold the VIP, and must not take it over
    lab.console.kill()
    lab.edges[victim].keepalived.kill()    # kill -9: the VIP stays on the interface, no priority-0 advert
    lab.edges[victim].kill()
    started = time.monotonic()
    lab.edges[victim].start()
    status, first_t = first_answer(lab)
    log(f"  {victim} started from its snapshot with the control plane down: first answer {status} "
        f"{first_t - started:.2f} s after the start")
    lab.edges[victim].keepalived.start()
    lab.edges[other].keepalived.start()
    lab.console.start()
    return status, first_t


def stale_term_refusals(lab):
    """How many times the agents and edges refused a command, an ack or a configuration of a stale leader term, by their
    logs (the agents' event 166 and their StaleTerm command replies, the edges' stale configuration)."""
    count = 0
    logs = [os.path.join(n.dir, "logs", "agent.log") for n in lab.nodes.values()] + [os.path.join(e.dir, "edge.log") for e in lab.edges.values()]
    for path in logs:
        try:
            with open(path, errors="replace") as f:
                count += sum(1 for line in f if "stale leader term" in line or "StaleTerm" in line or "stale term" in line)
        except OSError:
            pass
    return count


def operations_since(lab, wall0):
    """The operations started after wall0 (epoch seconds), oldest first."""
    ops = lab.console.get("/api/v1/operations?limit=20") or []
    started = [o for o in ops if calendar.timegm(time.strptime(o["createdAt"][:19], "%Y-%m-%dT%H:%M:%S")) >= int(wall0) - 1]
    return list(reversed(started))


def run_leader_scenario(lab, work, name):
    """Issue 16: the leader among two control planes is killed (alone, during a switchover, or during a node's failover)
    or paused for LEADER_PAUSE_S; the other takes over within the lease; the operation runs to its end exactly once."""
    wait(lambda: lab.all_healthy() and work.vip_serving() and lab.leadership()[0], 180, "a healthy cluster with a leader")
    leader_name, term0 = lab.leadership()
    leader = next(c for c in lab.consoles if c.name == leader_name)
    survivor = next(c for c in lab.consoles if c is not leader)
    victim = lab.active
    other = next(n for n in NODES if n != victim)
    epoch0 = lab.state["cluster"]["epoch"]
    stale0 = stale_term_refusals(lab)
    wall0 = time.time()
    t_start = time.monotonic()
    problems = []
    lab.first_seen = {}
    expect_move = name in ("leader-kill", "leader-kill-failover")
    if name == "leader-kill":
        status, text = lab.console.call("POST", "/api/v1/operations/switchover", {"targetNode": other})
        if status != 202:
            raise Failure(f"switchover refused: {status} {text[:300]}")
    elif name == "leader-kill-failover":
        lab.nodes[victim].crash()
    cursor = last_event_id(lab)
    if expect_move:
        wait(lambda: (lab.state["cluster"].get("runningOperation") or {}).get("currentStep"), 60, "the operation to be running")
        step = (lab.state["cluster"].get("runningOperation") or {}).get("currentStep")
        log(f"  {leader.name} (leader, term {term0}) killed during the {name == 'leader-kill' and 'switchover' or 'failover'} "
            f"{victim} -> {other}, at step {step}")
    t0 = time.monotonic()
    if name == "leader-pause":
        os.killpg(leader.proc.pid, signal.SIGSTOP)
        log(f"  {leader.name} (leader, term {term0}) paused for {LEADER_PAUSE_S:g} s")
    else:
        leader.kill()

    def took_over():
        view = survivor.leadership_view() or {}
        return view.get("role") == "Leader" and view.get("term", 0) > term0 and view["term"]
    wait(took_over, 60, f"{survivor.name} to take the leadership")
    takeover = time.monotonic() - t0
    term1 = took_over()
    exited = None
    if name == "leader-pause":
        time.sleep(max(0.0, t0 + LEADER_PAUSE_S - time.monotonic()))   # the pause itself lasts LEADER_PAUSE_S, by design
        os.killpg(leader.proc.pid, signal.SIGCONT)
        woke = time.monotonic()
        try:
            code = leader.proc.wait(timeout=30)
            exited = time.monotonic() - woke
            log(f"  {leader.name} woke, found its lease gone and exited ({code}) after {exited:.2f} s")
            if code != 3:
                problems.append(f"{leader.name} exited with {code}, not 3 (the leadership lost: a service manager restarts it)")
        except subprocess.TimeoutExpired:
            problems.append(f"{leader.name} still runs 30 s after it woke from the pause, with {survivor.name} the leader")
    # As a service manager would (Restart=always): the old leader comes back, as a follower.
    if not leader.alive():
        leader.start()
    if expect_move:
        healthy = wait(lambda: lab.group_healthy(other), 180, "the group healthy on the other node")
    else:
        healthy = wait(lab.all_healthy, 180, "the cluster healthy with the new leader")
    wait(lambda: any(t >= healthy + 1 for t, _, _ in work.http[-100:]), 30, "the workload to sample one second past healthy")
    final_leader, _ = lab.leadership()
    ops = operations_since(lab, wall0)
    # What must not happen while the leader changes (beyond the one operation of leader-kill*): a node fencing itself,
    # a service restarted, another operation.
    unwanted = "agent.fenced,service.failed,service.restarted" + ("" if expect_move else ",failover.started,switchover.started")
    page = lab.console.get(f"/api/v1/events?since={cursor}&kind={unwanted}&limit=100") or {}
    for e in page.get("items", []):
        if name == "leader-kill-failover" and e.get("node") == victim:
            continue   # the crashed node's own services: the fault injected
        problems.append(f"event {e['kind']} {e.get('node') or ''} {e.get('service') or ''}: {e['message'][:200]}")
    row = {
        "scenario": name, "victim": victim if expect_move else leader.name, "active": lab.state["cluster"]["activeNode"],
        "detect": None, "edge": None, "last_web": None, "healthy": healthy - t0,
        "http_errors": work.http_errors(t0, healthy + 1), "xfer": work.transfer_failures(t0, healthy + 1),
        "sess_lost": work.lost_sessions(t0, healthy + 1), "vip_down": work.vip_down(t0, healthy + 1),
        "rows_missing": work.rows_missing(lab.active), "two_mysqld": work.double_mysqld(t_start, time.monotonic()),
        "affinity": work.affinity_violations(t_start, time.monotonic()), "epoch": lab.state["cluster"]["epoch"] - epoch0,
        "takeover": takeover, "term": f"{term0}->{term1}", "stale": stale_term_refusals(lab) - stale0, "exited": exited,
        "ops": len(ops), "problems": problems,
    }
    if final_leader != survivor.name:
        problems.append(f"the leader at the end is {final_leader}, not {survivor.name}")
    if takeover > LEADER_TAKEOVER_LIMIT_S:
        problems.append(f"{survivor.name} took over only after {takeover:.2f} s (limit {LEADER_TAKEOVER_LIMIT_S:g} s)")
    if expect_move:
        if len(ops) != 1 or ops[0]["status"] != "Succeeded":
            problems.append("operations since the start: " + ", ".join(f"{o['kind']} {o['status']}" for o in ops) + " (expected one, Succeeded)")
    elif ops:
        problems.append("operations started: " + ", ".join(f"{o['kind']} {o['status']}" for o in ops) + " (expected none)")
    finish_row(lab, work, row, t_start)
    if name == "leader-kill-failover":
        lab.nodes[victim].start()
    return row


def run_scenario(lab, work, name):
    """Injects one fault, waits for recovery, returns the row of figures."""
    if name in EDGE_SCENARIOS:
        return run_edge_scenario(lab, work, name)
    if name in LEADER_SCENARIOS:
        return run_leader_scenario(lab, work, name)
    wait(lambda: lab.all_healthy() and work.vip_serving(), 180, "a healthy cluster before the scenario")
    if name == "ack-delay-steady":
        return run_steady(lab, work)
    if name == "flap":
        return run_flap(lab, work)
    victim = lab.active
    other = next(n for n in NODES if n != victim)
    epoch0 = lab.state["cluster"]["epoch"]
    t_start = time.monotonic()
    problems = []
    if name.startswith("ack-delay="):
        # The issue #14 experiment: a link slower than Lease/2 towards the agent, then the node is cut off. The agent's
        # lease runs from its heartbeat's send, so it must be gone before the control plane starts mysqld elsewhere.
        delay = float(name.split("=", 1)[1])
        log(f"  {victim}: control plane -> agent delayed {delay:g} s for {ACK_DELAY_HOLD_S:g} s, then cut off")
        lab.relays[victim].set_delay(delay)
        problems = [f"before the cut: {p}" for p in hold(lab, victim, ACK_DELAY_HOLD_S)]
    elif name == "clock-step":
        # Forward first (a lease on the wall clock would expire early: a needless fence), then back (it would run
        # long: the old node outlives the control plane's deadline), and the node is cut off with its clock behind.
        node = lab.nodes[victim]
        log(f"  {victim}: agent's wall clock +{CLOCK_STEP_S:g} s, then -{CLOCK_STEP_S:g} s, {CLOCK_STEP_HOLD_S:g} s each, then cut off")
        node.set_clock(CLOCK_STEP_S)
        problems = [f"clock ahead: {p}" for p in hold(lab, victim, CLOCK_STEP_HOLD_S)]
        node.set_clock(-CLOCK_STEP_S)
        problems += [f"clock behind: {p}" for p in hold(lab, victim, CLOCK_STEP_HOLD_S)]
    elif name == "cp-clock-step":
        # Forward (heartbeat ages on the wall clock made every agent look silent: an unneeded failover), then back (a
        # dead node would look alive 30 s longer), and the active node crashes while the control plane's clock is behind.
        log(f"  control plane's wall clock +{CLOCK_STEP_S:g} s, then -{CLOCK_STEP_S:g} s, {CLOCK_STEP_HOLD_S:g} s each, then {victim} crashes")
        lab.console.set_clock(CLOCK_STEP_S)
        problems = [f"clock ahead: {p}" for p in hold(lab, victim, CLOCK_STEP_HOLD_S)]
        lab.console.set_clock(-CLOCK_STEP_S)
        problems += [f"clock behind: {p}" for p in hold(lab, victim, CLOCK_STEP_HOLD_S)]
    lab.first_seen = {}
    t0 = time.monotonic()
    expect_move = True
    detect = edge = None
    if name in ("crash", "cp-clock-step"):
        lab.nodes[victim].crash()
    elif name == "hang":
        lab.nodes[victim].signal_agent(signal.SIGSTOP)
    elif name == "mysqld-stop":
        pid = lab.nodes[victim].mysqld_pid()
        if pid is None:
            raise Failure("no mysqld pid on the active node")
        os.kill(pid, signal.SIGTERM)
        expect_move = None   # restarted in place until the threshold, then failed over
    elif name in ("cut", "clock-step") or name.startswith("ack-delay="):
        cut_off(lab.nodes[victim].address)
    elif name in ("storage-hang", "storage-readonly"):
        # Only the active node's view of the shared storage fails: its agent keeps heartbeating, finds its probe failing
        # (timeout or read-only), reports itself unfit for active, and the control plane moves the group.
        lab.views[victim].set("hang" if name == "storage-hang" else "erofs")
    elif name == "cut-reset":
        # The node comes back mid-fence on a new connection, while the stop command the control plane sent on the
        # old one (and the answer it waits for) is lost with that connection.
        cut_off(lab.nodes[victim].address)
        time.sleep(CUT_RESET_S)
        lab.relays[victim].reset_connections("silence")
        time.sleep(0.3)   # the relay acts within its 50 ms poll
        reconnect()
        lab.relays[victim].reset_connections("agent")
    elif name == "switchover":
        status, text = lab.console.call("POST", "/api/v1/operations/switchover", {"targetNode": other})
        if status != 202:
            raise Failure(f"switchover refused: {status} {text[:300]}")
    elif name == "drain":
        victim, other = other, victim  # drain the passive node under load; the group stays put
        status, text = lab.console.call("POST", f"/api/v1/nodes/{victim}/drain")
        if status not in (200, 202, 204):
            raise Failure(f"drain refused: {status} {text[:300]}")
        expect_move = False
    elif name == "cp-kill":
        # The control plane alone, under load: kill -9 and start again. The edges and agents run on without it.
        lab.console.kill()
        lab.console.start()
        expect_move = False
    elif name == "cp-restart":
        lab.nodes[victim].crash()
        wait(lambda: (lab.state["cluster"].get("runningOperation") or {}).get("currentStep"), 60, "the failover to start")
        lab.console.kill()
        time.sleep(1)
        lab.console.start()
    else:
        raise Failure(f"unknown scenario {name}")

    def moved():
        return lab.state["cluster"]["activeNode"] == other

    if name == "mysqld-stop":
        def mysqld_down():
            svc = {x["service"]: x for x in lab.node_state(victim).get("services", [])}.get("mysqld", {})
            return svc.get("state") != "Running" or svc.get("probeOk") is False
        lab.first_seen[("down", victim)] = wait(mysqld_down, 60, "the control plane to see mysqld stopped")
    if name == "cp-kill":
        healthy = wait(lab.all_healthy, 180, "the control plane back with a healthy cluster")
    elif expect_move is False:
        wait(lambda: "Drained" in lab.node_state(victim).get("intent", []), 30, "the drain")
        time.sleep(5)   # load keeps flowing to the remaining node for a while
        healthy = time.monotonic()
    else:
        healthy = wait(lambda: lab.group_healthy(other if expect_move else None) and (
            expect_move is not None or lab.state["cluster"]["activeNode"] in NODES), 180, "the group healthy again")
    detect = min([lab.first_seen[k] for k in (("down", victim), ("operation", None)) if k in lab.first_seen], default=None)
    edge_gone = lab.first_seen.get(("webdown", victim))
    final = lab.state["cluster"]["activeNode"]
    # The error count covers up to one second after healthy: wait until the workload has sampled past it.
    wait(lambda: any(t >= healthy + 1 for t, _, _ in work.http[-100:]), 30, "the workload to sample one second past healthy")
    row = {
        "scenario": scenario_label(name), "victim": victim, "active": final,
        "detect": None if detect is None else detect - t0,
        "edge": None if edge_gone is None else edge_gone - t0,
        "last_web": work.last_served_by(victim, t0),
        "healthy": healthy - t0,
        "http_errors": work.http_errors(t0, healthy + 1),
        "xfer": work.transfer_failures(t0, healthy + 1), "sess_lost": work.lost_sessions(t0, healthy + 1),
        "vip_down": work.vip_down(t0, healthy + 1),
        "rows_missing": work.rows_missing(final),
        "two_mysqld": work.double_mysqld(t_start, time.monotonic()),
        "affinity": work.affinity_violations(t0, time.monotonic()),
        "epoch": lab.state["cluster"]["epoch"] - epoch0,
        "problems": problems,
    }
    finish_row(lab, work, row, t_start)
    # Put the victim back for the next repetition.
    if name in ("crash", "cp-restart"):
        lab.nodes[victim].start()
    elif name == "hang":
        lab.nodes[victim].signal_agent(signal.SIGCONT)
    elif name == "cut":
        reconnect()
    elif name in ("storage-hang", "storage-readonly"):
        lab.views[victim].set("ok")
    elif name.startswith("ack-delay="):
        lab.relays[victim].set_delay(0)
        reconnect()
    elif name == "clock-step":
        lab.nodes[victim].set_clock(0)
        reconnect()
    elif name == "cp-clock-step":
        lab.console.set_clock(0)
        lab.nodes[victim].start()
    elif name == "drain":
        lab.console.call("POST", f"/api/v1/nodes/{victim}/undrain")
    return row


COLUMNS = [("scenario", "scenario", "{}"), ("rep", "rep", "{}"), ("victim", "node", "{}"), ("active", "active after", "{}"),
           ("detect", "detect s", "{:.1f}"), ("edge", "edge off s", "{:.1f}"), ("healthy", "group ok s", "{:.1f}"),
           ("http_errors", "http err", "{}"), ("rows_missing", "rows lost", "{}"), ("two_mysqld", "2x mysqld", "{}"),
           ("affinity", "affinity viol", "{}"), ("epoch", "epoch +", "{}")]
# With the edges as processes (HA_NETNS=1): the VIP's moves and the transfer sessions through it. "vip s": until the
# VIP was on the other edge; "vip ok s": until a request through it was answered 200 again (0.25 s prober); "vip down s":
# how long the prober's requests failed in all; "xfer err":
# transfer rounds with a session that got no answer; "sess lost": long TCP sessions through the VIP that broke.
EDGE_COLUMNS = [("vip", "vip s", "{:.2f}"), ("vip_ok", "vip ok s", "{:.2f}"), ("vip_down", "vip down s", "{:.2f}"), ("vip_moves", "vip moves", "{}"),
                ("xfer", "xfer err", "{}"), ("sess_lost", "sess lost", "{}")]
if NETNS:
    COLUMNS += EDGE_COLUMNS
# With two control planes: "takeover s" from the leader's kill or pause until the other answered as leader (term +1);
# "stale refused": lines in the agents' and edges' logs refusing something of a stale leader term; "old exit s": after
# SIGCONT, until the paused leader had exited; "ops": operations started in the scenario.
LEADER_COLUMNS = [("takeover", "takeover s", "{:.2f}"), ("term", "term", "{}"), ("stale", "stale refused", "{}"),
                  ("exited", "old exit s", "{:.2f}"), ("ops", "ops", "{}")]


def format_row(row):
    cells = []
    for key, title, fmt in COLUMNS:
        value = row.get(key)
        cells.append(("-" if value is None else fmt.format(value)).rjust(len(title)))
    return "| " + " | ".join(cells) + " |"


def header():
    titles = [title for _, title, _ in COLUMNS]
    return "| " + " | ".join(titles) + " |\n|" + "|".join("-" * (len(t) + 2) for t in titles) + "|"


def summary(rows):
    edge = NETNS
    lines = ["| scenario | reps | detect median s | edge off median s | group ok median / max s | http err | rows lost | 2x mysqld | affinity viol |" +
             (" vip ok median / max s | vip down median / max s | xfer err | sess lost |" if edge else ""),
             "|---|---|---|---|---|---|---|---|---|" + ("---|---|---|---|" if edge else "")]
    for name in dict.fromkeys(r["scenario"] for r in rows):
        rs = [r for r in rows if r["scenario"] == name]
        med = lambda key: "-" if not [r[key] for r in rs if r[key] is not None] else f"{statistics.median([r[key] for r in rs if r[key] is not None]):.1f}"
        most = max([r["healthy"] for r in rs if r["healthy"] is not None], default=None)
        lines.append(f"| {name} | {len(rs)} | {med('detect')} | {med('edge')} | {med('healthy')} / {'-' if most is None else f'{most:.1f}'} | "
                     f"{sum(r['http_errors'] for r in rs)} | {sum(r['rows_missing'] for r in rs)} | {sum(r['two_mysqld'] for r in rs)} | "
                     f"{sum(r['affinity'] for r in rs)} |" + (edge_summary(rs) if edge else ""))
    return "\n".join(lines)


def leader_summary(rows):
    lines = []
    for name in LEADER_SCENARIOS:
        rs = [r for r in rows if r["scenario"] == name]
        if not rs:
            continue
        took = sorted(r["takeover"] for r in rs)
        exits = [r["exited"] for r in rs if r.get("exited") is not None]
        lines.append(f"{name}: {len(rs)} runs, takeover median {statistics.median(took):.2f} s, max {took[-1]:.2f} s; "
                     f"epoch moves {[r['epoch'] for r in rs]}; operations {[r['ops'] for r in rs]}; "
                     f"stale-term refusals {sum(r['stale'] for r in rs)}" +
                     (f"; the paused leader exited in {len(exits)} of {len(rs)} (median {statistics.median(exits):.2f} s after SIGCONT)" if exits else ""))
    return "\n".join(lines)


def edge_summary(rs):
    ok = [r["vip_ok"] for r in rs if r.get("vip_ok") is not None]
    down = [r["vip_down"] for r in rs if r.get("vip_down") is not None]
    return (f" {'-' if not ok else f'{statistics.median(ok):.2f} / {max(ok):.2f}'} | "
            f"{'-' if not down else f'{statistics.median(down):.2f} / {max(down):.2f}'} | {sum(r.get('xfer') or 0 for r in rs)} | "
            f"{sum(r.get('sess_lost') or 0 for r in rs)} |")


def violations(row):
    problems = []
    if row["rows_missing"]:
        problems.append(f"{row['rows_missing']} acknowledged rows missing")
    if row["two_mysqld"]:
        problems.append(f"two mysqld running in {row['two_mysqld']} samples")
    if row["affinity"]:
        problems.append(f"{row['affinity']} affinity violations")
    if (row["scenario"] in ("crash", "hang", "cut", "storage-hang", "storage-readonly", "cut-reset", "clock-step", "cp-clock-step", "switchover", "cp-restart") or row["scenario"].startswith("ack-delay ")) \
            and row["epoch"] != 1:
        problems.append(f"epoch moved by {row['epoch']}, expected 1")
    if row["scenario"] in ("leader-kill", "leader-kill-failover") and row["epoch"] != 1:
        problems.append(f"epoch moved by {row['epoch']}, expected 1 (one operation, run once across the leader change)")
    if row["scenario"] in ("leader-kill", "leader-pause"):
        # Issue 16: the edges keep serving while the leader changes; nothing fails over.
        for key, what in (("http_errors", "failed HTTP requests"), ("xfer", "failed transfer rounds"), ("sess_lost", "lost TCP sessions")):
            if row.get(key):
                problems.append(f"{row[key]} {what} through the VIP while the leader changed, expected 0")
    if row["scenario"] in ["ack-delay-steady", "cp-kill", "leader-pause"] + EDGE_SCENARIOS and row["epoch"] != 0:
        problems.append(f"epoch moved by {row['epoch']}, expected 0")
    if row["scenario"] == "cp-kill" and EDGE_MODE == "process":
        # Issue 15: the edges run on while the control plane restarts.
        for key, what in (("http_errors", "failed HTTP requests"), ("xfer", "failed transfer rounds"), ("sess_lost", "lost TCP sessions")):
            if row.get(key):
                problems.append(f"{row[key]} {what} through the VIP while the control plane restarted, expected 0")
    return problems + row.get("problems", [])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=int(os.environ.get("REPEAT", "10")))
    parser.add_argument("--scenarios", default=",".join(s for s in SCENARIOS if EDGE_MODE == "process" or s not in EDGE_SCENARIOS))
    parser.add_argument("--up", action="store_true", help="start the lab and keep it running until Ctrl-C")
    parser.add_argument("--keep", action="store_true", help="keep the lab directory (logs) afterwards")
    args = parser.parse_args()
    scenarios = []
    for s in (s for s in args.scenarios.split(",") if s):
        scenarios += [f"ack-delay={d:g}" for d in ACK_DELAYS] if s == "ack-delay" else [s]
    global CONTROL_PLANES, COLUMNS
    if any(s in LEADER_SCENARIOS for s in scenarios):
        CONTROL_PLANES = max(CONTROL_PLANES, 2)
        if EDGE_MODE != "process":
            parser.error("the leader scenarios run the edges as processes (the edges keep serving while the leader changes): "
                         "HA_NETNS=1 with SharesConsole.Edge built")
    if CONTROL_PLANES > 1:
        COLUMNS = COLUMNS + LEADER_COLUMNS
    unknown = [s for s in scenarios if s not in SCENARIOS and not re.fullmatch(r"ack-delay=\d+(\.\d+)?", s)]
    if unknown:
        parser.error(f"unknown scenarios {unknown}; choose from {SCENARIOS} (or ack-delay=SECONDS)")
    if EDGE_MODE not in ("embedded", "process"):
        parser.error(f"HA_EDGE={EDGE_MODE}: choose embedded or process")
    if EDGE_MODE == "process" and not NETNS:
        raise SystemExit("HA_EDGE=process runs the edges in network namespaces of their own, with keepalived moving the VIP: "
                         "it needs HA_NETNS=1 (HA_NETNS=1 lab/ha.sh ...)")
    if EDGE_MODE != "process" and any(s in EDGE_SCENARIOS for s in scenarios):
        parser.error(f"{', '.join(s for s in scenarios if s in EDGE_SCENARIOS)} need the edges as processes: "
                     "HA_NETNS=1 with SharesConsole.Edge built (or HA_EDGE=process)")
    for path in (WEB_DLL, AGENT_DLL) + ((EDGE_DLL,) if EDGE_MODE == "process" else ()):
        if not os.path.exists(path):
            raise SystemExit(f"build first (lab/ha.sh does): {path} missing")
    data = tempfile.mkdtemp(prefix="sharesconsole-ha-")
    log(f"lab directory {data}")
    lab = Lab(data)
    if "clock-step" in scenarios:
        if not FAKETIME:
            raise SystemExit("clock-step needs libfaketime (lab/ha.sh installs it)")
        lab.faketime = True
    if "cp-clock-step" in scenarios:
        if not FAKETIME:
            raise SystemExit("cp-clock-step needs libfaketime (lab/ha.sh installs it)")
        lab.console.faketime = True
    failed = []
    rows = []
    try:
        lab.start()
        log(f"cluster healthy, active {lab.active}; console {CONSOLE} (user lab, password {lab.console.password}), VIP {VIP}" +
            (f" on {lab.vip_holder()}; edges " + ", ".join(f"{e.name} {e.address} (namespace {e.ns})" for e in lab.edges.values())
             if lab.edges else "") + (f"; clients in namespace {lab.topology.client_ns}" if lab.topology else ""))
        if args.up:
            signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGINT, signal.SIGTERM])
            signal.sigwait([signal.SIGINT, signal.SIGTERM])
            return 0
        work = Workload(lab)
        wait(lambda: any(ok for _, ok, _ in work.http) and work.acked and work.affinity, 60,
             "the workload to run (a web answer, an acknowledged insert and a transfer round)")
        print(header(), flush=True)
        for name in scenarios:
            for rep in range(1, args.repeat + 1):
                try:
                    row = run_scenario(lab, work, name)
                except Exception as e:  # one broken repetition must not hide the others' figures
                    failed.append(f"{scenario_label(name)} #{rep}: {e}")
                    log(f"FAILED {scenario_label(name)} #{rep}: {e}")
                    lab.heal()
                    continue
                row["rep"] = rep
                rows.append(row)
                print(format_row(row), flush=True)
                failed += [f"{row['scenario']} #{rep}: {p}" for p in violations(row)]
        work.stop()
        print()
        print(summary(rows))
        if CONTROL_PLANES > 1:
            print(leader_summary(rows))
        print(f"workload: {len(work.http)} HTTP requests, {len(work.acked)} acknowledged inserts, {len(work.affinity)} transfer rounds")
    except Failure as e:
        failed.append(str(e))
    finally:
        reconnect()
        lab.shutdown()
        if failed or args.keep:
            log(f"logs kept in {data}")
        else:
            shutil.rmtree(data, ignore_errors=True)
    for problem in failed:
        print(f"FAIL: {problem}")
    # A run fails once however many problems it shows; a run that raised has no row, so only rows can pass.
    failed_runs = {f.split(":")[0] for f in failed}
    passed_runs = sum(1 for r in rows if f"{r['scenario']} #{r['rep']}" not in failed_runs)
    print(f"chaos: {passed_runs} scenario runs passed, {len(failed_runs)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
