#!/usr/bin/env python3
"""Transfer stand-in for one HA-lab node: TCP (SSH-like) and UDP (FASP-like) on the same port.

Every TCP chunk and every datagram is answered with "<node>|<payload>", so a client can tell which node
served it and check that its TCP session and its datagrams reached the same node (cross-protocol affinity).
Usage: transfer_standin.py <node> <address> <port>
"""
import socket, sys, threading

node, address, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
prefix = (node + "|").encode()


def serve_tcp_client(conn):
    with conn:
        conn.settimeout(120)
        try:
            while True:
                data = conn.recv(65536)
                if not data:
                    return
                conn.sendall(prefix + data)
        except OSError:
            return


def tcp():
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((address, port))
    server.listen(512)
    while True:
        conn, _ = server.accept()
        threading.Thread(target=serve_tcp_client, args=(conn,), daemon=True).start()


def udp():
    server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    server.bind((address, port))
    while True:
        data, peer = server.recvfrom(65535)
        try:
            server.sendto(prefix + data[:60000], peer)
        except OSError:
            pass


threading.Thread(target=tcp, daemon=True).start()
udp()
