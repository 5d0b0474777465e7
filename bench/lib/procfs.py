"""Process trees, CPU time and PSS from /proc (Linux)."""

import os

CLK_TCK = os.sysconf("SC_CLK_TCK")


def _stat_fields(pid):
    with open("/proc/%d/stat" % pid, encoding="ascii", errors="replace") as f:
        raw = f.read()
    # The command name may hold spaces and parentheses: split after the last ')'.
    return raw.rsplit(")", 1)[1].split()


def tree(root):
    """`root` and every process descended from it (walks each process's ppid)."""
    children = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            ppid = int(_stat_fields(int(name))[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def cpu_ticks(pids):
    """{pid: utime + stime in clock ticks} of the processes still alive."""
    out = {}
    for pid in pids:
        try:
            f = _stat_fields(pid)
            out[pid] = int(f[11]) + int(f[12])
        except (OSError, IndexError, ValueError):
            pass
    return out


def cpu_seconds_between(before, after):
    """CPU seconds the tree used between two cpu_ticks() snapshots (a process
    born in between counts whole; one that died in between is lost)."""
    return sum(t - before.get(pid, 0) for pid, t in after.items()) / CLK_TCK


def pss_kib(pids):
    total = 0
    for pid in pids:
        try:
            with open("/proc/%d/smaps_rollup" % pid, encoding="ascii") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
                        break
        except (OSError, ValueError):
            pass
    return total


def thread_ticks(pid):
    """{(tid, name): utime + stime} of each thread of `pid`."""
    out = {}
    try:
        tids = os.listdir("/proc/%d/task" % pid)
    except OSError:
        return out
    for tid in tids:
        try:
            with open("/proc/%d/task/%s/stat" % (pid, tid), encoding="ascii",
                      errors="replace") as f:
                raw = f.read()
        except OSError:
            continue
        name = raw[raw.index("(") + 1:raw.rindex(")")]
        fields = raw.rsplit(")", 1)[1].split()
        out[(int(tid), name)] = int(fields[11]) + int(fields[12])
    return out


def thread_groups(pid, before, after, seconds):
    """% of one core per kind of thread between two thread_ticks() snapshots:
    'main' (the process's first thread), else the thread's name without its
    number (llvmpipe-0..N -> llvmpipe)."""
    groups = {}
    for (tid, name), t in after.items():
        key = "main" if tid == pid else name.rstrip("0123456789").rstrip("-:") or name
        groups[key] = groups.get(key, 0.0) + (t - before.get((tid, name), 0)) / CLK_TCK
    return {k: 100.0 * v / seconds for k, v in groups.items()}


def pss_by_mapping(pid):
    """PSS (KiB) of `pid` by what is mapped: the GL driver, LLVM, other
    libraries, the program, and anonymous memory (heap, textures, buffers)."""
    groups = {}
    key = "other"
    try:
        with open("/proc/%d/smaps" % pid, encoding="utf-8", errors="replace") as f:
            for line in f:
                first = line.split(None, 1)[0]
                if "-" in first and not first.endswith(":"):
                    parts = line.split(None, 5)
                    path = parts[5].strip() if len(parts) > 5 else ""
                    base = os.path.basename(path)
                    if not path or path.startswith("[anon") or path in ("[heap]", "[stack]"):
                        key = "anonymous (heap, textures, buffers)"
                    elif base.startswith("libLLVM"):
                        key = "LLVM (llvmpipe's compiler)"
                    elif "dri" in path or "gallium" in base or "libGL" in base or "glapi" in base:
                        key = "Mesa / GL"
                    elif ".so" in base:
                        key = "other shared libraries"
                    elif path.startswith("/memfd:") or path.startswith("/dev/shm") \
                            or "SYSV" in path:
                        key = "shared memory"
                    elif path.startswith("/proc/") or path.startswith("["):
                        key = "other"
                    else:
                        key = "files: " + base
                elif first == "Pss:":
                    groups[key] = groups.get(key, 0) + int(line.split()[1])
    except OSError:
        pass
    return groups


def system_busy_ticks():
    """Busy clock ticks of all CPUs together (everything but idle and iowait)."""
    with open("/proc/stat", encoding="ascii") as f:
        fields = [int(v) for v in f.readline().split()[1:9]]
    return sum(fields) - fields[3] - fields[4]
