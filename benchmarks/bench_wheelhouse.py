"""The offline install: the zip's size (this machine's and Windows') and the start-up time of `mdt` installed
from it with `pip install --no-index`, against the development install. Downloads from the package index
once, so it is not in run.py's default list:

    python benchmarks/bench_wheelhouse.py
"""

from __future__ import annotations

import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import Result, print_table  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def _timed(command: list[str], env: dict[str, str], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run() -> list[Result]:
    spec = importlib.util.spec_from_file_location("build_wheelhouse", ROOT / "tools" / "build_wheelhouse.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        here = tool.build(tmp_path / "dist", this_machine=True)
        windows = tool.build(tmp_path / "dist")
        with zipfile.ZipFile(here) as archive:
            archive.extractall(tmp_path / "unzipped")
            app_wheel = next(i.file_size for i in archive.infolist() if i.filename.startswith("wheels/mdt_tui-"))
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "MDT_"))}
        env.update(
            PIP_CONFIG_FILE=os.devnull,
            MDT_VENV=str(tmp_path / "venv"),
            PYTHON=sys.executable,
            MDT_DATA_DIR=str(tmp_path / "data"),
            MDT_CONFIG=str(tmp_path / "config.json"),
        )
        subprocess.run(["sh", str(tmp_path / "unzipped" / "install.sh")], env=env, check=True, capture_output=True)
        db = str(tmp_path / "demo.db")
        installed = [str(tmp_path / "venv" / "bin" / "mdt"), "demo", "--db", db, "--no-ui"]
        subprocess.run(installed, env=env, check=True, capture_output=True)  # create it; then time opening it
        from_zip = _timed(installed, env)
        dev = _timed([sys.executable, "-m", "mdt_tui", "demo", "--db", db, "--no-ui"], env)
        sizes = [(zipped.name, zipped.stat().st_size / 1e6) for zipped in (here, windows)]
    return [
        Result("offline install: mdt demo --no-ui start-up", from_zip, dev, "s", "development install"),
        *[
            Result(f"offline zip size ({name})", size, app_wheel / 1e6, "MB", "the app's own wheel")
            for name, size in sizes
        ],
    ]


if __name__ == "__main__":
    print_table(run())
