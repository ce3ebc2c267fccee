#!/usr/bin/python3
"""fifo-reader.py FIFO OUT [options] — a FIFO reader the tests can synchronise with.

It opens FIFO for reading without waiting for a writer (so it counts as a
reader at once), says so, and then copies what it reads to OUT until the
writer goes away.

  --ready PATH      after opening, write "ready" to PATH (a FIFO the test reads)
  --go PATH         before reading anything, wait for the test to write PATH
  --stop-after N    leave after exactly N bytes (close the FIFO, exit 0)
  --kill-after N    read exactly N bytes, then die of SIGKILL
  --sha256          write "<sha256> <bytes>" to OUT instead of the data
"""
import hashlib
import os
import select
import signal
import sys


def main():
    fifo, out = sys.argv[1], sys.argv[2]
    args = sys.argv[3:]
    opts = {}
    i = 0
    while i < len(args):
        if args[i] == "--sha256":
            opts["--sha256"] = True
            i += 1
        else:
            opts[args[i]] = args[i + 1]
            i += 2

    fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    if "--ready" in opts:
        with open(opts["--ready"], "w") as f:
            f.write("ready\n")
    if "--go" in opts:
        with open(opts["--go"]) as f:
            f.read()

    limit = int(opts.get("--stop-after", opts.get("--kill-after", -1)))
    digest = hashlib.sha256() if "--sha256" in opts else None
    total = 0
    with open(out, "wb") as sink:
        while limit < 0 or total < limit:
            want = 1 << 20 if limit < 0 else min(1 << 20, limit - total)
            select.select([fd], [], [])
            try:
                data = os.read(fd, want)
            except BlockingIOError:
                continue
            if not data:
                break
            total += len(data)
            if digest:
                digest.update(data)
            else:
                sink.write(data)
        if digest:
            sink.write(f"{digest.hexdigest()} {total}\n".encode())
    if "--kill-after" in opts:
        os.kill(os.getpid(), signal.SIGKILL)
    os.close(fd)


main()
