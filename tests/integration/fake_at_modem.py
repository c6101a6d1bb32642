#!/usr/bin/env python3
"""A modem on a pseudo-terminal that answers ATE0 with OK and every other
command with ERROR (mode error) or nothing (mode silent), for cellink at's
exit statuses. usage: fake_at_modem.py LINK MODE; LINK becomes a symlink to
the pty's slave. Ends when stdin closes or after 60 s."""
import os
import pty
import select
import sys
import time

link, mode = sys.argv[1], sys.argv[2]
master, slave = pty.openpty()
import tty
tty.setraw(slave)
name = os.ttyname(slave)
if os.path.lexists(link):
    os.unlink(link)
os.symlink(name, link)
buf = b""
end = time.monotonic() + 60
while time.monotonic() < end:
    r, _, _ = select.select([master], [], [], 0.5)
    if not r:
        continue
    try:
        data = os.read(master, 256)
    except OSError:
        continue
    buf += data
    while b"\r" in buf:
        line, buf = buf.split(b"\r", 1)
        line = line.strip()
        if not line:
            continue
        if line.upper() == b"ATE0":
            os.write(master, b"\r\nOK\r\n")
        elif mode == "error":
            os.write(master, b"\r\nERROR\r\n")
