#!/usr/bin/env python3
"""cpu.py - CPU seconds of each proxy over each measured wrk run, beside bench/edge.sh or the peers' http.sh.

Watches for `wrk --latency ... URL` (the measured run; the warm-up has no --latency), finds the process that listens on
the URL's port, reads its utime+stime from /proc/<pid>/stat when wrk starts and when it ends, and prints
`port pids name cpu_s wall_s` for each. Divide cpu_s by the requests of that run (req/s x wall_s) for CPU per request.
Usage: bench/cpu.py [seconds to watch, default 600] > cpu.txt &   (then run the benchmark; stops after the time)
"""
import os, re, subprocess, sys, time

TICK = os.sysconf("SC_CLK_TCK")

def ticks(pids):
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total

def name(pids):
    with open(f"/proc/{pids[0]}/comm") as f:
        return f.read().strip()

def wrk_runs():
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                argv = f.read().split(b"\0")
        except OSError:
            continue
        if argv and argv[0].endswith(b"wrk") and b"--latency" in argv:
            url = argv[-2].decode() if argv[-1] == b"" else argv[-1].decode()
            yield int(pid), url

def listener(port):
    out = subprocess.run(["ss", "-ltnpH", f"sport = :{port}"], capture_output=True, text=True).stdout
    return sorted({int(p) for p in re.findall(r"pid=(\d+)", out)})  # nginx: master and worker both hold it

deadline = time.time() + float(sys.argv[1] if len(sys.argv) > 1 else 600)
seen = set()
while time.time() < deadline:
    for wpid, url in list(wrk_runs()):
        if wpid in seen:
            continue
        seen.add(wpid)
        port = int(re.search(r":(\d+)/", url).group(1))
        pid = listener(port)
        if not pid:
            continue
        start, t0 = ticks(pid), time.time()
        end = start
        while os.path.exists(f"/proc/{wpid}"):
            try:
                end = ticks(pid)
            except OSError:
                break
            time.sleep(0.05)
        print(f"{port} {','.join(map(str, pid))} {name(pid)} {(end - start) / TICK:.2f} {time.time() - t0:.2f}", flush=True)
    time.sleep(0.1)
