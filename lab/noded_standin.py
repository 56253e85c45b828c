#!/usr/bin/env python3
"""asperanoded stand-in for one HA-lab node: HTTPS on <address>:<port>, GET /ping answers 200 with an empty body.

Usage: noded_standin.py <address> <port> <certificate> <key>
"""
import http.server, ssl, sys

address, port, cert, key = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]


class Ping(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200 if self.path == "/ping" else 404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer((address, port), Ping)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(cert, key)
server.socket = context.wrap_socket(server.socket, server_side=True)
server.serve_forever()
