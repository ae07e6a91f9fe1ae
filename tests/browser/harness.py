"""Real JupyterLab / Voilà servers and real Chromium for the widget's browser tests and benchmark.

Each server gets its own HOME, port and token; Chromium is Debian's, driven by playwright.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
TOKEN = "medialit-test-token"


def chromium_path() -> str:
    """Debian's Chromium, or a clear error naming the command that installs it."""
    path = os.environ.get("MEDIALIT_CHROMIUM", CHROMIUM)
    if not Path(path).exists():
        raise RuntimeError(f"Chromium not found at {path}: install it with `apt-get install -y chromium`")
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def notebook(cells: list[str]) -> dict[str, Any]:
    """A minimal notebook with one code cell per source string."""
    return {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "id": f"cell-{i}",
                "metadata": {},
                "outputs": [],
                "source": src,
            }
            for i, src in enumerate(cells)
        ],
        "metadata": {
            "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


class Server:
    """A running JupyterLab or Voilà server on loopback."""

    def __init__(self, kind: str, root: Path, port: int, process: subprocess.Popen, home: Path, log: Path):
        self.kind, self.root, self.port, self.process, self.home, self.log = kind, root, port, process, home, log

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def api(self, path: str, method: str = "GET") -> Any:
        sep = "&" if "?" in path else "?"
        req = urllib.request.Request(
            f"{self.base}{path}{sep}token={TOKEN}", method=method, data=b"" if method == "POST" else None
        )
        with urllib.request.urlopen(req, timeout=30) as resp:
            body = resp.read()
        return json.loads(body) if body else None

    def kernel_id(self, notebook_path: str) -> str:
        for s in self.api("/api/sessions"):
            if s["path"] == notebook_path:
                return s["kernel"]["id"]
        raise RuntimeError(f"no kernel session for {notebook_path}")

    def kernel_eval(self, notebook_path: str, code: str, timeout: float = 30) -> str:
        """Run ``code`` in the notebook's own kernel (a second client) and return what it prints."""
        from jupyter_client import BlockingKernelClient

        kid = self.kernel_id(notebook_path)
        conn = self.home / ".local/share/jupyter/runtime" / f"kernel-{kid}.json"
        kc = BlockingKernelClient(connection_file=str(conn))
        kc.load_connection_file()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=timeout)
            msg_id = kc.execute(code, store_history=False)
            out: list[str] = []
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                msg = kc.get_iopub_msg(timeout=timeout)
                if msg["parent_header"].get("msg_id") != msg_id:
                    continue
                if (printed := printed_when_done(msg, out)) is not None:
                    return printed
            raise TimeoutError(code)
        finally:
            kc.stop_channels()


def printed_when_done(msg: dict[str, Any], out: list[str]) -> str | None:
    """Follow one iopub message of a cell we ran: collect what it prints, raise its error, and return
    everything printed once the kernel is idle again (None while it still runs)."""
    kind = msg["header"]["msg_type"]
    if kind == "stream":
        out.append(msg["content"]["text"])
    elif kind == "error":
        raise RuntimeError("\n".join(msg["content"]["traceback"]))
    elif kind == "status" and msg["content"]["execution_state"] == "idle":
        return "".join(out)
    return None


def wait_until_up(
    process: subprocess.Popen, probe: Callable[[], object], what: str, log: Path, seconds: float = 90
) -> None:
    """Call ``probe`` until it answers (no OSError); fail with the log's end if ``process`` exits or time runs out."""
    deadline = time.monotonic() + seconds
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited early:\n{log.read_text()[-4000:]}")
        try:
            probe()
            return
        except OSError:  # refused, or an HTTP error while it starts
            if time.monotonic() > deadline:
                raise RuntimeError(f"{what} did not start in {seconds:g} s:\n{log.read_text()[-4000:]}") from None
            time.sleep(0.3)


@contextmanager
def serve(kind: str, workdir: Path, files: dict[str, Any], notebook_name: str | None = None) -> Iterator[Server]:
    """Start JupyterLab (``kind="lab"``) or Voilà (``kind="voila"``) on ``files`` in ``workdir``."""
    root, home = workdir / "root", workdir / "home"
    root.mkdir(parents=True, exist_ok=True)
    home.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = root / name
        path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    # no "official Jupyter news?" prompt over the page
    settings = home / ".jupyter/lab/user-settings/@jupyterlab/apputils-extension"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "notification.jupyterlab-settings").write_text('{"fetchNews": "false"}', encoding="utf-8")
    port = free_port()
    env = {**os.environ, "HOME": str(home), "JUPYTER_PLATFORM_DIRS": "0", "PYTHONUNBUFFERED": "1"}
    env.pop("JUPYTER_CONFIG_DIR", None)
    env.pop("JUPYTER_RUNTIME_DIR", None)
    if kind == "lab":
        cmd = [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--allow-root",
            f"--port={port}",
            "--ServerApp.ip=127.0.0.1",
            f"--IdentityProvider.token={TOKEN}",
            "--LabApp.expose_app_in_browser=True",
            f"--ServerApp.root_dir={root}",
            "--ServerApp.port_retries=0",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ]
        ready = "/api/status"
    else:
        voila = shutil.which("voila", path=str(Path(sys.executable).parent)) or "voila"
        cmd = [
            voila,
            str(root / (notebook_name or "")),
            "--no-browser",
            f"--port={port}",
            "--Voila.ip=127.0.0.1",
            "--ServerApp.port_retries=0",
            f"--Voila.root_dir={root}",
        ]
        ready = "/"
    log = workdir / f"{kind}.log"
    with open(log, "w") as handle:
        process = subprocess.Popen(cmd, cwd=root, env=env, stdout=handle, stderr=subprocess.STDOUT)
    server = Server(kind, root, port, process, home, log)
    try:
        wait_until_up(
            process, lambda: urllib.request.urlopen(f"{server.base}{ready}?token={TOKEN}", timeout=2), kind, log
        )
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


FIND_PHRASE = """(phrase) => {
  const box = document.querySelector('[data-medialit="text"]');
  const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const i = node.data.indexOf(phrase);
    if (i < 0) continue;
    node.parentElement.scrollIntoView({block: 'center'});
    const r = document.createRange();
    r.setStart(node, i);
    r.setEnd(node, i + phrase.length);
    const rects = r.getClientRects();
    const a = rects[0], b = rects[rects.length - 1];
    return {x1: a.left + 2, y1: a.top + a.height / 2, x2: b.right - 2, y2: b.top + b.height / 2};
  }
  return null;
}"""


def drag_select(page: Any, phrase: str, attempts: int = 3) -> None:
    """Select ``phrase`` in the widget's text with a real mouse drag.

    On a loaded machine JupyterLab may still move the notebook after the phrase was scrolled into
    view (its cells render lazily), so a drag can land beside the words, as a hurried hand would.
    The phrase's place is measured until it holds still, and the browser's own selection is read
    back after the drag; a drag that selected something else is let go and made again.
    """
    selected = ""
    for _ in range(attempts):
        box = page.evaluate(FIND_PHRASE, phrase)
        for _ in range(10):  # until the layout holds still
            page.wait_for_timeout(50)
            again = page.evaluate(FIND_PHRASE, phrase)
            if again == box:
                break
            box = again
        if box is None:
            raise AssertionError(f"{phrase!r} is not shown in the widget")
        page.mouse.move(box["x1"], box["y1"])
        page.mouse.down()
        page.mouse.move((box["x1"] + box["x2"]) / 2, (box["y1"] + box["y2"]) / 2, steps=4)
        page.mouse.move(box["x2"], box["y2"], steps=4)
        page.mouse.up()
        selected = page.evaluate("() => String(window.getSelection())")
        if phrase in selected and len(selected.strip()) <= len(phrase) + 2:
            return
        page.evaluate("() => window.getSelection().removeAllRanges()")
    raise AssertionError(f"dragging over {phrase!r} selected {selected[:80]!r} {attempts} times")


def open_lab_notebook(page: Any, server: Server, name: str) -> None:
    """Open ``name`` in JupyterLab, close any Launcher, and run all cells."""
    # a workspace of its own, so no earlier notebook or Launcher stays open over this one
    workspace = "w" + "".join(ch for ch in name if ch.isalnum())
    page.goto(f"{server.base}/lab/workspaces/{workspace}/tree/{name}?reset&token={TOKEN}")
    page.wait_for_function("window.jupyterapp && window.jupyterapp.started !== undefined", timeout=90_000)
    page.evaluate("async () => { await window.jupyterapp.started; await window.jupyterapp.restored; }")
    page.evaluate(f"async () => {{ await window.jupyterapp.commands.execute('docmanager:open', {{path: '{name}'}}); }}")
    page.evaluate(
        """() => { for (const w of Array.from(window.jupyterapp.shell.widgets('main'))) {
             if (w.id && w.id.startsWith('launcher')) w.close(); } }"""
    )
    page.wait_for_selector(".jp-Notebook", timeout=60_000)
    wait_kernel_idle(page)
    page.evaluate("async () => { await window.jupyterapp.commands.execute('notebook:run-all-cells'); }")


def wait_kernel_idle(page: Any, timeout: float = 90_000) -> None:
    page.wait_for_function(
        """() => { const w = window.jupyterapp.shell.currentWidget;
             const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
             return k && k.status === 'idle'; }""",
        timeout=timeout,
    )
