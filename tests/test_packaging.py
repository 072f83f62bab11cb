"""The built wheel carries the mapped sub-packages, the stylesheet and the data files."""

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_contains_subpackages_and_styles(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        cwd=tmp_path,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("mdt_tui-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "mdt_tui/__init__.py",
        "mdt_tui/pathway.py",
        "mdt_tui/store/store.py",
        "mdt_tui/store/migrations.py",
        "mdt_tui/screens/app.py",
        "mdt_tui/screens/app.tcss",
        "mdt_tui/py.typed",  # PEP 561: the package is typed (issue 18)
    ):
        assert required in names, required
    assert not any(n.startswith(("screens/", "store/", "tests/")) for n in names)
