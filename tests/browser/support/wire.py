"""Bytes on the wire for one page, from Chromium's DevTools protocol, split by who sent them.

HTTP: `Network.loadingFinished.encodedDataLength`, the bytes received for a response as transferred (headers
plus body, gzip-compressed where the server compressed it). Websocket: the payload of every frame plus its
RFC 6455 header; Streamlit's websocket compression (`server.enableWebsocketCompression`) is off by default, so
payload bytes are wire bytes (the handshake's Sec-WebSocket-Extensions is recorded to prove it).

What counts as "the app's bytes": every websocket frame the server sends, plus HTTP responses under
/app/static/ (the app's own files: geometry, vendored Leaflet) and /media/ (files the script made). Excluded,
but reported: Streamlit's own front-end (the page shell `/`, `/static/`, `/favicon.png`, `/_stcore/`) and the
map component's own bundle (`/component/<name>/`), which are identical for any app.
"""

from __future__ import annotations

import base64
import json
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, Page
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.browser.support.chromium import is_local

APP_CATEGORIES = ("websocket", "app_static", "app_media", "other_local")


def ws_header_bytes(payload_len: int, masked: bool) -> int:
    """RFC 6455 frame header length: 2 bytes, +2 or +8 for the extended length, +4 for a client mask."""
    extra = 0 if payload_len < 126 else (2 if payload_len < 65536 else 8)
    return 2 + extra + (4 if masked else 0)


def http_category(url: str) -> str:
    """Which party an HTTP response belongs to (see the module docstring)."""
    if not is_local(url):
        return "external"
    path = urlsplit(url).path
    if path.startswith("/app/static/"):
        return "app_static"
    if path.startswith("/media/"):
        return "app_media"
    if path.startswith("/component/"):
        return "component_bundle"
    if path in {"/", "/index.html", "/favicon.png"} or path.startswith(("/static/", "/_stcore/")):
        return "streamlit_frontend"
    return "other_local"


@dataclass
class WireEvent:
    category: str
    direction: str  # "in" (server to browser) or "out"
    nbytes: int
    detail: str
    at: float = field(default_factory=time.monotonic)  # when the harness saw it (time.monotonic)


@dataclass
class WireLog:
    """Everything one page transferred, in order; `since(mark)` totals a phase."""

    events: list[WireEvent] = field(default_factory=list)
    scripts_finished: int = 0
    heartbeat_frames: int = 0
    ws_extensions: str = ""
    external_attempts: list[str] = field(default_factory=list)
    component_args: list[dict[str, Any]] = field(default_factory=list)  # each custom component sent, in order
    _urls: dict[str, str] = field(default_factory=dict)
    _pending: set[str] = field(default_factory=set)

    def mark(self) -> int:
        return len(self.events)

    def since(self, mark: int = 0) -> list[WireEvent]:
        return self.events[mark:]

    def app_bytes(self, mark: int = 0) -> int:
        """Bytes the app sent to the browser since `mark` (websocket frames + its own HTTP files)."""
        return sum(e.nbytes for e in self.since(mark) if e.direction == "in" and e.category in APP_CATEGORIES)

    def breakdown(self, mark: int = 0) -> dict[str, int]:
        totals: dict[str, int] = {}
        for e in self.since(mark):
            key = f"{e.category}_{e.direction}"
            totals[key] = totals.get(key, 0) + e.nbytes
        return dict(sorted(totals.items()))

    def last_activity(self) -> float | None:
        """When the page last sent or received anything (heartbeats aside), in time.monotonic; None if never."""
        active = [e.at for e in self.events if e.category != "heartbeat"]
        return max(active) if active else None

    def pending_requests(self) -> list[str]:
        """HTTP requests started but neither finished nor failed."""
        return sorted(self._urls[r] for r in self._pending)

    def data_frames_sent(self, mark: int = 0) -> list[WireEvent]:
        """Websocket frames the page sent, other than Streamlit's own heartbeat."""
        return [e for e in self.since(mark) if e.category == "websocket" and e.direction == "out"]

    # DevTools event handlers -------------------------------------------------------------------------------
    def _on_request(self, params: dict[str, Any]) -> None:
        url = params["request"]["url"]
        self._urls[params["requestId"]] = url
        self._pending.add(params["requestId"])
        if not is_local(url):
            self.external_attempts.append(url)

    def _on_failed(self, params: dict[str, Any]) -> None:
        self._pending.discard(params["requestId"])

    def _on_finished(self, params: dict[str, Any]) -> None:
        self._pending.discard(params["requestId"])
        url = self._urls.get(params["requestId"], "")
        self.events.append(WireEvent(http_category(url), "in", int(params["encodedDataLength"]), url))

    def _on_handshake(self, params: dict[str, Any]) -> None:
        headers = {k.lower(): v for k, v in params["response"].get("headers", {}).items()}
        self.ws_extensions = headers.get("sec-websocket-extensions", "")

    def _on_frame(self, params: dict[str, Any], direction: str) -> None:
        response = params["response"]
        data = response["payloadData"]
        payload = base64.b64decode(data) if response["opcode"] == 2 else data.encode()
        nbytes = len(payload) + ws_header_bytes(len(payload), masked=direction == "out")
        detail, message = _describe(payload, direction)
        if detail == "delta:new_element:component_instance" and isinstance(message, ForwardMsg):
            self.component_args.append(json.loads(message.delta.new_element.component_instance.json_args))
        if detail == "heartbeat":
            # Streamlit's keep-alive (app_heartbeat / heartbeat_ack) is not caused by the user: count it apart.
            self.heartbeat_frames += 1
            self.events.append(WireEvent("heartbeat", direction, nbytes, detail))
            return
        if detail.startswith("script_finished"):
            self.scripts_finished += 1
        self.events.append(WireEvent("websocket", direction, nbytes, detail))


def _describe(payload: bytes, direction: str) -> tuple[str, ForwardMsg | BackMsg | None]:
    """The protobuf message's kind (which ForwardMsg/BackMsg field is set), and the message."""
    message: ForwardMsg | BackMsg = ForwardMsg() if direction == "in" else BackMsg()
    try:
        message.ParseFromString(payload)
    except Exception:  # not a Streamlit protobuf: report its size only
        return "unparsed", None
    kind = message.WhichOneof("type") or "none"
    if kind in {"app_heartbeat", "heartbeat_ack"}:
        return "heartbeat", message
    if isinstance(message, ForwardMsg) and kind == "script_finished":
        return f"script_finished:{ForwardMsg.ScriptFinishedStatus.Name(message.script_finished)}", message
    if isinstance(message, ForwardMsg) and kind == "delta":
        element = message.delta.new_element.WhichOneof("type") if message.delta.HasField("new_element") else ""
        return f"delta:{message.delta.WhichOneof('type')}:{element}".rstrip(":"), message
    return kind, message


def attach(context: BrowserContext, page: Page) -> WireLog:
    """Start recording `page` (and its same-origin iframes) through a DevTools session."""
    log = WireLog()
    cdp = context.new_cdp_session(page)
    cdp.on("Network.requestWillBeSent", log._on_request)
    cdp.on("Network.loadingFinished", log._on_finished)
    cdp.on("Network.loadingFailed", log._on_failed)
    cdp.on("Network.webSocketHandshakeResponseReceived", log._on_handshake)
    cdp.on("Network.webSocketFrameReceived", lambda p: log._on_frame(p, "in"))
    cdp.on("Network.webSocketFrameSent", lambda p: log._on_frame(p, "out"))
    cdp.send("Network.enable")
    return log


def wait_until_idle(page: Page, log: WireLog, quiet_s: float = 0.5, timeout_s: float = 120.0) -> float:
    """Wait until nothing has gone over the wire for `quiet_s` (heartbeats aside) and no HTTP request is in
    flight; returns when the last activity was (time.monotonic). Bytes counted then are the page's whole cost,
    whenever its parts arrived, not what a fixed window happened to catch."""
    deadline = time.monotonic() + timeout_s
    while True:
        last = log.last_activity() or 0.0
        now = time.monotonic()
        if not log.pending_requests() and now - last >= quiet_s:
            return last
        if now > deadline:
            raise TimeoutError(f"the page was not idle after {timeout_s:.0f} s: {log.pending_requests()}")
        page.wait_for_timeout(20)  # lets Playwright dispatch the DevTools events that update the log


def wait_for_run(page: Page, log: WireLog, after: int, timeout_s: float = 60.0) -> None:
    """Wait until the server reports a script (or fragment) run finished after `after` runs had finished."""
    deadline = time.monotonic() + timeout_s
    while log.scripts_finished <= after:
        if time.monotonic() > deadline:
            raise TimeoutError("no script run finished after the interaction")
        page.wait_for_timeout(10)  # lets Playwright dispatch the DevTools events that update the log
