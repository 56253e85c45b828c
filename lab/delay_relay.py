#!/usr/bin/env python3
"""A TCP relay that delays what the far side sends back: the lab's stand-in for a slow link.

The kernel here has neither the netem qdisc nor nftables `queue`, so lab/ha.py puts this relay between each
node's agent and the control plane. Bytes from the agent go upstream at once; bytes from the control plane
reach the agent `delay` seconds after the relay read them, in order. The delay is read from a file that the
relay re-reads whenever it changes, so it changes on open connections without a reconnect (a smaller delay
never overtakes bytes already queued: the queue is drained in order). Appending "both", "silence" or "agent" to the reset
file (the delay file's name with .reset) resets or silences the open connections (see Reset).

Usage: delay_relay.py CONFIG.json, where CONFIG holds {"listen": "host:port", "upstream": "host:port",
"source": "address upstream connections leave from", "delay_file": "path"}. The relay exits when its
standard input closes, so it never outlives the lab that started it.
"""
import asyncio, json, os, socket, struct, sys, time

POLL_S = 0.05
CHUNK = 65536
SILENCED_S = 120   # how long a silenced connection's control-plane side stays open


def log(message):
    now = time.time()
    print(f"{time.strftime('%H:%M:%S', time.localtime(now))}.{int(now * 1000) % 1000:03d} {message}", flush=True)


class Delay:
    """The current delay, re-read from its file when the file changes."""

    def __init__(self, path):
        self.path = path
        self.seconds = 0.0
        self.stamp = None

    def refresh(self):
        try:
            stat = os.stat(self.path)
            stamp = (stat.st_mtime_ns, stat.st_size)
            if stamp == self.stamp:
                return
            with open(self.path) as f:
                seconds = float(f.read().strip() or 0)
        except (OSError, ValueError):
            return
        self.stamp = stamp
        if seconds != self.seconds:
            log(f"delay {self.seconds:g} s -> {seconds:g} s")
            self.seconds = max(0.0, seconds)


class Reset:
    """Acts on the open connections when the reset file changes; its last word says how.

    "both": every connection is reset on both sides (RST), as by a middlebox that lost its state and rejects.
    "silence": nothing is forwarded any more either way, the connections stay open (a black hole).
    "agent": the agent's side is reset (RST) and the control plane's side silenced: after "silence" during a cut
    and "agent" once healed, the agent connects again at once while the control plane learns that its connection
    is gone only from its own timeouts (a middlebox that lost its state, rejecting one way and dropping the other).
    """

    def __init__(self, path):
        self.path = path
        self.stamp = self.read()
        self.connections = {}   # client writer -> (upstream writer, its pump tasks)
        self.silenced = {}      # client writer -> upstream writer, both left open and unread

    def read(self):
        try:
            stat = os.stat(self.path)
            return stat.st_mtime_ns, stat.st_size
        except OSError:
            return None

    def refresh(self):
        stamp = self.read()
        if stamp == self.stamp:
            return
        self.stamp = stamp
        try:
            with open(self.path) as f:
                mode = (f.read().split() or ["both"])[-1]
        except OSError:
            return
        log(f"reset ({mode}) of {len(self.connections)} connections ({len(self.silenced)} silenced)")
        for client, (upstream, tasks) in list(self.connections.items()):
            if mode in ("silence", "agent"):
                self.silence(client, upstream, tasks)
            elif mode == "both":
                abort(client)
                abort(upstream)
        if mode == "agent":
            for client in self.silenced:
                abort(client)

    def silence(self, client, upstream, tasks):
        # The pumps go first: none may forward an EOF or an error to the other side.
        for task in tasks:
            task.cancel()
        client.transport.pause_reading()
        upstream.transport.pause_reading()
        self.silenced[client] = upstream

        def close():
            self.silenced.pop(client, None)
            client.transport.abort()
            upstream.transport.abort()

        asyncio.get_running_loop().call_later(SILENCED_S, close)


def abort(writer):
    sock = writer.get_extra_info("socket")
    if sock is not None:
        # Linger 0: close sends RST, not FIN.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


async def watch(*controls):
    while True:
        for control in controls:
            control.refresh()
        await asyncio.sleep(POLL_S)


async def pump_up(reader, writer):
    """Agent -> control plane, undelayed; forwards the agent's half-close."""
    while data := await reader.read(CHUNK):
        writer.write(data)
        await writer.drain()
    if writer.can_write_eof():
        writer.write_eof()


async def read_down(reader, queue, delay):
    """Control plane -> queue: each chunk is stamped with its release time when read (EOF as None)."""
    loop = asyncio.get_running_loop()
    while True:
        # Low volume (SignalR frames and HTTP replies), so an unbounded queue is fine here.
        data = await reader.read(CHUNK)
        queue.put_nowait((loop.time() + delay.seconds, data or None))
        if not data:
            return


async def release_down(queue, writer):
    """Queue -> agent, in the order read, each chunk not before its release time; forwards the half-close."""
    loop = asyncio.get_running_loop()
    while True:
        due, data = await queue.get()
        wait = due - loop.time()
        if wait > 0:
            await asyncio.sleep(wait)
        if data is None:
            if writer.can_write_eof():
                writer.write_eof()
            return
        writer.write(data)
        await writer.drain()


async def serve(config, delay, reset):
    up_host, up_port = config["upstream"].rsplit(":", 1)
    source = config.get("source")

    async def handle(client_reader, client_writer):
        peer = client_writer.get_extra_info("peername")
        try:
            up_reader, up_writer = await asyncio.open_connection(up_host, int(up_port),
                                                                 local_addr=(source, 0) if source else None)
        except OSError as e:
            log(f"{peer}: upstream {config['upstream']} refused: {e}")
            client_writer.close()
            return
        queue = asyncio.Queue()
        tasks = [asyncio.create_task(pump_up(client_reader, up_writer)),
                 asyncio.create_task(read_down(up_reader, queue, delay)),
                 asyncio.create_task(release_down(queue, client_writer))]
        reset.connections[client_writer] = (up_writer, tasks)
        try:
            # Both directions end (EOF each way) or one fails: then the whole connection goes.
            done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
            for task in done:
                if not task.cancelled() and task.exception():
                    raise task.exception()
        except (OSError, asyncio.IncompleteReadError):
            pass
        finally:
            reset.connections.pop(client_writer, None)
            for task in tasks:
                task.cancel()
            if client_writer not in reset.silenced:
                client_writer.close()
                up_writer.close()

    host, port = config["listen"].rsplit(":", 1)
    server = await asyncio.start_server(handle, host, int(port), reuse_address=True)
    log(f"relay {config['listen']} -> {config['upstream']} (from {source or 'any'}), delay file {delay.path}")
    return server


async def main(path):
    with open(path) as f:
        config = json.load(f)
    delay = Delay(config["delay_file"])
    delay.refresh()
    reset = Reset(os.path.splitext(config["delay_file"])[0] + ".reset")
    server = await serve(config, delay, reset)
    watcher = asyncio.create_task(watch(delay, reset))
    # Standard input closing means the lab is gone (exited or killed): stop with it.
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, sys.stdin.buffer.read)
    watcher.cancel()
    server.close()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    asyncio.run(main(sys.argv[1]))
