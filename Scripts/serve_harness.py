"""What browser-serve-test.py and load-test.py share: ok/FAIL checks, and `papercheck serve`
started on a free loopback port, its standard error kept line by line, stopped with SIGTERM."""

import os
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

failures = []


def check(condition, message):
    """Prints ok or FAIL with MESSAGE; a failure is remembered for the exit status."""
    print(("ok: " if condition else "FAIL: ") + message, flush=True)
    if not condition:
        failures.append(message)
    return condition


class ServeProcess:
    """BINARY serve --host 127.0.0.1 --port 0 --rate-limit 0 EXTRA..., waited for until it says
    where it listens (the test fails with its last lines after 30 s)."""

    def __init__(self, binary, extra, name):
        self.name = name
        self.lines = []
        self.url = None
        self.ready = threading.Event()
        self.process = subprocess.Popen(
            [str(binary), "serve", "--host", "127.0.0.1", "--port", "0", "--rate-limit", "0"] + extra,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        if not self.ready.wait(30) or self.url is None:
            self.stop()
            print(f"{name}: FAIL: the server did not say where it listens within 30 s:\n" + "".join(self.lines[-20:]),
                  file=sys.stderr, flush=True)
            sys.exit(1)

    def _read(self):
        for raw in self.process.stderr:
            line = raw.decode("utf-8", "replace")
            self.lines.append(line)
            match = re.search(r"http://127\.0\.0\.1:\d+", line)
            if match and self.url is None:
                self.url = match.group(0)
                self.ready.set()
        self.ready.set()

    def descendants(self):
        """The server's child processes and theirs (the workers)."""
        found, pending = [], [self.process.pid]
        while pending:
            pid = pending.pop()
            for path in Path(f"/proc/{pid}/task").glob("*/children"):
                try:
                    children = [int(child) for child in path.read_text().split()]
                except OSError:
                    continue
                found += children
                pending += children
        return found

    def stop(self):
        """SIGTERM, then SIGKILL after 15 s (and any worker left behind); the exit status."""
        if self.process.poll() is None:
            workers = self.descendants()
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                print(f"{self.name}: the server did not stop within 15 s of SIGTERM; killing it", file=sys.stderr)
                self.process.kill()
                self.process.wait()
                for pid in workers:
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except OSError:
                        pass
        self.reader.join(5)
        return self.process.returncode
