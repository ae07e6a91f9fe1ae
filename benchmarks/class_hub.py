"""A class of students on one real JupyterHub on this machine, all at once.

    python benchmarks/class_hub.py [--students 30] [--browser 2] [--rounds 3] [--keep DIR]

Starts the hub of tests/browser/hubharness.py (JupyterHub, configurable-http-proxy, one home per student,
JupyterLab single-user servers) on loopback. Then every student, at the same time, gets a running server,
pulls the kit with nbgitpuller into their home, runs lesson 3, marks five gaps one at a time and presses
Check. Round 1 has every student press Check at the same instant; in later rounds each student moves one
mark and everybody presses Check again at the same instant.

``--browser`` students (default 2) do it all in Chromium as in tests/browser/test_hub.py: log in, follow
the README's nbgitpuller link, Run All in Lab, drag over phrases, click the label and Check. Their Check
is timed from the click to the feedback painted on screen.

The other students are driven WITHOUT a browser, so that thirty fit on one machine: the hub's REST API
starts their server (as its spawn page does), nbgitpuller's ``git-pull/api`` stream pulls the kit (what
the link's page reads), the REST sessions API opens lesson 3 and its code cells run over the kernel
websocket (the protocol JupyterLab speaks). Marks and Check are the widget's own state updates over that
websocket (``annotations``, then ``check_count``), exactly the messages the Highlighter's front end
sends; Check is timed from sending ``check_count`` to receiving the kernel's ``feedback`` update.

Prints: time until all students are working (servers spawned, kit pulled, lesson run, Highlighter
shown), median and 95th-percentile Check-to-feedback, the work one Check costs in a kernel, and
memory per student (single-user server + kernel: RSS and PSS, which counts shared pages once).

Every wait is bounded. Starting (login to lesson run) may take ``max(300, 30 * students)`` seconds per
student; each later step (one mark, one Check) 180 s. A wait that does not come true stops the run with
a message naming the student and the step, what every other unfinished student was doing, and what each
Chromium student's page shows (tab, kernel, dialogs, marks, feedback). Progress goes to stderr.

A student's kernel that dies while it starts (two kernels on one machine picked the same TCP port:
jupyter/jupyter_client#276) is replaced as a student would replace it: the websocket student opens
lesson 3 again, the Chromium student reloads the page. Each replacement is printed
(``kernels_replaced_after_dying_at_start``).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import statistics
import sys
import tempfile
import time
import urllib.parse
from collections.abc import AsyncIterator, Awaitable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))

from harness import CHROMIUM_ARGS, FIND_PHRASE, chromium_path
from hubharness import (
    CLOSE_LAUNCHERS,
    LESSON,
    PAGE_STATE,
    PASSWORD,
    RUN_ALL_OUTCOME,
    Hub,
    KernelSocket,
    local_repo,
    pull_link,
    run_hub,
)

NOTEBOOK = f"medialit/{LESSON}"
MAX_STUDENTS = 60  # bounded: this runs on one machine
STEP_S = 180  # one mark or one Check, or one wait in a page that already runs the lesson


def start_limit(n: int) -> float:
    """Seconds one student may take from login to the lesson run: thirty servers starting at once on two
    cores took under three minutes; 30 s a student leaves room for a machine that is busy with more."""
    return max(300.0, 30.0 * n)


class Stuck(RuntimeError):
    """Something a student waited for did not happen in time."""


def timeouts() -> tuple[type[BaseException], ...]:
    try:
        from playwright.async_api import TimeoutError as PlaywrightTimeout
    except ImportError:
        return (TimeoutError,)
    return (TimeoutError, PlaywrightTimeout)


def progress(t0: float, text: str) -> None:
    print(f"class_hub {time.monotonic() - t0:6.1f} s: {text}", file=sys.stderr, flush=True)


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


class Student:
    def __init__(self, hub: Hub, name: str, marks: list[dict], spare: dict):
        self.hub, self.name, self.marks, self.spare = hub, name, marks, spare
        self.stage: dict[str, float] = {}
        self.checks: list[float] = []
        self.retries: list[str] = []
        self.ks: KernelSocket | None = None
        self.comm = ""
        self.doing = "not started"  # the step under way, for the message when a wait does not come true
        self.replaced: list[str] = []  # kernels that died while starting and were replaced
        self.start_s = start_limit(1)

    @property
    def who(self) -> str:
        return self.name

    @contextlib.asynccontextmanager
    async def limit(self, seconds: float, what: str) -> AsyncIterator[None]:
        """Bound ``what`` to ``seconds``; when it is not done by then, raise :class:`Stuck` naming the step."""
        try:
            async with asyncio.timeout(seconds):
                yield
        except timeouts() as exc:
            detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
            raise Stuck(
                f"{self.who}: {what}: not done in {seconds:.0f} s, still {self.doing}"
                + (f" ({detail})" if detail else "")
            ) from None
        self.doing = ""

    async def fetch(self, path: str, method: str = "GET", body: object = None, timeout: float = 600) -> bytes:
        from tornado.httpclient import AsyncHTTPClient

        resp = await AsyncHTTPClient().fetch(
            f"{self.hub.base}{path}",
            method=method,
            body=json.dumps(body) if body is not None else (b"" if method == "POST" else None),
            headers={"Authorization": f"token {self.hub.token}"},
            request_timeout=timeout,
        )
        return resp.body

    async def retry(self, path: str, method: str = "GET", body: object = None) -> bytes:
        """``fetch``, again after a pause when the hub or proxy answers "not there (yet)": counted in ``retries``."""
        from tornado.httpclient import HTTPClientError

        for attempt in range(60):
            try:
                return await self.fetch(path, method, body)
            except HTTPClientError as exc:
                if exc.code not in (404, 424, 502, 503) or attempt == 59:
                    raise RuntimeError(f"{self.who}: {method} {path.split('?')[0]} answered {exc}") from exc
                self.retries.append(f"{exc.code} {path.split('?')[0]}")
                await asyncio.sleep(2)
        raise AssertionError("unreachable")

    async def start(self, t0: float, repo: str) -> None:
        async with self.limit(self.start_s, "from spawn to lesson run"):
            await self._start(t0, repo)

    async def _start(self, t0: float, repo: str) -> None:
        """Spawn, pull, open lesson 3 and run it; record when each stage ended (seconds since t0)."""
        self.doing = "waiting for the hub to start the server"
        await self.fetch(f"/hub/api/users/{self.name}/server", "POST")
        while True:
            user = json.loads(await self.fetch(f"/hub/api/users/{self.name}"))
            server = user.get("servers", {}).get("")
            if server is None:
                raise RuntimeError(f"{self.name}: the hub gave up spawning (see {self.hub.log})")
            if server.get("ready"):
                break
            await asyncio.sleep(1)
        self.stage["spawned"] = time.monotonic() - t0
        self.doing = "pulling the kit with nbgitpuller"
        query = urllib.parse.urlencode({"repo": repo, "branch": "main", "targetpath": "medialit"})
        stream = (await self.retry(f"/user/{self.name}/git-pull/api?{query}")).decode()
        if '"phase": "finished"' not in stream and '"phase":"finished"' not in stream:
            raise RuntimeError(f"{self.name}: nbgitpuller did not finish:\n{stream[-2000:]}")
        self.stage["pulled"] = time.monotonic() - t0
        # A kernel can die while it starts: every student's kernel picks its TCP ports on this one machine,
        # and when two pick the same port the later one fails "Address already in use", restarts five times
        # on that same port and is removed (jupyter/jupyter_client#276). Opening the notebook again, as a
        # student reopens it in Lab, starts a new kernel on new ports (printed as kernels_replaced_...).
        for _ in range(3):
            self.doing = "opening lesson 3 and connecting to its kernel"
            session = json.loads(
                await self.retry(
                    f"/user/{self.name}/api/sessions",
                    "POST",
                    {"path": NOTEBOOK, "type": "notebook", "name": "", "kernel": {"name": "python3"}},
                )
            )
            if await self.connect(self.hub.kernel_url(self.name, session["kernel"]["id"])):
                break
            self.replaced.append(session["kernel"]["id"])
        else:
            raise RuntimeError(f"{self.who}: lesson 3's kernel died while starting, three times ({self.hub.log})")
        lesson = json.loads((self.hub.home(self.name) / NOTEBOOK).read_text(encoding="utf-8"))
        code = [c for c in lesson["cells"] if c["cell_type"] == "code"]
        for n, cell in enumerate(code, 1):
            self.doing = f"running lesson 3's code cell {n} of {len(code)}"
            await self.ks.execute("".join(cell["source"]), timeout=self.start_s)
        self.comm = self.ks.highlighter()
        self.stage["working"] = time.monotonic() - t0

    async def connect(self, url: str) -> bool:
        """Connect to the kernel and see it answer; False when the kernel is gone (it died while starting).
        As Lab does, connect again when a kernel that is still starting does not answer."""
        from tornado.httpclient import HTTPClientError

        for attempt in range(5):
            self.ks = KernelSocket(url, self.hub.token)
            try:
                await self.ks.__aenter__()
                await self.ks.execute("pass", timeout=STEP_S)
                return True
            except (ConnectionError, OSError, HTTPClientError, TimeoutError) as exc:
                if self.ks.ws is not None:
                    self.ks.ws.close()
                if isinstance(exc, HTTPClientError) and exc.code == 404:  # "Kernel does not exist"
                    return False
                if attempt == 4:
                    raise RuntimeError(f"{self.who}: the kernel's websocket {url} failed 5 times, last: {exc}") from exc
                self.retries.append(f"kernel websocket: {exc}")
                await asyncio.sleep(2)
        raise AssertionError("unreachable")

    async def mark(self, marks: list[dict]) -> None:
        """Mark one phrase at a time, as a student does (each press sends the whole list)."""
        async with self.limit(STEP_S, "marking"):
            self.doing = "sending marks and waiting for the kernel to handle them"
            for i in range(1, len(marks) + 1):
                await self.ks.update(self.comm, {"annotations": marks[:i]})
            await self.ks.execute("pass", timeout=STEP_S)  # the kernel has handled every update (and autosaved)

    async def check(self, round_no: int, go: asyncio.Event) -> None:
        await go.wait()
        async with self.limit(STEP_S, f"Check (round {round_no - 100})"):
            self.doing = "waiting for the kernel's feedback"
            t = time.perf_counter()
            await self.ks.update(self.comm, {"check_count": round_no})
            feedback = await self.ks.wait_for_state(self.comm, "feedback", timeout=STEP_S)
            self.checks.append(time.perf_counter() - t)
        if feedback.get("stale"):
            raise RuntimeError(f"{self.name}: Check answered with stale feedback")
        found = len(feedback["found"])  # core finds and bonus (extra) finds: every mark is a key item
        if found != len(self.marks):
            raise RuntimeError(f"{self.name}: Check found {found} of {len(self.marks)} marks")


# time from the Check click to this Check's feedback painted (two frames after it is in the page). The box
# is emptied first, so only a redraw after the click counts; feedback still marked stale (from the marks
# sent before the click) is not this Check's answer; an error paragraph is, and is returned as such.
ARM_CHECK = """() => { window.__medialitCheck = new Promise((resolve) => {
  const box = document.querySelector('[data-medialit="feedback"]');
  box.replaceChildren();
  const button = document.querySelector('button[data-action="check"]');
  let t0 = null;
  button.addEventListener('click', () => { t0 = performance.now(); }, {capture: true, once: true});
  const obs = new MutationObserver(() => {
    if (t0 === null || !box.querySelector('h4') || box.querySelector('.medialit-stale')) return;
    obs.disconnect();
    const table = box.querySelector('table');
    const result = {found: box.querySelectorAll('li[data-kind="found"]').length,
                    error: table ? null : box.innerText.slice(0, 300)};
    requestAnimationFrame(() => requestAnimationFrame(() => resolve({ms: performance.now() - t0, ...result})));
  });
  obs.observe(box, {childList: true, subtree: true});
}); }"""
# lesson 3's kernel once it is idle, or dead (it died while starting: see Student._start); null until then
LESSON_KERNEL = """(name) => { const w = window.jupyterapp.shell.currentWidget;
  if (!(w && w.context && w.context.path.endsWith(name) && w.sessionContext)) return null;
  const k = w.sessionContext.session && w.sessionContext.session.kernel;
  return k && (k.status === 'idle' || k.status === 'dead') ? k.status : null; }"""
MARK_SELECTED = """() => !!document.querySelector('[data-medialit="text"] mark.medialit-selected')"""
MARKS_SHOWN = """(n) => new Set(Array.from(document.querySelectorAll('mark[data-label]'))
  .map(m => m.dataset.index)).size === n"""


class BrowserStudent(Student):
    """A student in Chromium: logs in, follows the nbgitpuller link, runs the lesson in Lab, marks with the
    mouse and clicks Check; Check is timed until the feedback is painted on screen."""

    def __init__(self, hub: Hub, name: str, marks: list[dict], phrases: list[str], page: object):
        super().__init__(hub, name, marks, marks[-1])
        self.phrases, self.page = phrases, page

    @property
    def who(self) -> str:
        return f"{self.name} (Chromium)"

    async def start(self, t0: float, repo: str) -> None:
        async with self.limit(self.start_s, "from login to lesson run"):
            await self._start(t0, repo)

    async def _start(self, t0: float, repo: str) -> None:
        page, ms = self.page, self.start_s * 1000
        self.doing = "logging in"
        await page.goto(f"{self.hub.base}/hub/login?next={urllib.parse.quote(pull_link(repo), safe='')}")
        await page.fill("#username_input", self.name)
        await page.fill("#password_input", PASSWORD)
        await page.click("#login_submit", no_wait_after=True)
        self.doing = "waiting for the server to start and nbgitpuller to open lesson 3 in Lab"
        await page.wait_for_url(f"**/user/{self.name}/lab/**", timeout=ms)
        self.stage["spawned"] = self.stage["pulled"] = time.monotonic() - t0
        for _ in range(3):
            self.doing = "waiting for JupyterLab to start"
            await page.wait_for_function("window.jupyterapp && window.jupyterapp.started !== undefined", timeout=ms)
            await page.evaluate("async () => { await window.jupyterapp.started; await window.jupyterapp.restored; }")
            await page.evaluate(CLOSE_LAUNCHERS)
            self.doing = "waiting for lesson 3 to be the open tab with an idle kernel"
            status = await (await page.wait_for_function(LESSON_KERNEL, arg=Path(LESSON).name, timeout=ms)).json_value()
            if status == "idle":
                break
            # the kernel died while starting (see Student._start): reload, as a student would; Lab opens
            # the lesson again and starts a new kernel
            self.replaced.append(page.url)
            await page.reload()
        else:
            raise RuntimeError(f"{self.who}: lesson 3's kernel died while starting, three times ({self.hub.log})")
        self.doing = "running all cells"
        await page.evaluate("async () => { await window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
        outcome = await (await page.wait_for_function(RUN_ALL_OUTCOME, timeout=ms)).json_value()
        if outcome != "done":
            raise RuntimeError(f"{self.who}: Run All stopped at an error in lesson 3, {outcome}")
        self.doing = "waiting for the Highlighter to show"
        await page.wait_for_selector('[data-medialit="text"]', timeout=ms)
        self.stage["working"] = time.monotonic() - t0

    async def mark(self, marks: list[dict]) -> None:
        """Drag over each phrase and press the label; in later rounds take the last mark off (click it,
        Delete) and put it back, so that Check has changed work to look at."""
        async with self.limit(STEP_S, "marking"):
            if self.checks:
                await self.remove(self.phrases[-1])
                await self.drag_and_label(self.phrases[-1])
            else:
                for phrase in self.phrases:
                    await self.drag_and_label(phrase)
            self.doing = f"waiting for {len(self.phrases)} marks on screen"
            await self.page.wait_for_function(MARKS_SHOWN, arg=len(self.phrases), timeout=STEP_S * 1000)

    async def remove(self, phrase: str) -> None:
        """Click the mark on ``phrase`` (which selects it) and press Delete."""
        for _ in range(3):  # click again if a redraw came between the click and the selection
            self.doing = f"selecting the mark on {phrase!r}"
            box = await self.settled_box(phrase)
            await self.page.mouse.click((box["x1"] + box["x2"]) / 2, (box["y1"] + box["y2"]) / 2)
            if await self.page.evaluate(MARK_SELECTED):
                break
            await asyncio.sleep(0.5)
        else:
            raise RuntimeError(f"{self.who}: clicking the mark on {phrase!r} did not select it")
        self.doing = f"waiting for Delete to take the mark off {phrase!r}"
        await self.page.keyboard.press("Delete")
        await self.page.wait_for_function(MARKS_SHOWN, arg=len(self.phrases) - 1, timeout=STEP_S * 1000)

    async def drag_and_label(self, phrase: str) -> None:
        self.doing = f"selecting {phrase!r} with the mouse"
        for _ in range(5):  # drag again if Lab moved the page under the mouse
            box = await self.settled_box(phrase)
            await self.page.mouse.move(box["x1"], box["y1"])
            await self.page.mouse.down()
            await self.page.mouse.move(box["x2"], box["y2"], steps=6)
            await self.page.mouse.up()
            if (await self.page.evaluate("() => window.getSelection().toString()")).strip() == phrase:
                break
        else:
            raise RuntimeError(f"{self.who}: could not select {phrase!r}")
        self.doing = f"pressing the label for {phrase!r}"
        await self.page.click('button[data-label="attribution-gap"]')

    async def settled_box(self, phrase: str) -> dict:
        """The phrase's place on screen once it has stopped moving (Lab lays out and scrolls lazily)."""
        box = await self.page.evaluate(FIND_PHRASE, phrase)
        for _ in range(20):
            await asyncio.sleep(0.2)
            again = await self.page.evaluate(FIND_PHRASE, phrase)
            if again == box:
                break
            box = again
        if box is None:
            raise RuntimeError(f"{self.who}: {phrase!r} is not in the Highlighter's text on screen")
        return box

    async def check(self, round_no: int, go: asyncio.Event) -> None:
        await self.page.evaluate(ARM_CHECK)
        await go.wait()
        async with self.limit(STEP_S, f"Check (round {round_no - 100})"):
            self.doing = "clicking Check"
            await self.page.click('button[data-action="check"]')
            self.doing = "waiting for this Check's feedback on screen"
            shown = await self.page.evaluate("() => window.__medialitCheck")
        if shown["error"] is not None:
            raise RuntimeError(f"{self.who}: Check showed no results table but: {shown['error']!r}")
        if shown["found"] != len(self.phrases):
            raise RuntimeError(f"{self.who}: Check found {shown['found']} of {len(self.phrases)} marks")
        self.checks.append(float(shown["ms"]) / 1000)

    async def page_state(self) -> str:
        try:
            return json.dumps(await asyncio.wait_for(self.page.evaluate(PAGE_STATE), 15))
        except Exception as exc:  # a page that cannot answer says so
            return f"(the page did not answer: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''})"


def processes_by_student(hub: Hub) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for pid in hub.processes():
        try:
            env = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
        except OSError:
            continue
        for v in env:
            if v.startswith(b"HOME="):
                found.setdefault(Path(v[5:].decode()).name, []).append(pid)
    return found


def memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in kB."""
    rss = pss = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1])
            elif line.startswith("Pss:"):
                pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


async def together(steps: list[Awaitable[None]]) -> None:
    """Every student's step at once. The first failure cancels the others (each keeps in ``doing`` where it
    was) and is raised."""
    tasks = [asyncio.ensure_future(s) for s in steps]
    try:
        _, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    except BaseException:
        for t in tasks:
            t.cancel()
        raise
    failed = [t.exception() for t in tasks if t.done() and not t.cancelled() and t.exception() is not None]
    if failed:
        for t in pending:
            t.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        raise failed[0]


async def where_everyone_was(students: list[Student]) -> str:
    """For the failure message: each unfinished student's step, and what each Chromium page shows."""
    lines = [f"  {s.who}: {s.doing}" for s in students if s.doing]
    lines += [f"  {s.who} retried: {'; '.join(s.retries)}" for s in students if s.retries]
    for s in students:
        if isinstance(s, BrowserStudent):
            lines.append(f"  {s.who}'s page: {await s.page_state()}")
    return "\n".join(lines)


async def run_class(hub: Hub, repo: str, n: int, rounds: int, in_browser: int) -> None:
    import medialit
    from tornado.httpclient import AsyncHTTPClient

    AsyncHTTPClient.configure(None, max_clients=4 * n + 10)
    article = medialit.load_article()
    gaps = list(medialit.answer_key(article).by_label("attribution-gap"))
    names = [f"student{i:02d}" for i in range(1, n + 1)]
    text = article.text
    # short, once-only phrases for the mouse (a drag finds the first occurrence and snaps to whole words)
    unique = [k for k in gaps if text.count(k.text_of(text)) == 1 and len(k.text_of(text)) <= 30]
    browser = playwright = None
    students: list[Student] = []
    total_s = start_limit(n) + STEP_S * (2 + 2 * rounds) + 120
    try:
        if in_browser:
            from playwright.async_api import async_playwright

            playwright = await async_playwright().start()
            browser = await playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for i, name in enumerate(names):
            if i >= n - in_browser:
                chosen = [unique[(5 * i + j) % len(unique)] for j in range(5)]
                marks = sorted(
                    ({"start": k.start, "end": k.end, "label": "attribution-gap"} for k in chosen),
                    key=lambda m: m["start"],
                )
                context = await browser.new_context(viewport={"width": 1400, "height": 1000})
                page = await context.new_page()
                page.set_default_timeout(STEP_S * 1000)
                students.append(BrowserStudent(hub, name, marks, [k.text_of(text) for k in chosen], page))
                continue
            chosen = [gaps[(5 * i + j) % len(gaps)] for j in range(6)]
            marks = [{"start": k.start, "end": k.end, "label": "attribution-gap"} for k in chosen]
            students.append(Student(hub, name, sorted(marks[:5], key=lambda m: m["start"]), marks[5]))
        for s in students:
            s.start_s = start_limit(n)
        await asyncio.to_thread(hub.api, "/users", "POST", {"usernames": names})
        try:
            deadline = asyncio.timeout(total_s)
            try:
                async with deadline:
                    figures = await work(hub, repo, students, rounds)
            except TimeoutError:
                if deadline.expired():
                    raise Stuck(f"the class did not finish in {total_s:.0f} s") from None
                raise
        except Exception:
            print(f"class_hub: where each student was:\n{await where_everyone_was(students)}", file=sys.stderr)
            raise
    finally:
        for s in students:
            if s.ks is not None and s.ks.ws is not None:
                s.ks.ws.close()
        if browser is not None:
            await browser.close()
        if playwright is not None:
            await playwright.stop()
    report(hub, article, students, rounds, figures)


async def work(hub: Hub, repo: str, students: list[Student], rounds: int) -> dict[str, object]:
    """Start the class, mark, and press Check ``rounds`` times; return what ``report`` prints."""
    n = len(students)
    load_before = os.getloadavg()
    t0 = time.monotonic()
    working: list[Student] = []

    async def start(s: Student) -> None:
        await s.start(t0, repo)
        working.append(s)
        progress(t0, f"{s.who} is working ({len(working)}/{n})")

    progress(t0, f"{n} students log in (each may take {start_limit(n):.0f} s to be working)")
    await together([start(s) for s in students])
    t_working = time.monotonic() - t0
    load_start = os.getloadavg()

    await together([s.mark(s.marks) for s in students])
    for r in range(1, rounds + 1):
        if r > 1:  # each student moves one mark (to another key gap) before pressing Check again
            for s in students:
                if r == 2 and not isinstance(s, BrowserStudent):
                    s.marks = sorted([*s.marks[1:], s.spare], key=lambda m: m["start"])
            await together([s.mark(s.marks) for s in students])
        await asyncio.sleep(1)
        go = asyncio.Event()
        tasks = [asyncio.create_task(s.check(100 + r, go)) for s in students]
        await asyncio.sleep(0.2)
        go.set()
        await together(tasks)
        progress(t0, f"round {r} of {rounds}: {n} Checks answered")
    load_after = os.getloadavg()

    # one Check alone, in a quiet kernel with five marks: the work a Check costs (no network, nobody else)
    probe = students[0]
    async with probe.limit(STEP_S, "timing one Check alone"):
        probe.doing = "running five Checks in its kernel"
        compute = float(
            await probe.ks.execute(
                "import time as _t\n_c = hl.check_count\n_s = _t.perf_counter()\nfor _i in range(5):\n"
                "    hl.check_count += 1\nprint((_t.perf_counter() - _s) / 5)\nhl.check_count = _c",
                timeout=STEP_S,
            )
        )
    # memory while every student is still connected
    mem = []
    for name, pids in processes_by_student(hub).items():
        rss = sum(memory_kb(p)[0] for p in pids)
        pss = sum(memory_kb(p)[1] for p in pids)
        mem.append((name, len(pids), rss / 1024, pss / 1024))
    return {
        "load": (load_before, load_start, load_after),
        "t_working": t_working,
        "compute": compute,
        "mem": mem,
        "hub_rss": memory_kb(hub.process.pid)[0] / 1024,
    }


def report(hub: Hub, article: object, students: list[Student], rounds: int, figures: dict) -> None:
    import medialit

    n = len(students)
    load_before, load_start, load_after = figures["load"]
    t_working, compute = figures["t_working"], figures["compute"]
    # every student's own autosave holds exactly their own marks
    wrong = []
    for s in students:
        saved = medialit.load_highlights(hub.home(s.name) / "medialit/notebooks/03-highlights.json", article)
        if sorted((a.start, a.end) for a in saved) != sorted((m["start"], m["end"]) for m in s.marks):
            wrong.append(s.name)
    mem, hub_rss = figures["mem"], figures["hub_rss"]

    def stat(key: str) -> str:
        values = [s.stage[key] for s in students]
        return f"median {statistics.median(values):.1f} s, last {max(values):.1f} s"

    headless = [s for s in students if not isinstance(s, BrowserStudent)]
    in_browser = n - len(headless)
    on_screen = [c * 1000 for s in students if isinstance(s, BrowserStudent) for c in s.checks]
    checks = [c * 1000 for s in headless for c in s.checks]
    first = [s.checks[0] * 1000 for s in headless]
    print(
        f"students={n} in_browser={in_browser} over_websocket={len(headless)} cores={os.cpu_count()} "
        f"rounds_of_check={rounds}"
    )
    print(f"load_average_before={load_before[0]:.1f} at_working={load_start[0]:.1f} after={load_after[0]:.1f}")
    print(f"all_working_s={t_working:.1f}")
    print(f"  spawned: {stat('spawned')}; pulled: {stat('pulled')}; lesson run, Highlighter shown: {stat('working')}")
    print(f"check_compute_ms_one_kernel_alone={compute * 1000:.1f}")
    print(
        f"check_ms (trait sent -> feedback received, websocket students): median={statistics.median(checks):.0f} "
        f"p95={percentile(checks, 95):.0f} max={max(checks):.0f} samples={len(checks)}"
    )
    print(f"  first round, all at once: median={statistics.median(first):.0f} p95={percentile(first, 95):.0f}")
    if on_screen:
        print(
            f"check_ms_on_screen (click -> feedback painted, Chromium students): "
            f"median={statistics.median(on_screen):.0f} p95={percentile(on_screen, 95):.0f} "
            f"max={max(on_screen):.0f} samples={len(on_screen)}"
        )
    replaced = [s.who for s in students if s.replaced]
    print(f"kernels_replaced_after_dying_at_start={sum(len(s.replaced) for s in students)} {' '.join(replaced)}")
    retries = [r for s in students for r in s.retries]
    print(f"requests_retried={len(retries)} {sorted(set(retries))[:5]}")
    print(f"autosave_files_with_exactly_own_marks={n - len(wrong)}/{n} {' '.join(wrong)}")
    if mem:
        rss = [m[2] for m in mem]
        pss = [m[3] for m in mem]
        print(
            f"memory_per_student_MB (server+kernel, {statistics.median([m[1] for m in mem]):.0f} processes): "
            f"RSS median {statistics.median(rss):.0f} max {max(rss):.0f}; "
            f"PSS median {statistics.median(pss):.0f} max {max(pss):.0f}; class total PSS {sum(pss):.0f}"
        )
    print(f"hub_process_RSS_MB={hub_rss:.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=3, help="rounds of Check, everybody at once")
    parser.add_argument("--browser", type=int, default=2, help="how many of the students use Chromium")
    parser.add_argument("--keep", metavar="DIR", help="work in DIR and keep it (hub log, homes) afterwards")
    args = parser.parse_args()
    # stopped from outside: still stop the hub and every server it started
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("class_hub: stopped (SIGTERM)"))
    if not 1 <= args.students <= MAX_STUDENTS:
        parser.error(f"--students must be between 1 and {MAX_STUDENTS}")
    if not 0 <= args.browser < args.students:
        parser.error("--browser must be at least 0 and fewer than --students")
    with tempfile.TemporaryDirectory(prefix="medialit-class-") as tmp:
        workdir = Path(args.keep) if args.keep else Path(tmp)
        repo = local_repo(workdir)
        with run_hub(workdir / "hub", start_timeout=900) as hub:
            try:
                asyncio.run(run_class(hub, repo, args.students, args.rounds, args.browser))
            except Exception as exc:
                sys.exit(f"class_hub: {type(exc).__name__}: {exc}\n(hub log: {hub.log})")


if __name__ == "__main__":
    main()
