"""A minimal Chrome DevTools Protocol client over a WebSocket on 127.0.0.1,
Python's standard library only (RFC 6455 framing, text frames)."""

import base64
import http.client
import json
import os
import socket
import struct
import time


class CdpError(Exception):
    pass


def devtools_port(user_data_dir, timeout=30.0):
    """The port Chromium chose for --remote-debugging-port=0 (DevToolsActivePort)."""
    path = os.path.join(user_data_dir, "DevToolsActivePort")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with open(path, encoding="ascii") as f:
                first = f.readline().strip()
            if first:
                return int(first)
        except (OSError, ValueError):
            pass
        time.sleep(0.05)
    raise CdpError("Chromium did not open its DevTools port (no %s)" % path)


def page_targets(port):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", "/json/list")
        resp = conn.getresponse()
        return [t for t in json.loads(resp.read()) if t.get("type") == "page"]
    finally:
        conn.close()


class WebSocket:
    def __init__(self, url, timeout=10.0):
        if not url.startswith("ws://"):
            raise CdpError("unexpected DevTools URL " + url)
        hostport, _, path = url[5:].partition("/")
        host, _, port = hostport.partition(":")
        self.sock = socket.create_connection((host, int(port)), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(("GET /%s HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\n"
                           "Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\n"
                           "Sec-WebSocket-Version: 13\r\n\r\n" % (path, hostport, key)).encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise CdpError("the DevTools connection closed during the handshake")
            head += chunk
        head, _, self.buf = head.partition(b"\r\n\r\n")
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise CdpError("DevTools refused the WebSocket: " + head.split(b"\r\n", 1)[0].decode())

    def close(self):
        try:
            self.sock.sendall(b"\x88\x80" + os.urandom(4))
        except OSError:
            pass
        self.sock.close()

    def _read(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise CdpError("the DevTools connection closed")
            self.buf += chunk
        data, self.buf = self.buf[:n], self.buf[n:]
        return data

    def _send_frame(self, opcode, payload):
        n = len(payload)
        if n < 126:
            head = struct.pack("!BB", 0x80 | opcode, 0x80 | n)
        elif n < 65536:
            head = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, n)
        else:
            head = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, n)
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(head + mask + masked)

    def send(self, text):
        self._send_frame(0x1, text.encode())

    def recv(self):
        message = b""
        while True:
            b0, b1 = self._read(2)
            opcode, n = b0 & 0x0F, b1 & 0x7F
            if n == 126:
                n = struct.unpack("!H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack("!Q", self._read(8))[0]
            mask = self._read(4) if b1 & 0x80 else None
            payload = self._read(n)
            if mask:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            if opcode == 0x8:
                raise CdpError("DevTools closed the connection")
            if opcode == 0x9:
                self._send_frame(0xA, payload)
                continue
            if opcode in (0x0, 0x1, 0x2):
                message += payload
                if b0 & 0x80:
                    return message.decode()


class Page:
    """One page target: Runtime.evaluate with JSON results."""

    def __init__(self, port):
        targets = page_targets(port)
        if not targets:
            raise CdpError("Chromium shows no page")
        self.ws = WebSocket(targets[0]["webSocketDebuggerUrl"])
        self.next_id = 0

    def close(self):
        self.ws.close()

    def evaluate(self, expression):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": "Runtime.evaluate",
                                 "params": {"expression": expression, "returnByValue": True}}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.next_id:
                if "error" in msg:
                    raise CdpError(str(msg["error"]))
                return msg["result"]["result"].get("value")


FCP_SCRIPT = ("JSON.stringify({origin: performance.timeOrigin, paint: performance"
              ".getEntriesByType('paint').map(e => [e.name, e.startTime])})")


def first_contentful_paint_epoch_ms(port, timeout=30.0):
    """Wall-clock time (ms since the epoch) of the page's first contentful paint."""
    deadline = time.monotonic() + timeout
    page = None
    try:
        while time.monotonic() < deadline:
            try:
                if page is None:
                    page = Page(port)
                value = json.loads(page.evaluate(FCP_SCRIPT))
                for name, start in value["paint"]:
                    if name == "first-contentful-paint":
                        return value["origin"] + start
            except (CdpError, OSError, ValueError, TypeError):
                if page is not None:
                    page.close()
                    page = None
            time.sleep(0.1)
        raise CdpError("no first-contentful-paint within %d s" % timeout)
    finally:
        if page is not None:
            page.close()
