"""The client side of the resident build server: hand a ``build`` or ``validate`` to it.

A fresh Python process spends most of a small build importing reportlab, pydantic and
briefgen itself. The build server (:mod:`briefgen.workflow.server`) imports all of that
once, warms the theme and font caches, and then forks one child per command. This module
is what the ``briefgen`` command runs first: it imports only the standard library's
socket layer, finds the server meant for this installation and environment, passes it the
terminal (standard input, output and error as file descriptors), the command line, the
working folder and the environment, and waits for the exit status. The child writes to
the user's terminal itself, so messages, warnings and exit statuses are those of a build in
this process.

When no server answers, the command runs in this process as before and, unless the user
turned the server off, a server is started in the background for the next command.

Which server: one per user, per installed briefgen (its files' stamps, the Python that
runs it, the folders it imports from) and per environment, so an upgrade, an edited source
file or a changed variable never reaches a server started before it. The socket lives in a
folder only the user can enter, and the server checks the peer's user id as well.
"""

from __future__ import annotations

import os
import sys

from briefgen import environment

TYPE_CHECKING = False  # typing costs start-up time; mypy reads this name the same way
if TYPE_CHECKING:
    from collections.abc import Sequence

COMMANDS = ("build", "validate")
"""The commands a server runs; the others are quick already, or run for a long time."""

OFF_VALUES = ("0", "off", "no", "false")
"""``BRIEFGEN_SERVER`` set to one of these keeps every command in its own process."""

VOLATILE = frozenset({"PWD", "OLDPWD", "_", "SHLVL", "COLUMNS", "LINES"})
"""Variables a shell changes between commands; they do not choose the server."""

IDLE_SECONDS = 900.0
"""A server with nothing to do for this long stops (``BRIEFGEN_SERVER_IDLE`` overrides)."""

INSTALLED = (".dist-info", ".egg-info", ".pth", ".egg-link")
"""Names in an import folder that say which distributions are installed there."""

RESTART_SECONDS = 60.0
"""After one command starts a server, others wait this long before starting another."""

MAX_SOCKET_PATH = 100  # bytes; AF_UNIX paths are limited to 108 on Linux, 104 on macOS

HEADER = 4  # bytes of big-endian length before the request's JSON


def supported() -> bool:
    """A server needs fork, Unix sockets and passing file descriptors (not on Windows)."""
    import socket

    return hasattr(os, "fork") and hasattr(socket, "AF_UNIX") and hasattr(socket, "send_fds")


def enabled() -> bool:
    return os.environ.get("BRIEFGEN_SERVER", "").strip().lower() not in OFF_VALUES


def runtime_dir() -> str | None:
    """The private folder holding the sockets; None when it cannot be made private."""
    base = os.environ.get("XDG_RUNTIME_DIR")
    if base:
        folder = os.path.join(base, "briefgen")
    else:
        folder = os.path.join(environment.cache_root(), "server")
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        st = os.lstat(folder)
    except OSError:
        return None
    private = st.st_uid == os.getuid() and not st.st_mode & 0o077
    return folder if private and os.path.isdir(folder) else None


def package_dir() -> str:
    import briefgen

    return os.path.dirname(os.path.abspath(briefgen.__file__))


def server_key() -> str:
    """What chooses the server: briefgen's files, the Python, its import folders, the
    environment. Any change gives another key, so no server runs code or settings older
    than this command's."""
    try:  # hashlib would load OpenSSL first: 4 ms of every command's start
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - CPython always has it
        from hashlib import blake2b

    from briefgen import __version__

    pkg = package_dir()
    parts = [__version__, sys.executable, sys.version, pkg]
    for root, dirs, files in os.walk(pkg):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            st = os.stat(os.path.join(root, name))
            parts.append(f"{root[len(pkg) :]}/{name}:{st.st_mtime_ns}:{st.st_size}")
    for entry in sys.path[1:]:  # [0] is the script's folder, which differs between launchers
        parts.append(entry)
        try:  # what is installed there: an install, upgrade or removal renames these
            names = os.listdir(entry)
        except OSError:
            names = []
        parts += sorted(n for n in names if n.endswith(INSTALLED))
    parts += sorted(f"{k}={v}" for k, v in os.environ.items() if k not in VOLATILE)
    data = "\0".join(parts).encode("utf-8", "surrogateescape")
    return blake2b(data, digest_size=10).hexdigest()


def socket_path(folder: str, key: str) -> str | None:
    path = os.path.join(folder, f"s-{key}")
    return path if len(path.encode("utf-8", "surrogateescape")) <= MAX_SOCKET_PATH else None


def _here() -> tuple[str, str, str] | None:
    """(folder, key, socket path) of the server for this installation and environment, or
    None where there cannot be one."""
    folder = runtime_dir() if supported() else None
    if folder is None:
        return None
    key = server_key()
    path = socket_path(folder, key)
    return (folder, key, path) if path else None


def _terminal_ok() -> bool:
    """Standard input, output and error are all open (they are handed to the server)."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            return False
    return True


def wanted(args: Sequence[str]) -> bool:
    """This command line may go to a server: a build or validate on a machine that can."""
    if not args or args[0] not in COMMANDS or not enabled():
        return False
    if "--executor" in args or any(a.startswith("--executor=") for a in args):
        return False  # a Dask client keeps threads: not something to fork a server around
    return supported() and _terminal_ok()


def request(args: Sequence[str]) -> dict[str, object]:
    out, err = sys.stdout, sys.stderr
    return {
        "argv": list(args),
        "cwd": os.getcwd(),
        "env": dict(os.environ),
        "umask": environment.umask(),
        "limits": _limits(),
        "encoding": [getattr(out, "encoding", None), getattr(err, "encoding", None)],
        "errors": [getattr(out, "errors", None), getattr(err, "errors", None)],
    }


LIMITS = ("RLIMIT_AS", "RLIMIT_DATA", "RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_NOFILE")
"""Resource limits a command's caller may set (``ulimit``) that its build must keep."""


def _limits() -> dict[str, tuple[int, int]]:
    import resource

    return {name: resource.getrlimit(getattr(resource, name)) for name in LIMITS}


def run(args: Sequence[str]) -> int | None:
    """The exit status of ``args`` run by a server, or None to run it here.

    None means no server answered before the command started (a new one is then started
    for next time), so running the command here does it exactly once.
    """
    here = _here() if wanted(args) else None
    if here is None:
        return None
    folder, key, path = here
    status = _ask(path, request(args))
    if status is None and _first_start(path):
        start(folder, key, wait=0.0)
    return status


def prepare() -> None:
    """Start a server in the background unless one answers: for commands after which a
    build is likely (``init``, ``import``), so that build starts at once."""
    here = _here() if enabled() else None
    if here is not None and not ping(here[2]) and _first_start(here[2]):
        start(here[0], here[1], wait=0.0)


def _first_start(path: str) -> bool:
    """True for the one command that should start the server: no other started one within
    ``RESTART_SECONDS`` (a server that cannot start is not started again by every command,
    and commands at the same moment start one server). The server removes the mark once it
    listens."""
    import time

    mark = path + ".started"
    try:
        if time.time() - os.stat(mark).st_mtime < RESTART_SECONDS:
            return False
        os.unlink(mark)
    except OSError:
        pass
    try:
        os.close(os.open(mark, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except OSError:
        return False  # another command made it first
    return True


def _ask(path: str, message: dict[str, object]) -> int | None:
    import json
    import socket

    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.connect(path)
        body = json.dumps(message).encode("utf-8", "surrogateescape")
        socket.send_fds(conn, [len(body).to_bytes(HEADER, "big")], [0, 1, 2])
        conn.sendall(body)
        pid = _read_int(conn, b"P")
    except OSError:
        conn.close()
        return None  # no server, or one that stopped before taking the command
    if pid is None:
        conn.close()
        return None
    return _wait(conn, pid)


def _read_int(conn: object, tag: bytes) -> int | None:
    """Read one tagged 4-byte integer; None at end of stream."""
    data = b""
    while len(data) < 5:
        chunk = conn.recv(5 - len(data))  # type: ignore[attr-defined]
        if not chunk:
            return None
        data += chunk
    if data[:1] != tag:
        return None
    return int.from_bytes(data[1:], "big", signed=True)


def _wait(conn: object, pid: int) -> int:
    """The child's exit status. Ctrl+C here is passed on to the child, whose status follows;
    a hang-up or a termination is passed on too, and then ends this process by the same
    signal, as it would have ended a build running here."""
    import signal

    def forward(signum: int, frame: object) -> None:
        _signal(pid, signum)
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)

    for signum in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(signum) == signal.SIG_DFL:  # not one the caller chose to ignore
            signal.signal(signum, forward)
    try:
        while True:
            try:
                status = _read_int(conn, b"X")
                break
            except KeyboardInterrupt:  # passed on; the child's status still follows
                _signal(pid, signal.SIGINT)
            except OSError:
                status = None
                break
    finally:
        conn.close()  # type: ignore[attr-defined]
    if status is None:
        print("briefgen: internal error: the build server's worker stopped", file=sys.stderr)
        return 1
    return status


def _signal(pid: int, signum: int) -> None:
    import contextlib

    with contextlib.suppress(ProcessLookupError):  # it has just finished
        os.kill(pid, signum)


def start(folder: str, key: str, wait: float) -> bool:
    """Start a server for ``key`` in the background; with ``wait`` > 0, wait that many
    seconds for it to answer. True when it answers (always False without waiting)."""
    import subprocess
    import time

    env = dict(os.environ)
    parent = os.path.dirname(package_dir())
    if parent not in {os.path.abspath(p) for p in sys.path[1:]}:  # briefgen from the script's
        # folder or the working one: the server imports the same copy
        env["PYTHONPATH"] = os.pathsep.join(p for p in (parent, env.get("PYTHONPATH")) if p)
    argv = [sys.executable, "-m", "briefgen.workflow.server", folder, key, package_dir()]
    try:
        subprocess.Popen(  # its own session: Ctrl+C and a closing terminal do not reach it
            argv,
            cwd=folder,  # sys.path[0] of ``-m`` is the working folder: the private one
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        return False
    path = socket_path(folder, key)
    deadline = time.monotonic() + wait
    while path and time.monotonic() < deadline:
        if ping(path):
            return True
        time.sleep(0.05)
    return False


def ping(path: str) -> bool:
    import socket

    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.connect(path)
        return True
    except OSError:
        return False
    finally:
        conn.close()


# ---------------------------------------------------------------------------------------------
# ``briefgen server start|stop|status``: each returns (exit status, message)
# ---------------------------------------------------------------------------------------------

NOT_RUNNING = "no build server is running for this installation and environment"


def status() -> tuple[int, str]:
    here = _here()
    if here is None:
        return 1, "briefgen: error: this system cannot run a build server"
    if _ask(here[2], request(["server", "status"])) is None:
        return 0, NOT_RUNNING
    return 0, ""  # the server printed its state


def start_now() -> tuple[int, str]:
    here = _here()
    if here is None:
        return 1, "briefgen: error: this system cannot run a build server"
    if not enabled():
        return 1, "briefgen: error: BRIEFGEN_SERVER is off in this environment"
    folder, key, path = here
    if not ping(path) and not start(folder, key, wait=60.0):
        return 1, "briefgen: error: the build server did not start within 60 seconds"
    return status()


def stop() -> tuple[int, str]:
    """Stop every build server of this user (any installation or environment), and remove
    what dead ones left: their sockets and start marks."""
    import contextlib

    folder = runtime_dir() if supported() else None
    if folder is None:
        return 0, "no build server is running"
    stopped = 0
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if name.endswith(".started"):
            with contextlib.suppress(OSError):
                os.unlink(path)
        elif name.startswith("s-") and "." not in name:
            if _ask(path, request(["server", "stop"])) is not None:
                stopped += 1
            elif not ping(path):  # a socket nobody listens on: its server died
                with contextlib.suppress(OSError):
                    os.unlink(path)
    return 0, f"stopped {stopped} build server{'' if stopped == 1 else 's'}"
