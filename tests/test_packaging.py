"""Binder and pip ask for the same packages; package data ships with the package."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_matches_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = {_name(r) for r in project["dependencies"]} | {_name(r) for r in project["optional-dependencies"]["dev"]}
    env = (ROOT / "environment.yml").read_text(encoding="utf-8")
    listed = {_name(m.group(1)) for m in re.finditer(r"^\s*-\s+([A-Za-z0-9_.\-]+[^\s#]*)\s*$", env, re.M)}
    listed -= {"python=3.11", "pip", "conda-forge"}
    listed = {n for n in listed if not n.startswith("python")}
    assert wanted - listed == set(), f"missing from environment.yml: {sorted(wanted - listed)}"
    assert "python=3.11" in env and "conda-forge" in env
    post = (ROOT / "postBuild").read_text(encoding="utf-8")
    assert "pip install" in post and "medialit setup" in post
    assert (ROOT / "postBuild").stat().st_mode & 0o111


def test_package_data_is_declared() -> None:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"][
        "medialit"
    ]
    lib = ROOT / "lib" / "medialit"
    for pattern in data:
        assert list(lib.glob(pattern)), pattern
    for path in lib.rglob("*"):
        if path.is_file() and path.suffix in {".json", ".txt", ".js", ".css"}:
            rel = path.relative_to(lib).as_posix()
            assert any(Path(rel).match(p) for p in data), f"{rel} would not be installed"
