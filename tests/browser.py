"""Headless Chromium driven through the Chrome DevTools Protocol over a pipe (no extra package).

Chromium reads commands from its file descriptor 3 and writes answers and events to 4, each a
JSON message ended by a NUL byte (`--remote-debugging-pipe`). Each page is loaded in a new tab;
what it logs, every request it makes, and any exception are collected for the test to check.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    # No name resolves but the loopback (the test server): should a page try to reach a host,
    # the request fails here, and is still seen.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--remote-debugging-pipe",
)
TIMEOUT = 30.0


def find_chromium() -> str | None:
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


class BrowserError(Exception):
    pass


@dataclass
class PageLoad:
    """What one page did while it loaded."""

    url: str
    requests: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)  # errors and warnings, as text
    exceptions: list[str] = field(default_factory=list)


class Browser:
    def __init__(self, executable: str, profile: Path, log: Path) -> None:
        command_read, self._command_write = os.pipe()
        self._answer_read, answer_write = os.pipe()
        # High numbers, so that bash (not dash: it knows one-digit descriptors only) can put them
        # at 3 and 4 without clobbering either.
        child_read = fcntl.fcntl(command_read, fcntl.F_DUPFD, 20)
        child_write = fcntl.fcntl(answer_write, fcntl.F_DUPFD, 20)
        for descriptor in (command_read, answer_write):
            os.close(descriptor)
        script = f'exec "$0" "$@" 3<&{child_read} 4>&{child_write} {child_read}<&- {child_write}>&-'
        with log.open("wb") as stderr:
            self._process = subprocess.Popen(
                ["bash", "-c", script, executable, *FLAGS, f"--user-data-dir={profile}"],
                pass_fds=(child_read, child_write),
                stdin=subprocess.DEVNULL,
                stdout=stderr,
                stderr=stderr,
            )
        os.close(child_read)
        os.close(child_write)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []

    # --- protocol ---------------------------------------------------------------------------

    def send(
        self, method: str, params: dict[str, Any] | None = None, session: str | None = None
    ) -> Any:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._command_write, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + TIMEOUT
        while True:
            answer = self._receive(deadline)
            if answer.get("id") == self._next_id:
                if "error" in answer:
                    raise BrowserError(f"{method}: {answer['error']}")
                return answer.get("result", {})
            self.events.append(answer)

    def wait_for(self, method: str, session: str) -> dict[str, Any]:
        deadline = time.monotonic() + TIMEOUT
        while True:
            for event in self.events:
                if event.get("method") == method and event.get("sessionId") == session:
                    return event
            self.events.append(self._receive(deadline))

    def _receive(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise BrowserError("Chromium did not answer in time")
            ready, _, _ = select.select([self._answer_read], [], [], remaining)
            if ready:
                chunk = os.read(self._answer_read, 1 << 16)
                if not chunk:
                    raise BrowserError("Chromium closed the pipe (see its log)")
                self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        loaded: dict[str, Any] = json.loads(message)
        return loaded

    # --- pages ------------------------------------------------------------------------------

    def open(self, url: str, width: int = 1280, height: int = 900) -> Tab:
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable", session=session)
        metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}
        self.send("Emulation.setDeviceMetricsOverride", metrics, session)
        self.events = [event for event in self.events if event.get("sessionId") != session]
        self.send("Page.navigate", {"url": url}, session)
        self.wait_for("Page.loadEventFired", session)
        return Tab(self, target, session, _page_load(url, self.events, session))

    def close(self) -> None:
        with contextlib.suppress(BrowserError, OSError):
            self.send("Browser.close")
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        os.close(self._command_write)
        os.close(self._answer_read)


def _page_load(url: str, events: list[dict[str, Any]], session: str) -> PageLoad:
    load = PageLoad(url)
    for event in events:
        if event.get("sessionId") != session:
            continue
        method, params = event.get("method"), event.get("params", {})
        if method == "Network.requestWillBeSent":
            load.requests.append(params["request"]["url"])
        elif method == "Runtime.consoleAPICalled" and params.get("type") in (
            "error",
            "warning",
            "assert",
        ):
            load.console.append(
                " ".join(str(arg.get("value", arg)) for arg in params.get("args", []))
            )
        elif method == "Log.entryAdded" and params["entry"].get("level") in ("error", "warning"):
            load.console.append(f"{params['entry'].get('source')}: {params['entry'].get('text')}")
        elif method == "Runtime.exceptionThrown":
            load.exceptions.append(json.dumps(params.get("exceptionDetails", {}))[:500])
    return load


@dataclass
class Tab:
    browser: Browser
    target: str
    session: str
    load: PageLoad

    def evaluate(self, expression: str) -> Any:
        result = self.browser.send(
            "Runtime.evaluate", {"expression": expression, "returnByValue": True}, self.session
        )
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self, path: Path) -> None:
        size = self.browser.send("Page.getLayoutMetrics", session=self.session)["cssContentSize"]
        clip = {
            "x": 0,
            "y": 0,
            "width": size["width"],
            "height": min(size["height"], 12000),
            "scale": 1,
        }
        shot = self.browser.send(
            "Page.captureScreenshot",
            {"format": "png", "clip": clip, "captureBeyondViewport": True},
            self.session,
        )
        path.write_bytes(base64.b64decode(shot["data"]))

    def print_pdf(self, path: Path) -> None:
        options = {"printBackground": True, "preferCSSPageSize": True}
        pdf = self.browser.send("Page.printToPDF", options, self.session)
        path.write_bytes(base64.b64decode(pdf["data"]))

    def close(self) -> None:
        self.browser.send("Target.closeTarget", {"targetId": self.target})
