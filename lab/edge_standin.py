#!/usr/bin/env python3
"""A stand-in edge for lab/netlab.py's proof of the VRRP plumbing: answers its own name on VIP:8080 (bound whether or
not this namespace holds the VIP: net.ipv4.ip_nonlocal_bind=1) and 200 on ADDRESS:9180/healthz.

Usage: edge_standin.py NAME VIP ADDRESS
"""
import http.server, sys, threading

name, vip, address = sys.argv[1], sys.argv[2], sys.argv[3]


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = (name + "\n").encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


web = http.server.ThreadingHTTPServer((vip, 8080), Handler)
health = http.server.ThreadingHTTPServer((address, 9180), Handler)
threading.Thread(target=health.serve_forever, daemon=True).start()
print(f"{name}: serving {vip}:8080 and {address}:9180", flush=True)
web.serve_forever()
