"""The resident build server: everything imported and warmed once, one forked child per command.

Started in the background by the first ``briefgen build`` or ``validate`` of a sitting (see
:mod:`briefgen.workflow.client`), or by ``briefgen server start``. It imports the whole
pipeline, builds a small briefing in every shipped theme to fill the theme, font and
measuring caches, freezes that heap out of the garbage collector, and listens on a Unix
socket in a folder only its user can enter.

Each connection is served by a forked child, so a command starts from the same warm state
every time and can neither change the server nor see another command: the child takes the
client's terminal (its standard input, output and error, passed as file descriptors), its
working folder, umask, environment and command line, runs the command exactly as the
``briefgen`` command would, and sends back the exit status. Caches are keyed by path and
modification time, so a theme or picture edited after the server started is read again.

The server stops after ``IDLE_SECONDS`` without a command, when its socket is removed or
replaced, or on SIGTERM (``briefgen server stop``). Only processes of the same user may
connect; a request is at most ``MAX_REQUEST`` bytes and must arrive within seconds.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import signal
import socket
import sys
import time
from pathlib import Path
from typing import Any

from briefgen.workflow import client

MAX_REQUEST = 4 * 2**20
"""Bytes of one request (command line, folder, environment): larger ones are refused."""

REQUEST_SECONDS = 10.0
"""A child waits this long for its request before giving up."""

MAX_CHILDREN = 16
"""Commands served at once; a client beyond them runs its command itself."""

TICK = 2.0
"""Seconds between the server's checks of its socket, its children and its idle time."""

LOCK_WAIT = 3 * TICK
"""A new server waits this long for one that is stopping to let go of the lock."""


def warm() -> None:
    """Import the pipeline and build a starter briefing in every shipped theme, in memory."""
    import tempfile

    import briefgen.cli  # noqa: F401  (the child runs the command line from here)
    from briefgen.theme import available
    from briefgen.workflow.jobs import Job, Settings, run_job
    from briefgen.workflow.starter import STARTER

    with tempfile.TemporaryDirectory(prefix="briefgen-warm-") as folder:
        path = Path(folder) / "warm.yaml"
        text = STARTER.format(schema="", file=path.name, title="Warm")
        for theme in available():
            path.write_text(text.replace("theme: default", f"theme: {theme}"), encoding="utf-8")
            run_job(Job(str(path), None, Settings()))


class Server:
    """The listening socket and the children it has forked."""

    def __init__(self, folder: str, key: str) -> None:
        self.folder, self.key = folder, key
        self.path = client.socket_path(folder, key) or ""
        self.children: set[int] = set()
        self.last = time.monotonic()
        self.idle = _idle_seconds()
        self.served = 0
        self.started = time.time()
        self.stopping = False
        self.sock: socket.socket | None = None
        self.inode = 0
        self.lock = -1
        """The server's lock (a file descriptor); children close it, so a child still
        running after the server stopped never keeps the next server from starting."""

    def bind(self) -> None:
        if os.path.lexists(self.path):
            os.unlink(self.path)  # a socket left by a server that died (we hold the lock)
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        old = os.umask(0o177)
        try:
            sock.bind(self.path)
        finally:
            os.umask(old)
        sock.listen(32)
        self.sock, self.inode = sock, os.stat(self.path).st_ino
        with contextlib.suppress(OSError):  # the next command that finds none starts one
            os.unlink(self.path + ".started")

    def serve(self) -> None:
        assert self.sock is not None
        self.sock.settimeout(TICK)
        while not self.stopping:
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                conn = None
            except InterruptedError:  # pragma: no cover - PEP 475 retries; kept for safety
                conn = None
            self._reap()
            if conn is not None:
                self._take(conn)
            elif self._should_stop():
                break
        self.close()

    def _take(self, conn: socket.socket) -> None:
        with conn:
            if not _same_user(conn) or len(self.children) >= MAX_CHILDREN:
                return  # closed before the first byte: the client runs the command itself
            pid = os.fork()
            if pid == 0:  # the child: never returns
                _child(conn, self)
            self.children.add(pid)
            self.served += 1
            self.last = time.monotonic()

    def _reap(self) -> None:
        for pid in list(self.children):
            try:
                done, _ = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                done = pid
            if done:
                self.children.discard(pid)
                self.last = time.monotonic()

    def _should_stop(self) -> bool:
        try:
            replaced = os.stat(self.path).st_ino != self.inode
        except OSError:
            replaced = True
        idle = not self.children and time.monotonic() - self.last > self.idle
        return replaced or idle

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
            self.withdraw()
            self.sock = None

    def withdraw(self) -> None:
        """Remove the socket's file if it is still this server's, so no client finds it."""
        with contextlib.suppress(OSError):
            if os.stat(self.path).st_ino == self.inode:
                os.unlink(self.path)

    def status(self) -> str:
        started = time.strftime("%Y-%m-%d %H:%M", time.localtime(self.started))
        served = f"{self.served} connection{'' if self.served == 1 else 's'}"
        return (
            f"build server running: pid {os.getppid()}, started {started}, {served} served, "
            f"stops after {self.idle / 60:g} minutes without one\n"
            f"  briefgen from {client.package_dir()}"
        )


def _idle_seconds() -> float:
    try:
        return max(1.0, float(os.environ.get("BRIEFGEN_SERVER_IDLE", client.IDLE_SECONDS)))
    except ValueError:
        return client.IDLE_SECONDS


def _same_user(conn: socket.socket) -> bool:
    """The peer runs as this user (Linux: SO_PEERCRED; elsewhere the folder's mode decides)."""
    import struct

    if not hasattr(socket, "SO_PEERCRED"):
        return True
    creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    _, uid, _ = struct.unpack("3i", creds)
    return uid == os.getuid()


def _child(conn: socket.socket, server: Server) -> None:
    """Run one request in this forked child and leave with os._exit (never returns)."""
    code = 1
    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        if server.sock is not None:
            server.sock.close()
        if server.lock >= 0:
            os.close(server.lock)
        code = _run_request(conn, server)
    except BaseException:  # a child must leave by os._exit, whatever happened
        code = 1
    finally:
        os._exit(code)


def _run_request(conn: socket.socket, server: Server) -> int:
    conn.settimeout(REQUEST_SECONDS)
    try:
        head, fds, _, _ = socket.recv_fds(conn, client.HEADER, 3)
    except OSError:
        return 1
    if len(head) < client.HEADER or len(fds) != 3:
        for fd in fds:
            os.close(fd)
        return 0  # a ping: connected and went away
    size = int.from_bytes(head[: client.HEADER], "big")
    if size > MAX_REQUEST:
        return 1
    body = b""
    while len(body) < size:
        chunk = conn.recv(min(65536, size - len(body)))
        if not chunk:
            return 1
        body += chunk
    conn.settimeout(None)
    request = json.loads(body.decode("utf-8", "surrogateescape"))
    _adopt(request, fds)
    conn.sendall(b"P" + os.getpid().to_bytes(4, "big", signed=True))
    code = _command(request["argv"], server)
    sys.stdout.flush()
    sys.stderr.flush()
    conn.sendall(b"X" + code.to_bytes(4, "big", signed=True))
    return 0


def _adopt(request: dict[str, Any], fds: list[int]) -> None:
    """Become the client: its terminal, folder, umask and environment."""
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    os.chdir(str(request["cwd"]))
    os.umask(int(request["umask"]))
    _limit(request.get("limits") or {})
    os.environ.clear()
    os.environ.update(request["env"])
    encodings = request.get("encoding") or [None, None]
    errors = request.get("errors") or [None, None]
    streams = []
    for fd, enc, err in zip((1, 2), encodings, errors, strict=True):
        streams.append(
            open(  # noqa: SIM115  (lives as sys.stdout/err until os._exit)
                fd,
                "w",
                encoding=enc or "utf-8",
                errors=err or "strict",
                closefd=False,
                buffering=1 if os.isatty(fd) else -1,
            )
        )
    sys.stdout, sys.stderr = streams
    sys.stdin = open(0, encoding=encodings[0] or "utf-8", closefd=False)  # noqa: SIM115


def _limit(limits: dict[str, list[int]]) -> None:
    """The caller's resource limits (``ulimit``), where they are lower than the server's:
    a limit can always be lowered, never raised past the server's own."""
    import resource

    def lower(a: int, b: int) -> int:
        if a == resource.RLIM_INFINITY:
            return b
        return a if b == resource.RLIM_INFINITY else min(a, b)

    for name in client.LIMITS:
        if name not in limits:
            continue
        which = getattr(resource, name)
        soft, hard = (int(v) for v in limits[name])
        now_soft, now_hard = resource.getrlimit(which)
        hard = lower(hard, now_hard)
        resource.setrlimit(which, (lower(lower(soft, now_soft), hard), hard))


def _command(argv: list[str], server: Server) -> int:
    if argv == ["server", "status"]:
        print(server.status())
        return 0
    if argv == ["server", "stop"]:
        os.kill(os.getppid(), signal.SIGTERM)
        return 0
    from briefgen import cli

    sys.argv = ["briefgen", *argv]
    try:
        return cli.run_main(argv)
    except KeyboardInterrupt:
        return 130
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else 1
    except Exception:  # --debug asked for the traceback
        import traceback

        traceback.print_exc()
        return 1


def _take_lock(path: str) -> int:
    """The lock file's descriptor, locked; -1 when another server keeps it for LOCK_WAIT
    seconds. A server that is stopping holds it for up to TICK seconds more, so a server
    started meanwhile (``server stop`` then ``start``) waits for it. The lock taken must
    still be the file at ``path``: a stopping server removes the file it locked."""
    import fcntl

    deadline = time.monotonic() + LOCK_WAIT
    while True:
        fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            if time.monotonic() > deadline:
                return -1
            time.sleep(0.1)
            continue
        try:
            if os.stat(path).st_ino == os.fstat(fd).st_ino:
                return fd
        except OSError:
            pass
        os.close(fd)  # locked a file that was removed meanwhile: take the new one


def main(argv: list[str]) -> int:
    """``python -m briefgen.workflow.server FOLDER KEY PACKAGE``: serve until idle."""
    folder, key, package = argv
    if client.runtime_dir() != folder or client.package_dir() != package:
        return 1  # another folder, or another copy of briefgen than the client's
    lock_path = os.path.join(folder, f"s-{key}.lock")
    lock = _take_lock(lock_path)
    if lock < 0:
        return 0  # another server for this key is running
    server = Server(folder, key)
    server.lock = lock

    def stop(signum: int, frame: object) -> None:
        server.stopping = True  # the loop ends within TICK seconds
        server.withdraw()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(Exception):  # a cold server still serves; children fill caches
        warm()
    gc.collect()
    gc.freeze()  # the warm heap stays out of the children's collections (and shared pages)
    server.bind()
    try:
        server.serve()
    finally:  # still holding the lock: a server starting now makes a new lock file
        os.unlink(lock_path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
