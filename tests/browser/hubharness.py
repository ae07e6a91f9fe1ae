"""A real JupyterHub on loopback for the class tests and the class benchmark.

The hub is PyPI's ``jupyterhub`` behind npm's ``configurable-http-proxy``, with ``DummyAuthenticator``
(one shared password) and ``SimpleLocalProcessSpawner``: every student gets a home folder of their own
(HOME and the notebook folder both point at it) and runs the shared venv's ``jupyterhub-singleuser``
(JupyterLab, with nbgitpuller enabled). Hub, proxy, database and cookie secret all live in one tmp folder.

Students reach lesson 3 the way the README tells teachers to: an nbgitpuller link that clones a local
bare copy of this repository into their home. A small Jupyter kernel websocket client (the same protocol
JupyterLab speaks) lets tests and the benchmark read a student's kernel and press the widget's buttons.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from harness import free_port, printed_when_done, wait_until_up

PASSWORD = "medialit-class-password"
LESSON = "notebooks/03-Who-Says-So.ipynb"
REPO_ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent

# scripts for a student's JupyterLab page (the hub's Lab exposes window.jupyterapp)
CLOSE_LAUNCHERS = """() => { for (const w of Array.from(window.jupyterapp.shell.widgets('main'))) {
  if (w.id && w.id.startsWith('launcher')) w.close(); } }"""
LESSON_KERNEL_IDLE = """(name) => { const w = window.jupyterapp.shell.currentWidget;
  const k = w && w.context && w.context.path.endsWith(name) && w.sessionContext.session
            && w.sessionContext.session.kernel;
  return k && k.status === 'idle'; }"""
# what Run All came to: null while it runs; "done"; or the first error a cell printed (Run All stops at an
# error, so the later cells never get an execution count and a wait for "all cells ran" would wait for ever)
RUN_ALL_OUTCOME = """() => { const w = window.jupyterapp.shell.currentWidget;
  if (!w || !w.content || !w.sessionContext) return null;
  const cells = w.content.widgets.filter((c) => c.model.type === 'code');
  for (const [n, c] of cells.entries()) {
    for (let i = 0; i < c.model.outputs.length; i++) {
      const o = c.model.outputs.get(i).toJSON();
      if (o.output_type === 'error') return `code cell ${n + 1}: ${o.ename}: ${o.evalue}`;
    }
  }
  const k = w.sessionContext.session && w.sessionContext.session.kernel;
  if (k && k.status === 'dead') return 'the kernel died';
  return cells.every((c) => c.model.executionCount !== null) && k && k.status === 'idle' ? 'done' : null; }"""
# what a student's page shows, for a message when something it waited for did not happen
PAGE_STATE = """() => { const app = window.jupyterapp;
  const w = app && app.shell && app.shell.currentWidget;
  const s = w && w.sessionContext && w.sessionContext.session;
  const text = (sel) => { const e = document.querySelector(sel); return e ? e.innerText.slice(0, 300) : null; };
  return {url: location.href, tab: w ? w.title.label : null, kernel: s && s.kernel ? s.kernel.status : null,
          dialogs: Array.from(document.querySelectorAll('.jp-Dialog')).map((d) => d.innerText.slice(0, 200)),
          highlighter: !!document.querySelector('[data-medialit="text"]'),
          marks: new Set(Array.from(document.querySelectorAll('mark[data-label]')).map((m) => m.dataset.index)).size,
          status: text('[data-medialit="status"]'), feedback: text('[data-medialit="feedback"]')}; }"""

CONFIG = """\
import json, os
from pathlib import Path

s = json.loads({settings!r})
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = s["port"]
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = s["hub_port"]
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:%d" % s["proxy_api_port"]
c.ConfigurableHTTPProxy.pid_file = s["workdir"] + "/proxy.pid"
c.ConfigurableHTTPProxy.command = [s["chp"]]
c.JupyterHub.db_url = "sqlite:///" + s["workdir"] + "/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = s["workdir"] + "/cookie_secret"
c.JupyterHub.pid_file = s["workdir"] + "/jupyterhub.pid"
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True
c.JupyterHub.concurrent_spawn_limit = 0
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = s["password"]
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = s["homes"] + "/{{username}}"
c.Spawner.notebook_dir = s["homes"] + "/{{username}}"
c.Spawner.cmd = [s["singleuser"]]
# we run as root (CI does): Jupyter Server refuses root without --allow-root
c.Spawner.args = [
    "--allow-root",
    "--LabApp.expose_app_in_browser=True",
    "--LabApp.news_url=None",
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
]
c.Spawner.default_url = "/lab"
c.Spawner.environment = s["environment"]
c.Spawner.start_timeout = s["start_timeout"]
c.Spawner.http_timeout = s["start_timeout"]
c.JupyterHub.services = [{{"name": "medialit-tests", "api_token": s["token"]}}]
c.JupyterHub.load_roles = [
    {{
        "name": "medialit-tests",
        "scopes": ["admin:users", "admin:servers", "access:servers", "list:users", "read:users"],
        "services": ["medialit-tests"],
    }}
]


def pre_spawn(spawner):
    # a fresh home: no "official Jupyter news?" prompt over the page
    home = Path(spawner.home_dir)
    settings = home / ".jupyter/lab/user-settings/@jupyterlab/apputils-extension"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "notification.jupyterlab-settings").write_text('{{"fetchNews": "false"}}')


c.Spawner.pre_spawn_hook = pre_spawn
"""


def local_repo(workdir: Path) -> str:
    """A bare git copy of this checkout's HEAD (branch ``main``) in ``workdir``, as a file:// URL."""
    target = workdir / "medialit"  # nbgitpuller names the student's folder after the URL's last part
    subprocess.run(["git", "init", "-q", "--bare", str(target)], check=True)
    # a shallow CI checkout can still push its HEAD
    subprocess.run(["git", "-C", str(target), "config", "receive.shallowUpdate", "true"], check=True)
    done = subprocess.run(
        [
            "git",
            "-c",
            f"safe.directory={REPO_ROOT}",
            "-C",
            str(REPO_ROOT),
            "push",
            "-q",
            str(target),
            "HEAD:refs/heads/main",
        ],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"could not copy the repository for nbgitpuller: {done.stderr.strip()}")
    return target.as_uri()


def nltk_data() -> str:
    """Where this process finds NLTK's data, for the students' kernels: their HOME is not ours, so
    ``~/nltk_data`` (where ``medialit setup`` may have put it) would point into an empty home."""
    import nltk

    found = [p for p in nltk.data.path if Path(p).is_dir()]
    return os.pathsep.join(dict.fromkeys([*filter(None, os.environ.get("NLTK_DATA", "").split(os.pathsep)), *found]))


def pull_link(repo_url: str, notebook: str = LESSON, folder: str = "medialit") -> str:
    """The README's nbgitpuller link (path only, as a teacher would paste after the hub's address)."""
    query = urllib.parse.urlencode(
        {"repo": repo_url, "branch": "main", "urlpath": f"lab/tree/{folder}/{notebook}"}, quote_via=urllib.parse.quote
    )
    return f"/hub/user-redirect/git-pull?{query}"


class Hub:
    """A running JupyterHub; ``api`` talks to the hub, ``user_api`` to one student's server."""

    def __init__(self, workdir: Path, port: int, token: str, process: subprocess.Popen, log: Path):
        self.workdir, self.port, self.token, self.process, self.log = workdir, port, token, process, log
        self.homes = workdir / "homes"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def home(self, user: str) -> Path:
        return self.homes / user

    def request(self, path: str, method: str = "GET", body: Any = None, timeout: float = 60) -> Any:
        data = json.dumps(body).encode() if body is not None else (b"" if method in ("POST", "PUT") else None)
        req = urllib.request.Request(
            f"{self.base}{path}", method=method, data=data, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            raw = resp.read()
        return json.loads(raw) if raw else None

    def api(self, path: str, method: str = "GET", body: Any = None) -> Any:
        return self.request(f"/hub/api{path}", method, body)

    def user_api(self, user: str, path: str, method: str = "GET", body: Any = None) -> Any:
        return self.request(f"/user/{user}/api{path}", method, body)

    def kernel_url(self, user: str, kernel_id: str) -> str:
        return f"ws://127.0.0.1:{self.port}/user/{user}/api/kernels/{kernel_id}/channels"

    def session_kernel(self, user: str, path: str) -> str:
        for s in self.user_api(user, "/sessions"):
            if s["path"] == path:
                return s["kernel"]["id"]
        raise RuntimeError(f"{user} has no kernel for {path}")

    def processes(self) -> list[int]:
        """Our single-user servers and kernels: every process whose HOME is one of this hub's homes."""
        mine = []
        marker = f"HOME={self.homes}/".encode()
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                env = (entry / "environ").read_bytes()
            except OSError:
                continue
            if any(v.startswith(marker) for v in env.split(b"\0")):
                mine.append(int(entry.name))
        return mine


@contextmanager
def run_hub(workdir: Path, start_timeout: int = 120) -> Iterator[Hub]:
    """Start a JupyterHub in ``workdir`` and stop it (and every server it spawned) afterwards."""
    chp = shutil.which("configurable-http-proxy")
    if chp is None:
        raise RuntimeError(
            "configurable-http-proxy not found: install it with `npm install -g configurable-http-proxy`"
        )
    singleuser = BIN / "jupyterhub-singleuser"
    if not singleuser.exists():
        raise RuntimeError(f"{singleuser} not found: install jupyterhub (pip install -e '.[dev]')")
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "homes").mkdir(exist_ok=True)
    port, hub_port, proxy_api_port = free_port(), free_port(), free_port()
    token = secrets.token_hex(32)
    environment = {
        "PATH": f"{BIN}:{os.environ.get('PATH', '/usr/bin:/bin')}",
        "JUPYTER_PLATFORM_DIRS": "0",
        "PYTHONUNBUFFERED": "1",
        "LANG": os.environ.get("LANG", "C.UTF-8"),
    }
    if os.environ.get("PYTHONPATH"):
        environment["PYTHONPATH"] = os.environ["PYTHONPATH"]
    environment["NLTK_DATA"] = nltk_data()
    settings = {
        "port": port,
        "hub_port": hub_port,
        "proxy_api_port": proxy_api_port,
        "workdir": str(workdir),
        "homes": str(workdir / "homes"),
        "chp": chp,
        "singleuser": str(singleuser),
        "password": PASSWORD,
        "token": token,
        "environment": environment,
        "start_timeout": start_timeout,
    }
    config = workdir / "jupyterhub_config.py"
    config.write_text(CONFIG.format(settings=json.dumps(settings)), encoding="utf-8")
    log = workdir / "jupyterhub.log"
    env = {**os.environ, "CONFIGPROXY_AUTH_TOKEN": secrets.token_hex(32), "PATH": environment["PATH"]}
    with open(log, "w") as handle:
        process = subprocess.Popen(
            [str(BIN / "jupyterhub"), "-f", str(config)],
            cwd=workdir,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    hub = Hub(workdir, port, token, process, log)
    try:
        wait_until_up(process, lambda: hub.api("/"), "jupyterhub", log)
        yield hub
    finally:
        _stop(hub)


def _stop(hub: Hub) -> None:
    """Stop the hub (it stops its servers and proxy), then end any server or kernel of ours left behind."""
    if hub.process.poll() is None:
        hub.process.send_signal(signal.SIGTERM)
        try:
            hub.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            hub.process.kill()
            hub.process.wait()
    pidfile = hub.workdir / "proxy.pid"
    leftovers = hub.processes()
    if pidfile.exists():
        try:
            leftovers.append(int(pidfile.read_text().strip()))
        except ValueError:
            pass
    for pid in leftovers:
        try:
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


# --- a Jupyter kernel client over the server's websocket (what JupyterLab does) -----------------------


class KernelSocket:
    """One websocket to a student's kernel through the hub's proxy: run code, and send widget updates
    the way the Highlighter's front end does."""

    def __init__(self, url: str, token: str):
        self.url, self.token = url, token
        self.session = uuid.uuid4().hex
        self.ws: Any = None
        self.widgets: dict[str, dict[str, Any]] = {}  # comm id -> latest state

    async def __aenter__(self) -> KernelSocket:
        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect

        req = HTTPRequest(
            f"{self.url}?session_id={self.session}",
            headers={"Authorization": f"token {self.token}"},
            request_timeout=120,
            connect_timeout=120,
        )
        self.ws = await websocket_connect(req, max_message_size=64 * 1024 * 1024)
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.ws.close()

    def _message(self, msg_type: str, content: dict[str, Any], channel: str = "shell") -> dict[str, Any]:
        msg_id = uuid.uuid4().hex
        return {
            "header": {
                "msg_id": msg_id,
                "msg_type": msg_type,
                "username": "medialit-tests",
                "session": self.session,
                "date": time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime()),
                "version": "5.3",
            },
            "parent_header": {},
            "metadata": {},
            "content": content,
            "channel": channel,
            "buffers": [],
        }

    async def _read(self, timeout: float) -> dict[str, Any]:
        raw = await asyncio.wait_for(self.ws.read_message(), timeout)
        if raw is None:
            raise ConnectionError(f"the kernel's websocket closed: {self.url}")
        if isinstance(raw, bytes):  # a message with binary buffers: [n, offsets..., json, buffers...]
            n = int.from_bytes(raw[:4], "big")
            offsets = [int.from_bytes(raw[4 * (i + 1) : 4 * (i + 2)], "big") for i in range(n)]
            raw = raw[offsets[0] : offsets[1] if n > 1 else len(raw)].decode()
        msg = json.loads(raw)
        self._track(msg)
        return msg

    def _track(self, msg: dict[str, Any]) -> None:
        kind, content = msg.get("msg_type") or msg["header"]["msg_type"], msg.get("content", {})
        if kind == "comm_open":
            self.widgets[content["comm_id"]] = dict(content.get("data", {}).get("state", {}))
        elif kind == "comm_msg" and content.get("comm_id") in self.widgets:
            data = content.get("data", {})
            if data.get("method") in ("update", "echo_update"):
                self.widgets[content["comm_id"]].update(data.get("state", {}))

    async def execute(self, code: str, timeout: float = 120) -> str:
        """Run ``code`` and return what it printed; a kernel error raises with its traceback."""
        msg = self._message(
            "execute_request",
            {"code": code, "silent": False, "store_history": False, "user_expressions": {}, "allow_stdin": False},
        )
        await self.ws.write_message(json.dumps(msg))
        mine, out = msg["header"]["msg_id"], []
        deadline = time.monotonic() + timeout
        while True:
            try:
                reply = await self._read(max(0.1, deadline - time.monotonic()))
            except TimeoutError:
                first = code.strip().splitlines()[0][:60] if code.strip() else ""
                raise TimeoutError(f"the kernel did not finish running {first!r} in {timeout:.0f} s") from None
            if reply.get("parent_header", {}).get("msg_id") != mine or reply.get("channel") != "iopub":
                continue
            if (printed := printed_when_done(reply, out)) is not None:
                return printed

    def highlighter(self) -> str:
        """The comm id of the Highlighter this kernel has shown (the widget that has a Check count)."""
        found = [cid for cid, state in self.widgets.items() if "check_count" in state]
        if not found:
            raise RuntimeError("no Highlighter has been shown in this kernel")
        return found[-1]

    async def update(self, comm_id: str, state: dict[str, Any]) -> None:
        """Send a widget state change, as the front end does when a student presses a button."""
        msg = self._message("comm_msg", {"comm_id": comm_id, "data": {"method": "update", "state": state}})
        msg["content"]["data"]["buffer_paths"] = []
        await self.ws.write_message(json.dumps(msg))

    async def wait_for_state(self, comm_id: str, key: str, timeout: float = 60) -> Any:
        """Wait for the kernel to send a new value of ``key`` for the widget and return it."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                msg = await self._read(max(0.1, deadline - time.monotonic()))
            except TimeoutError:
                raise TimeoutError(f"the kernel sent no new {key!r} for the widget in {timeout:.0f} s") from None
            content = msg.get("content", {})
            if msg["header"]["msg_type"] == "comm_msg" and content.get("comm_id") == comm_id:
                data = content.get("data", {})
                if data.get("method") == "update" and key in data.get("state", {}):
                    return data["state"][key]


async def kernel_eval(hub: Hub, user: str, path: str, code: str) -> str:
    """Run ``code`` in ``user``'s kernel for notebook ``path`` and return what it prints."""
    kid = await asyncio.to_thread(hub.session_kernel, user, path)
    async with KernelSocket(hub.kernel_url(user, kid), hub.token) as ks:
        return await ks.execute(code)
