"""The preview server: the page of the proposal as last saved at ``GET /``, a version at ``GET /version`` that
the page polls to know when to reload, on 127.0.0.1 only; a watcher thread checks the proposal again after each
save and renders the page anew. The standard library's http.server and threading, nothing else.

`serve` runs it until a `stop` event is set; `Preview` is the same, started and closed by hand."""

from __future__ import annotations

import errno
import os
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from proposal_kit.preview.watch import POLL_SECONDS, Echo, Watcher, watch

HOST = "127.0.0.1"
DEFAULT_PORT = 8765
PORT_TRIES = 10  # the port asked for and the next nine
_PORT_TAKEN = {errno.EADDRINUSE, errno.EACCES, 10013, 10048}  # and Windows' WSAEACCES, WSAEADDRINUSE


class PortUnavailable(OSError):
    """Raised when no port of those tried is free."""


def _print(line: str) -> None:
    print(line, flush=True)


@dataclass(frozen=True)
class Rendered:
    """One rendering of the page: its bytes and the version it carries."""

    html: bytes
    version: str


class PageState:
    """The page as last rendered, shared by the watcher (which writes it) and the request threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._session = secrets.token_hex(4)  # a restarted server never repeats a version
        self._count = 0
        self._current = Rendered(b"", "")

    def next_version(self) -> str:
        with self._lock:
            return f"{self._session}-{self._count + 1}"

    def publish(self, html: str, version: str) -> None:
        with self._lock:
            self._count += 1
            self._current = Rendered(html.encode("utf-8"), version)

    @property
    def current(self) -> Rendered:
        with self._lock:
            return self._current


def examine(path: Path) -> tuple[Any, list[Any], Any]:
    """Check the proposal and draw its figures (their own findings join the draft's); for a draft the schema
    rejects, the model salvaged from it, whose other parts the page can still show. Never raises: a failure
    of the tool becomes a finding on the page."""
    from dataclasses import replace

    from proposal_kit.codes import finding
    from proposal_kit.pipeline import check
    from proposal_kit.results import Draft

    try:
        draft = check(path)
    except Exception as e:  # check turns every problem of a draft into findings; this is the tool's own
        problem = f"检查时程序出错（{type(e).__name__}：{e}），请把草稿发给开发者"
        return Draft(Path(path), findings=[finding("E001", problem, file=str(path))]), [], None
    if draft.proposal is None:
        return draft, [], _salvaged(path) if draft.valid else None
    try:
        from proposal_kit.figures import figures_for

        figures, problems = figures_for(draft.proposal, watched_folder(path))
    except Exception as e:
        problem = f"画图时程序出错（{type(e).__name__}：{e}），预览中暂不显示图"
        return replace(draft, findings=[*draft.findings, finding("E001", problem, file=str(path))]), [], None
    known = {(f.code, f.field, f.message) for f in draft.findings}
    extra = [p for p in problems if (p.code, p.field, p.message) not in known]
    return (replace(draft, findings=[*draft.findings, *extra]) if extra else draft), list(figures), None


def _salvaged(path: Path) -> Any:
    """The model of a draft the schema rejects, each rejected value a stand-in; None if it cannot be had."""
    from proposal_kit.pipeline import read
    from proposal_kit.salvage import salvage

    try:
        return salvage(read(Path(path)).data)
    except Exception:  # read a moment ago, gone or broken now: the findings are the page
        return None


def watched_folder(path: Path) -> Path:
    path = Path(path)
    return path if path.is_dir() else path.parent


def render(path: Path, state: PageState) -> Any:
    """Check, render and publish the page of the proposal at `path`; return the draft as checked."""
    from proposal_kit.preview.html import escape
    from proposal_kit.preview.page import render_page

    draft, figures, salvaged = examine(path)
    version = state.next_version()
    try:
        page = render_page(draft, figures, datetime.now(), version, watched_folder(path), salvaged)
    except Exception as e:  # the page of a draft the printers did not foresee: say so, keep polling
        page = _failure_page(escape(f"预览页面生成出错（{type(e).__name__}：{e}），请把草稿发给开发者"), version)
    state.publish(page, version)
    return draft


def _failure_page(message: str, version: str) -> str:
    from proposal_kit.preview.page import content_policy, poll_script

    nonce = secrets.token_urlsafe(16)
    script = poll_script(version)
    return (
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" '
        f'content="{content_policy(nonce)}"><title>预览出错</title></head><body><p>{message}</p>'
        f'<span id="live"></span><script nonce="{nonce}">{script}</script></body></html>'
    )


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = os.name != "nt"  # on Windows it would let two servers share a port

    def __init__(self, address: tuple[str, int], state: PageState) -> None:
        self.state = state
        super().__init__(address, _Handler)


class _Handler(BaseHTTPRequestHandler):
    """``/`` the page, ``/version`` its version; nothing else. Requests naming another host are refused, so a
    web page elsewhere cannot read the proposal through a name it points at 127.0.0.1."""

    server: _Server

    def do_GET(self) -> None:
        self._answer(body=True)

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def _answer(self, body: bool) -> None:
        if not self._local_host():
            self._send(403, b"forbidden", "text/plain; charset=utf-8", body)
            return
        path = urlsplit(self.path).path
        current = self.server.state.current
        if path == "/":
            self._send(200, current.html, "text/html; charset=utf-8", body)
        elif path == "/version":
            self._send(200, current.version.encode("ascii"), "text/plain; charset=utf-8", body)
        elif path == "/favicon.ico":
            self._send(204, b"", "image/x-icon", body)
        else:
            self._send(404, "未找到".encode(), "text/plain; charset=utf-8", body)

    def _local_host(self) -> bool:
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0].strip("[]").lower()
        return host in ("", "127.0.0.1", "localhost", "::1")

    def _send(self, status: int, data: bytes, content_type: str, body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Content-Security-Policy", "frame-ancestors 'none'")
        self.end_headers()
        if body and data:
            self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        return  # one line a second of polling is not worth a terminal


def bind(port: int, state: PageState) -> _Server:
    """A server on 127.0.0.1 at `port`, or at the first free one of the next few (`port` 0: any free one)."""
    candidates = [0] if port == 0 else range(port, min(port + PORT_TRIES, 65536))
    for candidate in candidates:
        try:
            return _Server((HOST, candidate), state)
        except OSError as e:
            if e.errno not in _PORT_TAKEN and getattr(e, "winerror", None) not in _PORT_TAKEN:
                raise
    last = min(port + PORT_TRIES, 65536) - 1
    raise PortUnavailable(f"端口 {port}–{last} 都已被占用，请用 --port 指定其他端口")


class Preview:
    """The server and the watcher of one proposal. `start` binds the port, renders the first page and starts
    both threads; `close` (or setting `stop`) ends them."""

    def __init__(
        self,
        path: Path,
        stop: threading.Event | None = None,
        port: int = DEFAULT_PORT,
        echo: Echo = _print,
        interval: float = POLL_SECONDS,
    ) -> None:
        self.path = Path(path)
        self.stop = stop or threading.Event()
        self.requested_port = port
        self.echo = echo
        self.interval = interval
        self.state = PageState()
        self.server: _Server | None = None
        self.threads: list[threading.Thread] = []
        self.render_seconds = 0.0
        self.draft: Any = None

    @property
    def port(self) -> int:
        return self.server.server_address[1] if self.server else 0

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/"

    def start(self) -> str:
        """Bind, check and render once (`draft` is that check), then serve and watch in threads of their own;
        the page's address."""
        self.server = bind(self.requested_port, self.state)
        watcher = Watcher(self.path, self.interval)  # before the first check: no save after it is missed
        self.draft = self._render()
        self.threads = [
            threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True),
            threading.Thread(target=watch, args=(watcher, self.stop, self._changed, self.echo), daemon=True),
        ]
        for thread in self.threads:
            thread.start()
        return self.url

    def _render(self) -> Any:
        started = time.perf_counter()
        draft = render(self.path, self.state)
        self.render_seconds = time.perf_counter() - started
        return draft

    def _changed(self, changed: list[str]) -> None:
        from proposal_kit.preview.console import report_lines

        self.draft = self._render()
        for line in report_lines(self.path, self.draft, changed):
            self.echo(line)

    def close(self) -> None:
        """Stop watching and serving, and wait for both threads."""
        self.stop.set()
        if self.server is not None:
            if self.threads:  # shutdown waits for serve_forever, which runs only once started
                self.server.shutdown()
            self.server.server_close()
        for thread in self.threads:
            thread.join(timeout=10)


def serve(
    path: Path,
    stop: threading.Event,
    port: int = DEFAULT_PORT,
    echo: Echo = _print,
    on_ready: Callable[[Preview], None] | None = None,
    interval: float = POLL_SECONDS,
) -> None:
    """Serve the preview of the proposal at `path` until `stop` is set; `on_ready` is told the running preview
    (its `url`, its `port`) once the first page is there."""
    from proposal_kit.preview.console import report_lines

    preview = Preview(path, stop, port, echo, interval)
    preview.start()
    try:
        for line in report_lines(preview.path, preview.draft):
            echo(line)
        if on_ready is not None:
            on_ready(preview)
        while not stop.wait(0.2):  # a timeout, so Ctrl-C reaches the main thread on every system
            pass
    finally:
        preview.close()
