"""The offline install (issue 17): tools/build_wheelhouse.py builds this machine's zip (downloading from the
package index once), which installs into a fresh virtual environment with `pip install --no-index` from the
zip alone and starts `mdt demo --no-ui`. Slow (about 15 s): deselect with -m "not slow"; CI runs it."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _tool():
    spec = importlib.util.spec_from_file_location("build_wheelhouse", ROOT / "tools" / "build_wheelhouse.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _offline_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """No pip configuration (no index, mirror or find-links), no data outside tmp_path."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "MDT_", "PYTHON", "VIRTUAL_ENV"))}
    env.update(
        PIP_CONFIG_FILE=os.devnull,
        PIP_NO_INDEX="1",
        MDT_DATA_DIR=str(tmp_path / "data"),
        MDT_CONFIG=str(tmp_path / "config.json"),
        **extra,
    )
    return env


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="install.sh is the POSIX installer; install.cmd is for Windows")
def test_the_zip_installs_with_no_index_from_itself_alone_and_starts_the_demo(tmp_path):
    target = _tool().build(tmp_path / "dist", this_machine=True)
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        archive.extractall(tmp_path / "unzipped")
    assert "install.sh" in names and any(n.startswith("wheels/mdt_tui-") for n in names)
    assert any(n.startswith("wheels/fhir_resources-") for n in names) and all(
        n.endswith(".whl") for n in names if n != "install.sh"
    )
    venv = tmp_path / "venv"
    env = _offline_env(tmp_path, MDT_VENV=str(venv), PYTHON=sys.executable)
    installed = subprocess.run(
        ["sh", str(tmp_path / "unzipped" / "install.sh")],
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        cwd=tmp_path,
    )
    assert installed.returncode == 0, installed.stderr
    where = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import mdt_tui; print(mdt_tui.__file__)"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert str(venv) in where.stdout, where  # the zip's copy, not this checkout
    demo = subprocess.run(
        [str(venv / "bin" / "mdt"), "demo", "--db", str(tmp_path / "demo.db"), "--no-ui"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert demo.returncode == 0 and "180 people" in demo.stdout, demo.stderr


def test_windows_only_requirements_are_found_from_wheel_metadata(tmp_path):
    tool = _tool()
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    with zipfile.ZipFile(wheels / "demo-1.0-py3-none-any.whl", "w") as archive:
        archive.writestr(
            "demo-1.0.dist-info/METADATA",
            "Name: demo\nRequires-Dist: colorama; platform_system == "
            "'Windows'\nRequires-Dist: uvloop; sys_platform != 'win32'\nRequires-Dist: rich\n"
            "Requires-Dist: pytest; extra == 'test'\n",
        )
    assert tool._windows_only(wheels, "3.12") == ["colorama"]
    with zipfile.ZipFile(wheels / "colorama-0.4.6-py2.py3-none-any.whl", "w") as archive:
        archive.writestr("colorama-0.4.6.dist-info/METADATA", "Name: colorama\n")
    assert tool._windows_only(wheels, "3.12") == []
