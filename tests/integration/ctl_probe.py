#!/usr/bin/env python3
"""Clients of cellink's control socket that misbehave, for test_connect.sh.

  ctl_probe.py early SOCK N        N clients that ask "status" and close at once
  ctl_probe.py raw SOCK TEXT [SENT] sends TEXT (Python escapes, e.g. 'a\\x00b\\n'),
                                   closes its side (then creates the file SENT, if
                                   given), prints the answer
  ctl_probe.py latency SOCK N      asks "status" N times, one after the other;
                                   prints p50, p99 and max in milliseconds
  ctl_probe.py idle SOCK SECONDS   connects, sends nothing; prints "closed" when
                                   the daemon hangs up within SECONDS
  ctl_probe.py hold SOCK N FILE    opens up to N connections and holds them;
                                   writes how many to FILE, then waits for SIGTERM
  ctl_probe.py notify SOCK FILE    a service manager's NOTIFY_SOCKET: appends each
                                   datagram to FILE, one line, fields joined by '|'
  ctl_probe.py memcount PID TEXT   how many times TEXT is in the process's
                                   writable memory (root: /proc/PID/mem)
"""
import codecs
import signal
import socket
import sys
import time


def connect(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    return s


def main():
    verb, path = sys.argv[1], sys.argv[2]
    if verb == "early":
        for _ in range(int(sys.argv[3])):
            s = connect(path)
            s.sendall(b"status\n")
            # close with unread data pending: the daemon's answer meets a reset
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            s.close()
        return 0
    if verb == "raw":
        s = connect(path)
        s.sendall(codecs.escape_decode(sys.argv[3].encode())[0])
        s.shutdown(socket.SHUT_WR)      # nothing more: a line without newline ends here
        if len(sys.argv) > 4:
            open(sys.argv[4], "w").close()
        s.settimeout(30)
        out = b""
        while True:
            b = s.recv(4096)
            if not b:
                break
            out += b
        sys.stdout.write(out.decode(errors="replace"))
        return 0
    if verb == "latency":
        times = []
        for _ in range(int(sys.argv[3])):
            t0 = time.monotonic()
            s = connect(path)
            s.sendall(b"status\n")
            out = b""
            while True:
                b = s.recv(65536)
                if not b:
                    break
                out += b
            s.close()
            times.append((time.monotonic() - t0) * 1000.0)
            if b'"ok":true' not in out:
                print("bad answer: %r" % out[:200], file=sys.stderr)
                return 1
        times.sort()
        pick = lambda q: times[min(len(times) - 1, int(q * len(times)))]
        print("p50_ms=%.2f p99_ms=%.2f max_ms=%.2f n=%d" % (pick(0.50), pick(0.99), times[-1], len(times)))
        return 0
    if verb == "idle":
        s = connect(path)
        s.settimeout(float(sys.argv[3]))
        try:
            if s.recv(1) == b"":
                print("closed")
                return 0
        except socket.timeout:
            print("still open")
        return 1
    if verb == "hold":
        signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGTERM, signal.SIGINT])
        held = []
        for _ in range(int(sys.argv[3])):
            try:
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.setblocking(False)
                s.connect(path)
                held.append(s)
            except OSError:
                break
        with open(sys.argv[4], "w") as f:
            f.write("%d\n" % len(held))
        signal.sigwait([signal.SIGTERM, signal.SIGINT])
        return 0
    if verb == "notify":
        s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        s.bind(path)
        with open(sys.argv[3], "a") as f:
            while True:
                msg = s.recv(4096)
                f.write(msg.decode(errors="replace").replace("\n", "|") + "\n")
                f.flush()
    if verb == "memcount":
        pid, text = int(path), sys.argv[3].encode()
        count = 0
        with open("/proc/%d/maps" % pid) as maps, open("/proc/%d/mem" % pid, "rb", 0) as mem:
            for line in maps:
                fields = line.split()
                if "w" not in fields[1] or (len(fields) > 5 and fields[5] == "[vvar]"):
                    continue
                lo, hi = (int(x, 16) for x in fields[0].split("-"))
                if hi - lo > (1 << 32):
                    continue    # a sanitizer's shadow reservation, not data
                tail = b""
                while lo < hi:
                    n = min(hi - lo, 1 << 20)
                    try:
                        mem.seek(lo)
                        chunk = tail + mem.read(n)
                    except OSError:
                        break
                    count += chunk.count(text)
                    # keep the last bytes so that a match across chunks counts once
                    tail = chunk[-(len(text) - 1):] if len(text) > 1 else b""
                    count -= tail.count(text)
                    lo += n
        print(count)
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
