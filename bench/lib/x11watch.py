"""Watches an X screen for the moment an exhibit appears on it.

Speaks the X11 protocol directly over the server's Unix socket (Python's
standard library only, no Xlib): the DAMAGE extension tells us when anything
is drawn anywhere on the screen, and only then do we read a sparse sample of
the screen with GetImage. Nothing is polled, so the watcher costs nothing while
the program under test starts, and it sees the kiosk and Chromium the same way.

"The exhibit is on screen" means: at least `threshold` of the sampled pixels
have distinct colours. The bench's screens have a uniform background with
text; only a photograph brings that much colour variety, so this fires on the
first frame that shows the first panel's picture (a white or dark empty
window, or text alone, stays far below it).
"""

import os
import select
import socket
import struct
import threading
import time

X_GET_IMAGE = 73
X_QUERY_EXTENSION = 98
DAMAGE_QUERY_VERSION = 0
DAMAGE_CREATE = 1
DAMAGE_SUBTRACT = 3
DAMAGE_REPORT_NON_EMPTY = 3
Z_PIXMAP = 2


class X11Error(Exception):
    pass


def _pad4(n):
    return (n + 3) & ~3


class Connection:
    """A minimal X11 client connection (little-endian, no authentication:
    the bench starts its own Xvfb, which accepts local clients)."""

    def __init__(self, display):
        number = display.split(":", 1)[1].split(".", 1)[0]
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect("/tmp/.X11-unix/X" + number)
        self.buf = bytearray()
        self.seq = 0
        self.events = []
        self.next_id = 0
        self._setup()

    def close(self):
        self.sock.close()

    def _fill(self, n, timeout=None):
        while len(self.buf) < n:
            if timeout is not None:
                ready, _, _ = select.select([self.sock], [], [], timeout)
                if not ready:
                    return False
            chunk = self.sock.recv(max(65536, n - len(self.buf)))
            if not chunk:
                raise X11Error("the X server closed the connection")
            self.buf += chunk
        return True

    def _take(self, n):
        self._fill(n)
        data = bytes(self.buf[:n])
        del self.buf[:n]
        return data

    def _setup(self):
        self.sock.sendall(struct.pack("<BxHHHHxx", 0x6C, 11, 0, 0, 0))
        status, reason_len, _major, _minor, length = struct.unpack("<BBHHH", self._take(8))
        data = self._take(length * 4)
        if status != 1:
            raise X11Error("the X server refused the connection: "
                           + data[:reason_len].decode("latin-1", "replace"))
        (_release, self.id_base, self.id_mask, _motion, vendor_len, _maxreq, _screens,
         nformats, byte_order) = struct.unpack_from("<IIIIHHBBB", data, 0)
        if byte_order != 0:
            raise X11Error("only LSB-first X servers are supported")
        off = 32 + _pad4(vendor_len)
        self.bpp = {}
        for _ in range(nformats):
            depth, bpp = struct.unpack_from("<BB", data, off)
            self.bpp[depth] = bpp
            off += 8
        self.root = struct.unpack_from("<I", data, off)[0]
        self.width, self.height = struct.unpack_from("<HH", data, off + 20)
        self.depth = data[off + 38]
        if self.bpp.get(self.depth) != 32:
            raise X11Error("the screen must be 24 or 32 bits deep (Xvfb -screen 0 WxHx24)")

    def new_id(self):
        self.next_id += 1
        return self.id_base | (self.next_id & self.id_mask)

    def send(self, data):
        self.sock.sendall(data)
        self.seq = (self.seq + 1) & 0xFFFF
        return self.seq

    def _packet(self):
        head = self._take(32)
        if head[0] == 1:
            extra = struct.unpack_from("<I", head, 4)[0] * 4
            return head + self._take(extra) if extra else head
        return head

    def reply(self):
        """The next reply; events read on the way are queued with their time."""
        while True:
            pkt = self._packet()
            kind = pkt[0] & 0x7F
            if kind == 0:
                minor, major = struct.unpack_from("<HB", pkt, 8)
                raise X11Error("X error %d in request %d.%d" % (pkt[1], major, minor))
            if kind == 1:
                return pkt
            self.events.append((time.monotonic(), pkt))

    def wait_event(self, timeout):
        """Returns (time, packet) of the next event, or None after `timeout` s."""
        if self.events:
            return self.events.pop(0)
        if not self._fill(32, timeout):
            return None
        pkt = self._packet()
        if pkt[0] == 0:
            minor, major = struct.unpack_from("<HB", pkt, 8)
            raise X11Error("X error %d in request %d.%d" % (pkt[1], major, minor))
        return (time.monotonic(), pkt)

    def query_extension(self, name):
        raw = name.encode()
        self.send(struct.pack("<BxHHxx", X_QUERY_EXTENSION, 2 + _pad4(len(raw)) // 4, len(raw))
                  + raw + b"\0" * (_pad4(len(raw)) - len(raw)))
        pkt = self.reply()
        present, opcode, first_event = pkt[8], pkt[9], pkt[10]
        if not present:
            raise X11Error("the X server has no %s extension" % name)
        return opcode, first_event

    def get_rows(self, rows):
        """ZPixmap bytes (BGRX) of whole screen rows, requested in one batch."""
        for y in rows:
            self.send(struct.pack("<BBHIhhHHI", X_GET_IMAGE, Z_PIXMAP, 5, self.root,
                                  0, y, self.width, 1, 0xFFFFFFFF))
        return [self.reply()[32:] for _ in rows]


def sample_stats(rows, step=8):
    """(distinct colours / samples, samples) over every `step`-th pixel of `rows`."""
    colours = set()
    n = 0
    stride = 4 * step
    for data in rows:
        px = list(zip(data[0::stride], data[1::stride], data[2::stride]))
        colours.update(px)
        n += len(px)
    return (len(colours) / n if n else 0.0), n


class ScreenWatch(threading.Thread):
    """Records when the screen first shows a picture. Start it, wait for
    `ready`, launch the program, then read `shown_at` (time.monotonic())."""

    def __init__(self, display, threshold=0.10, nrows=16, timeout=120.0):
        super().__init__(daemon=True)
        self.display = display
        self.threshold = threshold
        self.nrows = nrows
        self.timeout = timeout
        self.ready = threading.Event()
        self.done = threading.Event()
        self.first_damage_at = None
        self.shown_at = None
        self.samples = 0
        self.error = None
        self.baseline = None
        self._stopping = False

    def stop(self):
        self._stopping = True

    def run(self):
        try:
            self._watch()
        except Exception as e:  # reported by the caller
            self.error = "%s: %s" % (type(e).__name__, e)
        finally:
            self.ready.set()
            self.done.set()

    def _watch(self):
        conn = Connection(self.display)
        try:
            opcode, first_event = conn.query_extension("DAMAGE")
            conn.send(struct.pack("<BBHII", opcode, DAMAGE_QUERY_VERSION, 3, 1, 1))
            conn.reply()
            damage = conn.new_id()
            conn.send(struct.pack("<BBHIIBxxx", opcode, DAMAGE_CREATE, 4, damage, conn.root,
                                  DAMAGE_REPORT_NON_EMPTY))
            rows = [int((k + 0.5) * conn.height / self.nrows) for k in range(self.nrows)]
            self.baseline, _ = sample_stats(conn.get_rows(rows))
            if self.baseline >= self.threshold:
                raise X11Error("the screen already shows a picture before the launch")
            # Damage from before the launch (none on a fresh Xvfb) is dropped.
            conn.send(struct.pack("<BBHIII", opcode, DAMAGE_SUBTRACT, 4, damage, 0, 0))
            conn.events.clear()
            self.ready.set()
            deadline = time.monotonic() + self.timeout
            while not self._stopping and time.monotonic() < deadline:
                ev = conn.wait_event(0.2)
                if ev is None:
                    continue
                t, pkt = ev
                if pkt[0] & 0x7F != first_event:
                    continue
                if self.first_damage_at is None:
                    self.first_damage_at = t
                # Re-arm first, so drawing during the sample raises a new event.
                conn.send(struct.pack("<BBHIII", opcode, DAMAGE_SUBTRACT, 4, damage, 0, 0))
                sampled_at = time.monotonic()
                ratio, _ = sample_stats(conn.get_rows(rows))
                self.samples += 1
                if ratio >= self.threshold:
                    self.shown_at = sampled_at
                    return
        finally:
            conn.close()


def grab_ppm(display, path):
    """Writes the whole screen as a binary PPM (for looking at what was measured)."""
    conn = Connection(display)
    try:
        rows = conn.get_rows(range(conn.height))
        with open(path, "wb") as f:
            f.write(b"P6 %d %d 255\n" % (conn.width, conn.height))
            for data in rows:
                out = bytearray(conn.width * 3)
                out[0::3] = data[2::4]
                out[1::3] = data[1::4]
                out[2::3] = data[0::4]
                f.write(out)
    finally:
        conn.close()


if __name__ == "__main__":
    import sys
    w = ScreenWatch(os.environ["DISPLAY"] if len(sys.argv) < 2 else sys.argv[1])
    w.start()
    w.ready.wait()
    print("baseline", w.baseline, "error", w.error, flush=True)
    w.join()
    print("shown_at", w.shown_at, "first damage", w.first_damage_at, "samples", w.samples, w.error)
