#!/usr/bin/env python3
"""The HA lab's network when it runs with HA_NETNS=1: a bridge, named namespaces for the edges and the clients,
keepalived moving the VIP between the edges, and a record of which edge holds the VIP.

lab/ha.sh runs lab/ha.py in a private network namespace (`unshare --net`), the "lab namespace". In it:

    lab namespace: bridge halab0 with the control plane (.10) and the nodes (.21, .22) of NET (default 10.30.0)
      ├─ veth ── namespace <prefix>-edge1: edge-1 on NET.31 (and the VIP NET.20 while keepalived there holds it)
      ├─ veth ── namespace <prefix>-edge2: edge-2 on NET.32
      └─ veth ── namespace <prefix>-client: the workload's 8 client addresses CLIENT_NET.1-8 (default 10.31.0)

The edge and client namespaces are named (`ip netns add`, under /run/netns, shared with the whole machine), so
their names carry this lab's pid: `halab-<pid>-edge1`. Leftovers of a lab whose process is gone are deleted at
start; this lab's are deleted at shutdown. The addresses exist only inside these namespaces.

In each edge namespace a keepalived (VRRP version 3, sub-second adverts) tracks the local edge's health endpoint
and holds the VIP on that namespace's veth while it is master; net.ipv4.ip_nonlocal_bind=1 lets the edge that does
not hold the VIP listen on it anyway (as with HAProxy). VipWatch records every change of holder from `ip monitor
address` in each edge namespace.

`python3 lab/netlab.py --proof N` (run by `HA_NETNS=1 lab/ha.sh --vrrp-proof N`) proves the plumbing with a
stand-in edge (lab/edge_standin.py) instead of the real one: the holder's edge killed, its keepalived killed, and
the holder cut from the bridge, N times each, measuring how long until the VIP answers from the other edge.
"""
import ctypes, os, re, shutil, signal, socket, statistics, subprocess, sys, tempfile, threading, time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NET = os.environ.get("HA_NET", "10.30.0")
CLIENT_NET = os.environ.get("HA_CLIENT_NET", "10.31.0")
BRIDGE = "halab0"
LINK = "lab0"               # each named namespace's end of its veth
PREFIX_RE = re.compile(r"^halab-(\d+)-")
EDGE_HEALTH_PORT = 9180
VRRP_ROUTER_ID = 51
VRRP_ADVERT_S = float(os.environ.get("VRRP_ADVERT_S", "0.2"))
CLONE_NEWNET = 0x40000000
_libc = ctypes.CDLL(None, use_errno=True)


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def run(*args, check=True):
    result = subprocess.run(list(args), capture_output=True, text=True)
    if check and result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)}: exit {result.returncode}: {result.stderr.strip()}")
    return result


def in_private_netns():
    """True in a network namespace of the lab's own (lab/ha.sh's `unshare --net`): nothing but loopback and this lab's
    bridge and veths, so that the lab never changes a network that carries anything else."""
    return all(name == "lo" or name == BRIDGE or name.startswith("ve-") for _, name in socket.if_nameindex())


def enter_netns(name):
    """Moves the calling thread (only it: network namespaces are per thread) into the named namespace for good.

    Sockets it creates afterwards live there. Used by the workload's client threads."""
    fd = os.open(f"/run/netns/{name}", os.O_RDONLY)
    try:
        if _libc.setns(fd, CLONE_NEWNET) != 0:
            err = ctypes.get_errno()
            raise OSError(err, f"setns into {name}: {os.strerror(err)}")
    finally:
        os.close(fd)


def in_netns(name, target, *args):
    """Runs target(*args) on a new thread inside the named namespace and returns the thread (started)."""
    def body():
        enter_netns(name)
        target(*args)
    thread = threading.Thread(target=body, daemon=True)
    thread.start()
    return thread


class Topology:
    """The bridge in the lab namespace and the named edge and client namespaces with their veths."""

    def __init__(self, edges=2, cp_address=None, node_addresses=(), vip_on_bridge=False, extra_addresses=()):
        self.prefix = f"halab-{os.getpid()}"
        self.cp_address = cp_address or f"{NET}.10"
        self.extra_addresses = list(extra_addresses)   # more control planes on the bridge
        self.node_addresses = list(node_addresses)
        self.vip = f"{NET}.20"
        self.vip_on_bridge = vip_on_bridge   # the embedded edge: the control plane listens on the VIP itself
        self.edges = {f"edge-{i}": {"ns": f"{self.prefix}-edge{i}", "address": f"{NET}.{30 + i}", "veth": f"ve-edge{i}"}
                      for i in range(1, edges + 1)}
        self.client_ns = f"{self.prefix}-client"
        self.clients = [f"{CLIENT_NET}.{i}" for i in range(1, 9)]
        self.created = []

    @staticmethod
    def remove_leftovers():
        """Deletes the namespaces of labs whose process is gone (and ends what still runs in them)."""
        try:
            names = os.listdir("/run/netns")
        except FileNotFoundError:
            return
        for name in names:
            m = PREFIX_RE.match(name)
            if not m or os.path.exists(f"/proc/{m.group(1)}"):
                continue
            pids = run("ip", "netns", "pids", name, check=False).stdout.split()
            for pid in pids:
                try:
                    os.kill(int(pid), signal.SIGKILL)
                except (ProcessLookupError, ValueError):
                    pass
            run("ip", "netns", "delete", name, check=False)
            log(f"deleted the leftover namespace {name}")

    def create(self):
        if not in_private_netns():
            raise SystemExit("the edge namespaces need the lab's own network namespace: run with HA_NETNS=1 lab/ha.sh")
        self.remove_leftovers()
        run("ip", "link", "set", "lo", "up")
        run("ip", "link", "add", BRIDGE, "type", "bridge", "stp_state", "0", "forward_delay", "0", "mcast_snooping", "0")
        run("sysctl", "-qw", f"net.ipv6.conf.{BRIDGE}.disable_ipv6=1", check=False)
        run("ip", "link", "set", BRIDGE, "up")
        addresses = [self.cp_address] + self.extra_addresses + self.node_addresses + ([self.vip] if self.vip_on_bridge else [])
        for address in addresses:
            run("ip", "addr", "add", f"{address}/24", "dev", BRIDGE)
        for i, edge in enumerate(self.edges.values(), 1):
            self.add_namespace(edge["ns"], edge["veth"], [f"{edge['address']}/24"], f"{CLIENT_NET}.0/24")
            # The edge binds the VIP it may not hold; its kernel path (nftables DNAT for SSH and FASP) forwards the
            # clients' packets to the nodes and the nodes' replies back, out of the same veth (no redirects).
            for setting in ("net.ipv4.ip_nonlocal_bind=1", "net.ipv4.ip_forward=1", "net.ipv4.conf.all.send_redirects=0",
                            f"net.ipv4.conf.{LINK}.send_redirects=0"):
                run("ip", "netns", "exec", edge["ns"], "sysctl", "-qw", setting)
        # The nodes answer the clients through the VIP, as behind a NAT load balancer: replies to DNATed transfers reach
        # the edge holding the VIP, which translates them back. With the edge in the control plane, on-link.
        run("ip", "route", "add", f"{CLIENT_NET}.0/24", *(("via", self.vip) if self.edges else ()), "dev", BRIDGE)
        self.add_namespace(self.client_ns, "ve-client", [f"{a}/24" for a in self.clients], f"{NET}.0/24")

    def add_namespace(self, ns, veth, addresses, other_net):
        run("ip", "netns", "add", ns)
        self.created.append(ns)
        run("ip", "link", "add", veth, "type", "veth", "peer", "name", LINK, "netns", ns)
        run("ip", "link", "set", veth, "master", BRIDGE)
        run("sysctl", "-qw", f"net.ipv6.conf.{veth}.disable_ipv6=1", check=False)
        run("ip", "link", "set", veth, "up")
        for command in (["sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1"], ["ip", "link", "set", "lo", "up"]):
            run("ip", "netns", "exec", ns, *command, check=False)
        for address in addresses:
            run("ip", "-n", ns, "addr", "add", address, "dev", LINK)
        run("ip", "-n", ns, "link", "set", LINK, "up")
        run("ip", "-n", ns, "route", "add", other_net, "dev", LINK)

    def cut_edge(self, edge):
        """Cuts the edge's namespace off the bridge: everything in or out of its veth is dropped, the edge and its
        keepalived keep running and see nothing (a partition, not a link down that keepalived would notice)."""
        ns = self.edges[edge]["ns"]
        script = (f"table inet halab_cut {{\n chain input {{ type filter hook input priority 0; iifname \"{LINK}\" drop; }}\n"
                  f" chain output {{ type filter hook output priority 0; oifname \"{LINK}\" drop; }}\n}}\n")
        subprocess.run(["ip", "netns", "exec", ns, "nft", "-f", "-"], input=script, text=True, check=True, capture_output=True)

    def heal_edge(self, edge):
        run("ip", "netns", "exec", self.edges[edge]["ns"], "nft", "delete", "table", "inet", "halab_cut", check=False)

    def heal(self):
        for edge in self.edges:
            self.heal_edge(edge)

    def destroy(self):
        for ns in self.created:
            for pid in run("ip", "netns", "pids", ns, check=False).stdout.split():
                try:
                    os.kill(int(pid), signal.SIGKILL)
                except (ProcessLookupError, ValueError):
                    pass
            run("ip", "netns", "delete", ns, check=False)
        self.created = []
        run("ip", "link", "delete", BRIDGE, check=False)


def keepalived_conf(name, interface, vip, priority, health_url, advert_s=VRRP_ADVERT_S, router_id=VRRP_ROUTER_ID):
    """The lab's own keepalived configuration for one edge (used until the edge executable prints one).

    nopreempt (both start BACKUP): once the VIP has moved, it stays on the edge that took it over; a recovered edge
    does not take it back, which would be a second move and a second set of broken connections. The priorities
    only choose the first master."""
    return f"""global_defs {{
    router_id {name}
    vrrp_version 3
    script_user root
    enable_script_security
    vrrp_garp_master_delay 1
    vrrp_garp_master_repeat 3
    vrrp_garp_lower_prio_repeat 3
    vrrp_higher_prio_send_advert
}}
vrrp_script edge_health {{
    script "/usr/bin/curl -sf -o /dev/null --max-time 0.8 {health_url}"
    interval 1
    timeout 1
    fall 1
    rise 2
}}
vrrp_instance vip {{
    state BACKUP
    nopreempt
    interface {interface}
    virtual_router_id {router_id}
    priority {priority}
    advert_int {advert_s:g}
    virtual_ipaddress {{
        {vip} dev {interface}
    }}
    track_script {{
        edge_health
    }}
}}
"""


class Keepalived:
    """keepalived (VRRP only) in one edge namespace; its files under DIR/keepalived."""

    def __init__(self, ns, directory):
        self.ns, self.dir = ns, directory
        os.makedirs(directory, exist_ok=True)
        self.conf = os.path.join(directory, "keepalived.conf")
        self.log = os.path.join(directory, "keepalived.log")
        self.proc = None
        self.read_to = 0
        self.last_state = None

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def state(self):
        """The VRRP state keepalived last logged (MASTER, BACKUP, FAULT...), None before it logged one or when it is not
        running."""
        try:
            with open(self.log, "rb") as f:
                f.seek(self.read_to)
                text = f.read()
        except FileNotFoundError:
            return None
        complete = text.rfind(b"\n") + 1
        self.read_to += complete
        for m in re.finditer(rb"Entering (\w+) STATE", text[:complete]):
            self.last_state = m.group(1).decode()
        return self.last_state if self.alive() else None

    def nopreempt(self):
        with open(self.conf) as f:
            return re.search(r"^\s*nopreempt\b", f.read(), re.M) is not None

    def write(self, text):
        with open(self.conf, "w") as f:
            f.write(text)
        os.chmod(self.conf, 0o644)

    def start(self):
        # A killed keepalived's VRRP child can linger as a zombie until init reaps it, and keepalived refuses to start
        # while a pid file names a live pid: the files are this lab's own, and nothing else runs from them.
        for name in ("keepalived.pid", "vrrp.pid", "checkers.pid"):
            try:
                os.unlink(os.path.join(self.dir, name))
            except FileNotFoundError:
                pass
        self.last_state = None
        out = open(self.log, "a")
        self.read_to = out.seek(0, os.SEEK_END)
        self.proc = subprocess.Popen(
            ["ip", "netns", "exec", self.ns, "keepalived", "-n", "-l", "-D", "-G", "-P", "-f", self.conf,
             "-p", os.path.join(self.dir, "keepalived.pid"), "-r", os.path.join(self.dir, "vrrp.pid"),
             "-c", os.path.join(self.dir, "checkers.pid")],
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True)

    def kill(self):
        """kill -9 of keepalived and its VRRP child at once: the VIP stays on the interface, no priority-0 advert."""
        kill_group(self.proc)

    def stop(self):
        stop_group(self.proc, 10)


class VipWatch:
    """Which edges hold the VIP, from `ip monitor address` in each edge namespace: a time series of holders."""

    def __init__(self, topology):
        self.topology = topology
        self.holders = set()
        self.series = []          # (monotonic t, frozenset of edges holding the VIP)
        self.lock = threading.Lock()
        self.procs = []

    def start(self):
        pattern = re.compile(rf"\binet {re.escape(self.topology.vip)}/")
        for edge, info in self.topology.edges.items():
            proc = subprocess.Popen(["ip", "-o", "-n", info["ns"], "monitor", "address"], stdout=subprocess.PIPE, text=True,
                                    bufsize=1, start_new_session=True)
            self.procs.append(proc)
            threading.Thread(target=self.follow, args=(edge, proc, pattern), daemon=True).start()
        # After the monitors run: an address added between the two is seen by both, which is harmless.
        for edge, info in self.topology.edges.items():
            if pattern.search(run("ip", "-o", "-n", info["ns"], "addr", "show").stdout):
                self.change(edge, True)
        self.record()

    def follow(self, edge, proc, pattern):
        for line in proc.stdout:
            if pattern.search(line):
                self.change(edge, not line.startswith("Deleted"))

    def change(self, edge, held):
        with self.lock:
            if held == (edge in self.holders):
                return
            (self.holders.add if held else self.holders.discard)(edge)
        self.record()

    def record(self):
        with self.lock:
            self.series.append((time.monotonic(), frozenset(self.holders)))

    def holder(self):
        """The one edge holding the VIP, or None when none or several do."""
        with self.lock:
            return next(iter(self.holders)) if len(self.holders) == 1 else None

    def moved_to(self, edge, since):
        """When the edge first held the VIP at or after `since` (None if it has not)."""
        with self.lock:
            return next((t for t, h in self.series if t >= since and edge in h), None)

    def stop(self):
        for proc in self.procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait()


def kill_group(proc):
    """kill -9 of a process started with start_new_session=True and everything in its group; waits for it."""
    if proc and proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def stop_group(proc, timeout):
    """SIGTERM to the process's group; kill -9 after `timeout` seconds. True when it stopped by itself."""
    if not proc or proc.poll() is not None:
        return True
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=timeout)
        return True
    except subprocess.TimeoutExpired:
        kill_group(proc)
        return False


def wait(predicate, seconds, what, error=TimeoutError, step=0.05):
    """Polls `predicate` until it holds (returns the monotonic time) or `seconds` pass (raises `error`)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            if predicate():
                return time.monotonic()
        except Exception:
            pass
        time.sleep(step)
    raise error(f"timed out after {seconds} s waiting for {what}")


# --- the stand-in proof ---------------------------------------------------------------------------------------------

class StandinEdge:
    def __init__(self, topology, name, directory):
        self.topology, self.name = topology, name
        self.info = topology.edges[name]
        self.dir = directory
        self.proc = None

    def start(self):
        out = open(os.path.join(self.dir, "standin.log"), "a")
        self.proc = subprocess.Popen(["ip", "netns", "exec", self.info["ns"], sys.executable, os.path.join(ROOT, "lab/edge_standin.py"),
                                      self.name, self.topology.vip, self.info["address"]],
                                     stdout=out, stderr=subprocess.STDOUT, start_new_session=True)

    def kill(self):
        kill_group(self.proc)


class Prober:
    """GETs http://VIP:8080/ from the client namespace every 20 ms: (t, edge that answered or None)."""

    def __init__(self, topology, timeout=0.25):
        self.url = f"http://{topology.vip}:8080/"
        self.timeout = timeout
        self.samples = []
        self.running = True
        in_netns(topology.client_ns, self.loop)

    def loop(self):
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        while self.running:
            t = time.monotonic()
            try:
                with opener.open(self.url, timeout=self.timeout) as r:
                    self.samples.append((t, r.read().decode().strip()))
            except Exception:
                self.samples.append((t, None))
            time.sleep(0.02)

    def first_answer_from(self, edge, since):
        return next((t for t, e in list(self.samples) if t >= since and e == edge), None)

    def failures(self, t0, t1):
        return sum(1 for t, e in list(self.samples) if t0 <= t <= t1 and e is None)


def proof(repeat):
    data = tempfile.mkdtemp(prefix="sharesconsole-vrrp-")
    log(f"lab directory {data}")
    topology = Topology()
    edges, keepers = {}, {}
    watch = None
    rows = []
    try:
        topology.create()
        for i, (name, info) in enumerate(topology.edges.items()):
            directory = os.path.join(data, name)
            os.makedirs(directory, exist_ok=True)
            edges[name] = StandinEdge(topology, name, directory)
            edges[name].start()
            keepers[name] = Keepalived(info["ns"], os.path.join(directory, "keepalived"))
            keepers[name].write(keepalived_conf(name, LINK, f"{topology.vip}/24", 150 - 50 * i,
                                                f"http://{info['address']}:{EDGE_HEALTH_PORT}/healthz"))
        watch = VipWatch(topology)
        watch.start()
        for k in keepers.values():
            k.start()
        prober = Prober(topology)
        wait(lambda: watch.holder() is not None, 30, "an edge to hold the VIP")
        wait(lambda: prober.samples and prober.samples[-1][1] == watch.holder(), 10, "the VIP to answer")
        log(f"VIP {topology.vip} held by {watch.holder()}")
        for kind in ("edge-kill", "keepalived-kill", "edge-partition"):
            for rep in range(1, repeat + 1):
                wait(lambda: all(k.proc.poll() is None for k in keepers.values()) and watch.holder() is not None and
                     prober.samples and prober.samples[-1][1] == watch.holder(), 30, "a settled VIP")
                time.sleep(2.5)  # the backup's track script must have passed `rise` times: it is not in FAULT
                victim = watch.holder()
                other = next(e for e in topology.edges if e != victim)
                t0 = time.monotonic()
                if kind == "edge-kill":
                    edges[victim].kill()
                elif kind == "keepalived-kill":
                    keepers[victim].kill()
                else:
                    topology.cut_edge(victim)
                answered = wait(lambda: prober.first_answer_from(other, t0), 20, f"the VIP to answer from {other}")
                answered = prober.first_answer_from(other, t0)
                moved = watch.moved_to(other, t0)
                row = {"kind": kind, "rep": rep, "victim": victim, "vip_moved": None if moved is None else moved - t0,
                       "answered": answered - t0, "failed": prober.failures(t0, answered)}
                # Put the victim back.
                if kind == "edge-kill":
                    edges[victim].start()
                elif kind == "keepalived-kill":
                    keepers[victim].start()
                else:
                    topology.heal_edge(victim)
                # Does the VIP stay where it went (nopreempt), and does the client keep its answers?
                t1 = time.monotonic()
                time.sleep(3)
                row["after_heal_holder"] = watch.holder()
                row["after_heal_failed"] = prober.failures(t1, time.monotonic())
                rows.append(row)
                log(f"  {kind} #{rep} of {victim}: VIP on {other} after {row['vip_moved'] if row['vip_moved'] is None else round(row['vip_moved'], 2)} s, "
                    f"answered after {row['answered']:.2f} s, {row['failed']} failed requests; "
                    f"3 s after putting {victim} back: holder {row['after_heal_holder']}, {row['after_heal_failed']} failed")
        prober.running = False
        print()
        print("| fault | reps | VIP moved median / max s | answered median / max s | failed requests | failed after heal |")
        print("|---|---|---|---|---|---|")
        for kind in dict.fromkeys(r["kind"] for r in rows):
            rs = [r for r in rows if r["kind"] == kind]
            moved = [r["vip_moved"] for r in rs if r["vip_moved"] is not None]
            answered = [r["answered"] for r in rs]
            print(f"| {kind} | {len(rs)} | {statistics.median(moved):.2f} / {max(moved):.2f} | "
                  f"{statistics.median(answered):.2f} / {max(answered):.2f} | {sum(r['failed'] for r in rs)} | "
                  f"{sum(r['after_heal_failed'] for r in rs)} |" if moved else f"| {kind} | {len(rs)} | - | - | - | - |")
        return 0
    finally:
        if watch:
            watch.stop()
        for k in keepers.values():
            k.stop()
        for e in edges.values():
            e.kill()
        topology.destroy()
        if os.environ.get("HA_KEEP"):
            log(f"logs kept in {data}")
        else:
            shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    import argparse
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--proof", type=int, metavar="N", required=True, help="N repetitions of each fault with the stand-in edge")
    sys.exit(proof(parser.parse_args().proof))
