"""`./kit lab` opens JupyterLab where both the lessons and the assignments are reachable, at lesson 1.

The test starts JupyterLab with exactly the arguments the kit passes (read from the kit), in the
repository's folder, with its own HOME, and asks the server what it serves."""

from __future__ import annotations

import os
import re
import shlex
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "kit-lab-test"


def kit_lab_arguments() -> list[str]:
    """The arguments `./kit lab` gives `jupyter lab`."""
    match = re.search(r'exec "\$VENV/bin/jupyter" lab (.*?) "\$@"', (ROOT / "kit").read_text(encoding="utf-8"))
    assert match, "kit lab no longer runs jupyter lab"
    return shlex.split(match.group(1))


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _get(url: str) -> tuple[int, str, str]:
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(url, timeout=10) as response:
            return response.status, response.headers.get("Location", ""), response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Location", ""), ""


def test_kit_lab_serves_the_repository_from_lesson_one(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "HOME": str(tmp_path), "JUPYTER_CONFIG_DIR": str(tmp_path / ".jupyter")}
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    extra = ["--allow-root"] if os.geteuid() == 0 else []
    extra += ["--no-browser", f"--port={port}", f"--IdentityProvider.token={TOKEN}", "--ServerApp.ip=127.0.0.1"]
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", *kit_lab_arguments(), *extra],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                status, location, _ = _get(f"{base}/?token={TOKEN}")
                break
            except OSError:
                assert server.poll() is None, "jupyter lab stopped"
                time.sleep(0.5)
        else:
            raise AssertionError("jupyter lab did not start within a minute")
        assert status == 302 and location.startswith("/lab/tree/notebooks/01-Start-Here.ipynb"), (status, location)
        for folder in ("notebooks", "exercises/attribution", "exercises/hedges", "exercises/translation"):
            status, _, body = _get(f"{base}/api/contents/{folder}?token={TOKEN}")
            assert status == 200 and '"type": "directory"' in body, folder
    finally:
        server.terminate()
        server.wait(timeout=30)
