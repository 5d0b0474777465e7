"""The machine's own stalls, measured beside the kiosk in the same window.

A kiosk frame on the software renderer makes round trips to other processes
(the X server, its own worker threads). On some virtual machines such a round
trip now and then costs the caller milliseconds of CPU time that is not its
own work (the hypervisor waking a sleeping virtual CPU is charged to whoever
was running). This probe makes the same kind of round trip, one byte to a
child process and back through pipes, every 150 ms (about the kiosk's frame
rate in attract mode), and reports the CPU time its thread was charged for
each: what any program's frame would be charged on this machine at that
moment, with none of the kiosk's code in it.

    python3 roundtrip.py SECONDS   ->  JSON list of microseconds on stdout
"""
import json
import os
import sys
import time

PERIOD_S = 0.15


def main(seconds):
    from_parent, to_child = os.pipe()
    from_child, to_parent = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(to_child)
        os.close(from_child)
        while True:
            b = os.read(from_parent, 1)
            if not b:
                os._exit(0)
            os.write(to_parent, b)
    os.close(from_parent)
    os.close(to_parent)
    out = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        time.sleep(PERIOD_S)
        t0 = time.thread_time_ns()
        os.write(to_child, b"x")
        os.read(from_child, 1)
        out.append((time.thread_time_ns() - t0) // 1000)
    os.close(to_child)
    os.waitpid(pid, 0)
    json.dump(out, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(float(sys.argv[1])))
