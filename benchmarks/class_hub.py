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
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import statistics
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))

from harness import CHROMIUM_ARGS, FIND_PHRASE, chromium_path
from hubharness import (
    CLOSE_LAUNCHERS,
    LESSON,
    LESSON_KERNEL_IDLE,
    PASSWORD,
    RUN_ALL_DONE,
    Hub,
    KernelSocket,
    local_repo,
    pull_link,
    run_hub,
)

NOTEBOOK = f"medialit/{LESSON}"
MAX_STUDENTS = 60  # bounded: this runs on one machine


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
                    raise
                self.retries.append(f"{exc.code} {path.split('?')[0]}")
                await asyncio.sleep(2)
        raise AssertionError("unreachable")

    async def start(self, t0: float, repo: str) -> None:
        """Spawn, pull, open lesson 3 and run it; record when each stage ended (seconds since t0)."""
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
        query = urllib.parse.urlencode({"repo": repo, "branch": "main", "targetpath": "medialit"})
        stream = (await self.retry(f"/user/{self.name}/git-pull/api?{query}")).decode()
        if '"phase": "finished"' not in stream and '"phase":"finished"' not in stream:
            raise RuntimeError(f"{self.name}: nbgitpuller did not finish:\n{stream[-2000:]}")
        self.stage["pulled"] = time.monotonic() - t0
        session = json.loads(
            await self.retry(
                f"/user/{self.name}/api/sessions",
                "POST",
                {"path": NOTEBOOK, "type": "notebook", "name": "", "kernel": {"name": "python3"}},
            )
        )
        from tornado.httpclient import HTTPClientError

        url = self.hub.kernel_url(self.name, session["kernel"]["id"])
        for attempt in range(5):  # as Lab does: connect again when a kernel that is still starting times out
            self.ks = KernelSocket(url, self.hub.token)
            try:
                await self.ks.__aenter__()
                await self.ks.execute("pass", timeout=600)
                break
            except (ConnectionError, OSError, HTTPClientError) as exc:
                if attempt == 4:
                    raise
                self.retries.append(f"kernel websocket: {type(exc).__name__}")
                await asyncio.sleep(2)
        lesson = json.loads((self.hub.home(self.name) / NOTEBOOK).read_text(encoding="utf-8"))
        for cell in lesson["cells"]:
            if cell["cell_type"] == "code":
                await self.ks.execute("".join(cell["source"]), timeout=900)
        self.comm = self.ks.highlighter()
        self.stage["working"] = time.monotonic() - t0

    async def mark(self, marks: list[dict]) -> None:
        """Mark one phrase at a time, as a student does (each press sends the whole list)."""
        for i in range(1, len(marks) + 1):
            await self.ks.update(self.comm, {"annotations": marks[:i]})
        await self.ks.execute("pass")  # the kernel has handled every update (and autosaved)

    async def check(self, round_no: int, go: asyncio.Event) -> None:
        await go.wait()
        t = time.perf_counter()
        await self.ks.update(self.comm, {"check_count": round_no})
        feedback = await self.ks.wait_for_state(self.comm, "feedback", timeout=600)
        self.checks.append(time.perf_counter() - t)
        if feedback.get("stale"):
            raise RuntimeError(f"{self.name}: Check answered with stale feedback")
        found = len(feedback["found"])  # core finds and bonus (extra) finds: every mark is a key item
        if found != len(self.marks):
            raise RuntimeError(f"{self.name}: Check found {found} of {len(self.marks)} marks")


# time from the Check click to the feedback table painted (two frames after it is in the page)
ARM_CHECK = """() => { window.__medialitCheck = new Promise((resolve) => {
  const box = document.querySelector('[data-medialit="feedback"]');
  box.replaceChildren();
  const button = document.querySelector('button[data-action="check"]');
  let t0 = null;
  button.addEventListener('click', () => { t0 = performance.now(); }, {capture: true, once: true});
  const obs = new MutationObserver(() => {
    if (t0 !== null && box.querySelector('table')) {
      obs.disconnect();
      requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)));
    }
  });
  obs.observe(box, {childList: true, subtree: true});
}); }"""


class BrowserStudent(Student):
    """A student in Chromium: logs in, follows the nbgitpuller link, runs the lesson in Lab, marks with the
    mouse and clicks Check; Check is timed until the feedback is painted on screen."""

    def __init__(self, hub: Hub, name: str, marks: list[dict], phrases: list[str], page: object):
        super().__init__(hub, name, marks, marks[-1])
        self.phrases, self.page = phrases, page

    async def start(self, t0: float, repo: str) -> None:
        page = self.page
        await page.goto(f"{self.hub.base}/hub/login?next={urllib.parse.quote(pull_link(repo), safe='')}")
        await page.fill("#username_input", self.name)
        await page.fill("#password_input", PASSWORD)
        await page.click("#login_submit", no_wait_after=True)
        await page.wait_for_url(f"**/user/{self.name}/lab/**", timeout=1_500_000)
        self.stage["spawned"] = self.stage["pulled"] = time.monotonic() - t0
        await page.wait_for_function("window.jupyterapp && window.jupyterapp.started !== undefined", timeout=900_000)
        await page.evaluate("async () => { await window.jupyterapp.started; await window.jupyterapp.restored; }")
        await page.evaluate(CLOSE_LAUNCHERS)
        await page.wait_for_function(LESSON_KERNEL_IDLE, arg=Path(LESSON).name, timeout=900_000)
        await page.evaluate("async () => { await window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
        await page.wait_for_selector('[data-medialit="text"]', timeout=900_000)
        await page.wait_for_function(RUN_ALL_DONE, timeout=900_000)
        self.stage["working"] = time.monotonic() - t0

    async def mark(self, marks: list[dict]) -> None:
        """Drag over each phrase and press the label; in later rounds take the last mark off (click it,
        Delete) and put it back, so that Check has changed work to look at."""
        if self.checks:
            box = await self.settled_box(self.phrases[-1])
            await self.page.mouse.click((box["x1"] + box["x2"]) / 2, (box["y1"] + box["y2"]) / 2)
            await self.page.keyboard.press("Delete")
            await self.wait_marks(len(self.phrases) - 1)
            await self.drag_and_label(self.phrases[-1])
        else:
            for phrase in self.phrases:
                await self.drag_and_label(phrase)
        await self.wait_marks(len(self.phrases))

    async def drag_and_label(self, phrase: str) -> None:
        for _ in range(5):  # drag again if Lab moved the page under the mouse
            box = await self.settled_box(phrase)
            await self.page.mouse.move(box["x1"], box["y1"])
            await self.page.mouse.down()
            await self.page.mouse.move(box["x2"], box["y2"], steps=6)
            await self.page.mouse.up()
            if (await self.page.evaluate("() => window.getSelection().toString()")).strip() == phrase:
                break
        else:
            raise RuntimeError(f"{self.name}: could not select {phrase!r}")
        await self.page.click('button[data-label="attribution-gap"]')

    async def settled_box(self, phrase: str) -> dict:
        """The phrase's place on screen once it has stopped moving (Lab lays out and scrolls lazily)."""
        box = await self.page.evaluate(FIND_PHRASE, phrase)
        for _ in range(20):
            await asyncio.sleep(0.2)
            again = await self.page.evaluate(FIND_PHRASE, phrase)
            if again == box:
                return box
            box = again
        return box

    async def wait_marks(self, n: int) -> None:
        await self.page.wait_for_function(
            "(n) => new Set(Array.from(document.querySelectorAll('mark[data-label]'))"
            ".map(m => m.dataset.index)).size === n",
            arg=n,
            timeout=600_000,
        )

    async def check(self, round_no: int, go: asyncio.Event) -> None:
        await self.page.evaluate(ARM_CHECK)
        await go.wait()
        await self.page.click('button[data-action="check"]')
        painted = await asyncio.wait_for(self.page.evaluate("() => window.__medialitCheck"), 600)
        self.checks.append(float(painted) / 1000)


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
    if in_browser:
        from playwright.async_api import async_playwright

        playwright = await async_playwright().start()
        browser = await playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
    students: list[Student] = []
    for i, name in enumerate(names):
        if i >= n - in_browser:
            chosen = [unique[(5 * i + j) % len(unique)] for j in range(5)]
            marks = sorted(
                ({"start": k.start, "end": k.end, "label": "attribution-gap"} for k in chosen), key=lambda m: m["start"]
            )
            context = await browser.new_context(viewport={"width": 1400, "height": 1000})
            page = await context.new_page()
            page.set_default_timeout(600_000)  # the hub answers slowly while it starts thirty servers
            students.append(BrowserStudent(hub, name, marks, [k.text_of(text) for k in chosen], page))
            continue
        chosen = [gaps[(5 * i + j) % len(gaps)] for j in range(6)]
        marks = [{"start": k.start, "end": k.end, "label": "attribution-gap"} for k in chosen]
        students.append(Student(hub, name, sorted(marks[:5], key=lambda m: m["start"]), marks[5]))
    await asyncio.to_thread(hub.api, "/users", "POST", {"usernames": names})

    load_before = os.getloadavg()
    t0 = time.monotonic()
    await asyncio.gather(*(s.start(t0, repo) for s in students))
    t_working = time.monotonic() - t0
    load_start = os.getloadavg()

    await asyncio.gather(*(s.mark(s.marks) for s in students))
    for r in range(1, rounds + 1):
        if r > 1:  # each student moves one mark (to another key gap) before pressing Check again
            for s in students:
                if r == 2 and not isinstance(s, BrowserStudent):
                    s.marks = sorted([*s.marks[1:], s.spare], key=lambda m: m["start"])
            await asyncio.gather(*(s.mark(s.marks) for s in students))
        await asyncio.sleep(1)
        go = asyncio.Event()
        tasks = [asyncio.create_task(s.check(100 + r, go)) for s in students]
        await asyncio.sleep(0.2)
        go.set()
        await asyncio.gather(*tasks)
    load_after = os.getloadavg()

    # one Check alone, in a quiet kernel with five marks: the work a Check costs (no network, nobody else)
    probe = students[0]
    compute = float(
        await probe.ks.execute(
            "import time as _t\n_c = hl.check_count\n_s = _t.perf_counter()\nfor _i in range(5):\n"
            "    hl.check_count += 1\nprint((_t.perf_counter() - _s) / 5)\nhl.check_count = _c"
        )
    )

    # every student's own autosave holds exactly their own marks
    wrong = []
    for s in students:
        saved = medialit.load_highlights(hub.home(s.name) / "medialit/notebooks/03-highlights.json", article)
        if sorted((a.start, a.end) for a in saved) != sorted((m["start"], m["end"]) for m in s.marks):
            wrong.append(s.name)

    mem = []
    for name, pids in processes_by_student(hub).items():
        rss = sum(memory_kb(p)[0] for p in pids)
        pss = sum(memory_kb(p)[1] for p in pids)
        mem.append((name, len(pids), rss / 1024, pss / 1024))
    hub_rss = memory_kb(hub.process.pid)[0] / 1024

    def stat(key: str) -> str:
        values = [s.stage[key] for s in students]
        return f"median {statistics.median(values):.1f} s, last {max(values):.1f} s"

    headless = [s for s in students if not isinstance(s, BrowserStudent)]
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
    for s in headless:
        await s.ks.__aexit__()
    if browser is not None:
        await browser.close()
        await playwright.stop()


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
                asyncio.run(
                    asyncio.wait_for(run_class(hub, repo, args.students, args.rounds, args.browser), timeout=1800)
                )
            except Exception as exc:
                sys.exit(f"class_hub: {type(exc).__name__}: {exc}\n(hub log: {hub.log})")


if __name__ == "__main__":
    main()
