#!/usr/bin/env python3
"""Crash the active lab node REPEAT times and measure the failover.

Starts the embedded lab (Release build) on its default loopback addresses with a private data
directory, logs in as an admin, then per repetition: crashes the active node through
POST /api/v1/lab/nodes/{name}/crash, polls the cluster until another node is active and the
operation has ended, counts HTTP errors through the VIP meanwhile, restores the node and waits
until both nodes are healthy again. Ends with: median <s> s, max <s> s.
"""
import urllib.parse, http.cookiejar, json, os, re, secrets, shutil, signal, statistics, subprocess, sys, tempfile, time, urllib.request

REPEAT = int(os.environ.get("REPEAT", "10"))
CONSOLE = os.environ.get("CONSOLE_URL", "http://127.0.0.1:5077")
VIP_URL = os.environ.get("VIP_URL", "http://127.0.0.20:8080/")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DLL = os.path.join(ROOT, "src/SharesConsole.Web/bin/Release/net10.0/SharesConsole.Web.dll")

jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))


def call(method, path, body=None, timeout=3):
    data = None if body is None else body.encode()
    req = urllib.request.Request(CONSOLE + path, data=data, method=method)
    if body is not None:
        req.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        with opener.open(req, timeout=timeout) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(errors="replace")
    except OSError:
        return 0, ""


def cluster():
    status, text = call("GET", "/api/v1/cluster")
    return json.loads(text) if status == 200 else None


def nodes():
    status, text = call("GET", "/api/v1/nodes")
    return json.loads(text) if status == 200 else []


def verdicts():
    data = nodes()
    items = data.get("items", data) if isinstance(data, dict) else data
    return {n.get("name"): str(n.get("verdict")) for n in items}


def vip_ok():
    try:
        with urllib.request.urlopen(VIP_URL, timeout=1) as r:
            return r.status == 200, r.read().decode().strip()
    except Exception:
        return False, ""


def wait(predicate, seconds, what):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.1)
    raise SystemExit(f"failover bench: timed out waiting for {what}")


def main():
    if not os.path.exists(DLL):
        raise SystemExit(f"build first: dotnet build -c Release src/SharesConsole.Web ({DLL} missing)")
    data = tempfile.mkdtemp(prefix="sharesconsole-failover-")
    password = secrets.token_urlsafe(16)
    env = dict(os.environ, Auth__AdminUser="bench", Auth__AdminPassword=password, Hangfire__Storage="InMemory",
               Logging__LogLevel__Default="Warning")
    log = open(os.path.join(data, "console.log"), "w")
    proc = subprocess.Popen(["dotnet", DLL, "--urls", CONSOLE], cwd=data, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait(lambda: call("GET", "/readyz")[0] == 200, 90, "the console")
        status, page = call("GET", "/account/login")
        token = re.search(r'name="__RequestVerificationToken"[^>]*?value="([^"]+)"', page)
        form = urllib.parse.urlencode({"UserName": "bench", "Password": password, "ReturnUrl": "/", "__RequestVerificationToken": token.group(1) if token else ""})
        call("POST", "/account/login", form)
        wait(lambda: all(v == "Healthy" for v in verdicts().values()) and len(verdicts()) >= 2, 90, "both nodes healthy")
        print("rep  crashed  new-active  group-healthy-s  http-errors")
        times = []
        for rep in range(1, REPEAT + 1):
            before = cluster()
            victim = before["activeNode"]
            errors = 0
            t0 = time.monotonic()
            status, text = call("POST", f"/api/v1/lab/nodes/{victim}/crash")
            if status != 202:
                raise SystemExit(f"crash refused: {status} {text}")
            done = None
            while time.monotonic() - t0 < 60:
                ok, _ = vip_ok()
                errors += 0 if ok else 1
                c = cluster()
                if c and c["activeNode"] != victim and c.get("runningOperation") is None:
                    done = time.monotonic() - t0
                    break
                time.sleep(0.1)
            if done is None:
                raise SystemExit(f"repetition {rep}: no failover within 60 s")
            new_active = cluster()["activeNode"]
            wait(lambda: verdicts().get(new_active) in ("Healthy", "Degraded"), 30, "the group on the survivor")
            times.append(done)
            print(f"{rep:>3}  {victim:>7}  {new_active:>10}  {done:>15.1f}  {errors:>11}")
            call("POST", f"/api/v1/lab/nodes/{victim}/restore")
            wait(lambda: all(v == "Healthy" for v in verdicts().values()), 90, "both nodes healthy again")
            time.sleep(2)
        print(f"median {statistics.median(times):.1f} s, max {max(times):.1f} s")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        if not os.environ.get("KEEP_RUN"):
            shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
