"""Under a real Voilà server, each visitor's Highlighter keeps work in the browser, never in the shared file.

No browser is needed: Voilà runs the notebook in a fresh kernel for each page load and sends its
outputs in the page, so the page tells what the kernel's Highlighter decided.
"""

from __future__ import annotations

import json
import re
import sys
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "browser"))
from harness import TOKEN, notebook, serve

APP = notebook(
    [
        "import medialit\n"
        "hl = medialit.Highlighter(medialit.load_article(), autosave='shared-highlights.json')\n"
        "hl.add(20, 30, 'hedge')\n"
        "print(f'STORAGE={hl.storage}; MARKS={len(hl.annotations)}; STATUS={hl.status}')",
    ]
)


def test_each_voila_visitor_keeps_work_in_their_browser(tmp_path: Path) -> None:
    someone_else = {
        "schema": "medialit.highlights/1",
        "article_sha256": __import__("medialit").load_article().sha256,
        "title": "",
        "annotations": [{"start": 0, "end": 6, "label": "hedge"}],
    }
    files = {"app.ipynb": APP, "shared-highlights.json": json.dumps(someone_else)}
    with serve("voila", tmp_path, files, notebook_name="app.ipynb") as server:
        before = (server.root / "shared-highlights.json").read_bytes()
        pages = [
            urllib.request.urlopen(f"{server.base}/?token={TOKEN}", timeout=120).read().decode("utf-8")
            for _visitor in range(2)
        ]
        after = (server.root / "shared-highlights.json").read_bytes()
    for page in pages:
        found = re.search(r"STORAGE=(\w+); MARKS=(\d+); STATUS=([^<\n]*)", page)
        assert found, page[-3000:]
        # each visitor starts empty (not with the other visitor's mark) and keeps only their own mark
        assert found.groups()[:2] == ("browser", "1")
        assert "kept in this browser" in found.group(3)
    assert after == before  # the shared file was neither read into a page nor written
