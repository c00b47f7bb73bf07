"""A resident proposal-kit, so that a command starts without start-up.

Most of a `validate` is Python importing the program (pydantic's models, click, Markdown), not checking the
proposal. The first command run starts a server in the background that has imported everything; later
commands hand it their arguments, folder, environment and their own stdin, stdout and stderr (passed over a
Unix socket), and it forks a child that runs the command exactly as the command line would, writing to the
caller's terminal. The caller waits for the child's exit status and exits with it.

What holds as without the server: each command runs in a process of its own (a fork, nothing shared between
commands); Ctrl-C and SIGTERM given to the caller reach the child (which ends LibreOffice and says so); a caller
killed outright takes its child with it. The server belongs to its user (a socket in a 0700 folder), serves
only the code it was started from (the socket's name is a digest of the package's files), and ends after ten
idle minutes. POSIX only; PROPOSAL_KIT_WARM=0 turns it off.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import struct
import sys
from pathlib import Path

#: Commands that run warm: the short ones. `preview` and `build --watch` run for as long as the user wants,
#: and gain nothing.
WARM_COMMANDS = frozenset({"validate", "check", "build", "diff", "export-form", "import", "doctor"})
IDLE_SECONDS = 600.0
_HEADER = struct.Struct("!I")


def enabled(arguments: list[str]) -> bool:
    """Whether this command line may run on the server."""
    if os.environ.get("PROPOSAL_KIT_WARM", "1") == "0" or not hasattr(socket, "send_fds") or not hasattr(os, "fork"):
        return False
    command = next((a for a in arguments if not a.startswith("-")), None)
    return command in WARM_COMMANDS and "--watch" not in arguments


def socket_path() -> Path | None:
    """The server's socket for this user and this code, or None where no private folder can be had."""
    base = Path(os.environ.get("XDG_RUNTIME_DIR") or "/tmp") / f"proposal-kit-{os.getuid()}"
    try:
        base.mkdir(mode=0o700, exist_ok=True)
        status = base.stat()
    except OSError:
        return None
    if status.st_uid != os.getuid() or status.st_mode & 0o077:
        return None  # not ours alone: no server
    return base / f"{_code_key()}.sock"


def _code_key() -> str:
    """A digest of the Python running and of every file of the package (name, size, date)."""
    import hashlib

    digest = hashlib.sha256(f"{sys.executable}|{sys.version}".encode())
    stack = [os.path.dirname(os.path.abspath(__file__))]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.is_dir() and entry.name != "__pycache__":
                    stack.append(entry.path)
                elif entry.is_file():
                    status = entry.stat()
                    digest.update(f"{entry.path}|{status.st_size}|{status.st_mtime_ns}\n".encode("utf-8", "replace"))
    return digest.hexdigest()[:16]


# ---- the caller -------------------------------------------------------------------------------------------


def run(arguments: list[str]) -> int | None:
    """Run the command on the server and return its exit status; None where there is no server to run it
    (it is then started for the next command, and the caller runs this one itself)."""
    path = socket_path()
    if path is None:
        return None
    try:
        body = _request(arguments)
    except OSError:  # no current folder (deleted under the shell): the command says so itself
        return None
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        connection.connect(str(path))
    except OSError:
        connection.close()
        start_server(path)
        return None
    with connection:
        return _converse(connection, body)


def _request(arguments: list[str]) -> bytes:
    request = {
        "argv": arguments,
        "cwd": os.getcwd(),
        "env": dict(os.environ),
        "umask": _umask(),
        "streams": [(s.encoding, s.errors) if s else None for s in (sys.stdin, sys.stdout, sys.stderr)],
    }
    return json.dumps(request).encode("utf-8", "surrogateescape")


def _converse(connection: socket.socket, body: bytes) -> int | None:
    child: list[int] = []  # the command's process, once the server has forked it
    pending: list[int] = []  # signals that came before that
    previous = _forward_signals(child, pending)
    try:
        try:
            socket.send_fds(connection, [_HEADER.pack(len(body))], [0, 1, 2])
            connection.sendall(body)
        except OSError:
            return None  # the server went away before taking the command: run it here
        replies = connection.makefile("r", encoding="ascii")
        first = replies.readline().split()
        if first[:1] != ["pid"]:
            return 128 + pending[0] if pending else None  # not forked, nothing ran: stop if asked to, else run here
        child.append(int(first[1]))
        for number in pending:
            _send(child[0], number)
        last = replies.readline().split()
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    if last[:1] == ["exit"]:
        return int(last[1])
    print("proposal-kit：后台进程意外结束，命令可能未完成；请重新运行", file=sys.stderr)
    return 2


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _forward_signals(child: list[int], pending: list[int]) -> dict[int, object]:
    """Ctrl-C, SIGTERM and SIGHUP given to the caller go to the command's process (which ends as the command
    would), or wait for it to be forked; the handlers they replace are returned."""

    def forward(number: int, _frame: object) -> None:
        if child:
            _send(child[0], number)
        else:
            pending.append(number)

    return {number: signal.signal(number, forward) for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}


def _send(pid: int, number: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, number)


STARTING_SECONDS = 60  # a server that has not listened this long after being started never will


def start_server(path: Path) -> None:
    """Start the server in the background, on its own, for the commands after this one; once, however many
    commands find none at the same moment (the first marks it as starting)."""
    import subprocess
    import time

    starting = path.with_suffix(".starting")
    with contextlib.suppress(OSError):
        if time.time() - starting.stat().st_mtime > STARTING_SECONDS:
            starting.unlink()
    try:
        os.close(os.open(starting, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except OSError:
        return  # being started by another command, or the folder is not writable
    with contextlib.suppress(OSError):
        subprocess.Popen(
            [sys.executable, "-m", "proposal_kit.warm", str(path)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            close_fds=True,
            cwd="/",  # not the caller's folder: `-m` puts it first on the import path
        )


# ---- the server -------------------------------------------------------------------------------------------


def serve(path: Path, idle: float) -> None:
    """Import the program, listen on `path`, and fork a child for each command, until idle for `idle`."""
    import gc

    _preload()
    listener = _listen(path)
    path.with_suffix(".starting").unlink(missing_ok=True)
    if listener is None:
        return
    path.with_suffix(".pid").write_text(str(os.getpid()), "ascii")
    gc.freeze()  # what the imports made is never looked at again by the collector, in the server or a child
    listener.settimeout(idle)
    children: set[int] = set()
    try:
        while True:
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                _reap(children)
                if not children:
                    return
                continue
            _reap(children)
            with connection:
                child = _fork_for(connection, listener)
                if child:
                    children.add(child)
                    _log(f"{child}")
    finally:
        with contextlib.suppress(OSError):
            if path.with_suffix(".pid").read_text("ascii") == str(os.getpid()):
                path.unlink()
                path.with_suffix(".pid").unlink()
        listener.close()


def _log(line: str) -> None:
    """A line a command served, to the file PROPOSAL_KIT_WARM_LOG names (for tests and for looking into it)."""
    log = os.environ.get("PROPOSAL_KIT_WARM_LOG")
    if log:
        with contextlib.suppress(OSError), open(log, "a", encoding="utf-8") as file:
            file.write(line + "\n")


def _preload() -> None:
    """Everything the commands import, imported once here; a module that fails to import is left to fail
    in the command that needs it, with that command's message."""
    import importlib

    for name in (
        "proposal_kit.cli",
        "proposal_kit.pipeline",
        "proposal_kit.model.prebuilt",
        "proposal_kit.rules",
        "proposal_kit.render.document",
        "proposal_kit.figures.kept",
        "proposal_kit.report",
        "proposal_kit.convert",
        "proposal_kit.docx_in",
        "proposal_kit.importer",
        "proposal_kit.letter",
        "proposal_kit.diff",
        "proposal_kit.workbook",
        "proposal_kit.batch",
    ):
        with contextlib.suppress(Exception):
            importlib.import_module(name)
    with contextlib.suppress(Exception):
        from proposal_kit.model.prebuilt import proposal_validator
        from proposal_kit.rules import all_rules

        proposal_validator()
        all_rules()


def _listen(path: Path) -> socket.socket | None:
    """A socket listening on `path`; None where another server listens there already."""
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        listener.bind(str(path))
    except OSError:
        probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            probe.connect(str(path))
            listener.close()
            return None  # alive: it serves
        except OSError:
            path.unlink(missing_ok=True)  # left by a server that died
            listener.bind(str(path))
        finally:
            probe.close()
    listener.listen(64)
    return listener


def _reap(children: set[int]) -> None:
    for child in list(children):
        with contextlib.suppress(ChildProcessError):
            if os.waitpid(child, os.WNOHANG)[0] == 0:
                continue
        children.discard(child)


def _fork_for(connection: socket.socket, listener: socket.socket) -> int | None:
    try:
        header, fds, _, _ = socket.recv_fds(connection, _HEADER.size, 3)
        body = _receive(connection, _HEADER.unpack(header)[0]) if len(header) == _HEADER.size else b""
        request = json.loads(body.decode("utf-8", "surrogateescape"))
    except (OSError, ValueError, struct.error):
        return None
    if len(fds) != 3:
        for fd in fds:
            os.close(fd)
        return None
    child = os.fork()
    if child == 0:
        listener.close()
        _run_child(connection, request, fds)
    for fd in fds:
        os.close(fd)
    return child


def _receive(connection: socket.socket, size: int) -> bytes:
    chunks, left = [], size
    while left:
        chunk = connection.recv(min(left, 65536))
        if not chunk:
            raise OSError("the caller went away")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _run_child(connection: socket.socket, request: dict, fds: list[int]) -> None:
    """In the child: become the caller's command (its streams, folder, environment, arguments), run it, and
    report how it ended. Never returns."""
    code = 2
    try:
        _become_caller(request, fds)
        connection.sendall(f"pid {os.getpid()}\n".encode())
        _die_with_the_caller(connection)
        code = _command(request["argv"])
    except BaseException:  # the command's own errors are handled inside it; anything else ends the child
        with contextlib.suppress(Exception):
            import traceback

            traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        with contextlib.suppress(OSError):
            connection.sendall(f"exit {code}\n".encode())
        os._exit(code)


def _become_caller(request: dict, fds: list[int]) -> None:
    import io
    import tempfile

    signal.signal(signal.SIGINT, signal.default_int_handler)  # as a Python process starts: the command sets its own
    for number in (signal.SIGTERM, signal.SIGHUP, signal.SIGCHLD):
        signal.signal(number, signal.SIG_DFL)
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    os.umask(request["umask"])
    tempfile.tempdir = None  # chosen afresh from the caller's TMPDIR
    streams = request["streams"]
    for number, name, mode in ((0, "stdin", "r"), (1, "stdout", "w"), (2, "stderr", "w")):
        encoding, errors = streams[number] or ("utf-8", "strict")
        binary = open(number, mode + "b", closefd=False)  # noqa: SIM115  (the stream lives as long as the child)
        text = io.TextIOWrapper(binary, encoding=encoding, errors=errors, line_buffering=os.isatty(number))
        setattr(sys, name, text)
        setattr(sys, f"__{name}__", text)
    sys.argv = ["proposal-kit", *request["argv"]]


def _die_with_the_caller(connection: socket.socket) -> None:
    """A caller killed outright (SIGKILL) closes its end: the child then ends at once, as the command would
    have, and LibreOffice's watchdog ends LibreOffice."""
    import threading

    def wait() -> None:
        with contextlib.suppress(OSError):
            while connection.recv(1):
                pass
        os.kill(os.getpid(), signal.SIGKILL)

    threading.Thread(target=wait, daemon=True).start()


def _command(arguments: list[str]) -> int:
    from proposal_kit.cli import main

    try:
        main(args=arguments, prog_name="proposal-kit")
    except SystemExit as e:
        return e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    return 0


if __name__ == "__main__":
    serve(Path(sys.argv[1]), float(os.environ.get("PROPOSAL_KIT_WARM_IDLE", IDLE_SECONDS)))
