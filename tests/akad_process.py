"""The akad binary as a test fixture: started on a free loopback port, ready when it says so, stopped with
SIGTERM (clean shutdown, exit code returned) or SIGKILL. Shared by the Python end-to-end tests."""
import os
import signal
import socket
import subprocess
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Akad:
    """One akad process on a free port; the constructor returns once it prints "listening on"."""

    def __init__(self, akad_binary, db, *extra):
        self.port = free_port()
        self.address = "127.0.0.1:%d" % self.port
        log_path = db + ".log"
        self.log = open(log_path, "ab")
        start_offset = self.log.tell()  # a restart appends to the same log: only read what this run writes
        self.proc = subprocess.Popen([akad_binary, "--listen", self.address, "--db", db, *extra],
                                     stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 120
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("akad exited with %d; log %s" % (self.proc.returncode, log_path))
            with open(log_path, "rb") as f:
                f.seek(start_offset)
                if b"listening on" in f.read():
                    return
            time.sleep(0.1)
        raise RuntimeError("akad did not start within 120 s; log %s" % log_path)

    def stop(self):
        """SIGTERM: akad drains and closes the database; returns its exit code."""
        self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(timeout=30)
        self.log.close()
        return code

    def kill(self):
        """SIGKILL: no shutdown at all, as in a crash."""
        self.proc.kill()
        self.proc.wait(timeout=30)
        self.log.close()


def shared_data_dir(source_dir):
    """The workplace's shared data folder, which sits beside the repository (as in CI)."""
    return os.path.normpath(os.path.join(source_dir, "..", "shared", "data"))
