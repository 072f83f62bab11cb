"""Build an offline install zip: every wheel mdt-tui needs, and scripts that install it with no internet,
no compiler and no admin rights into a virtual environment in the user's profile.

    python tools/build_wheelhouse.py --out dist            # Windows: win_amd64, CPython 3.11, 3.12 and 3.13
    python tools/build_wheelhouse.py --this-machine --out dist   # this OS and Python (what the test installs)

Needs the package index (or a mirror) once, here; the zip then installs with `pip install --no-index`.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WINDOWS_PYTHONS = ("3.11", "3.12", "3.13")

INSTALL_CMD = r"""@echo off
rem Install mdt-tui from this folder alone: no internet, no admin rights. Needs Python 3.11, 3.12 or 3.13.
setlocal
set "HERE=%~dp0"
set "VENV=%LOCALAPPDATA%\mdt-tui\venv"
set "PY=python"
where py >nul 2>nul && set "PY=py -3"
%PY% -c "import sys; sys.exit(0 if (3, 11) <= sys.version_info[:2] <= (3, 13) else 1)" || (
  echo mdt-tui needs Python 3.11, 3.12 or 3.13 ^(from the Microsoft Store or python.org, no admin rights needed^).
  exit /b 1
)
%PY% -m venv "%VENV%" || goto :failed
"%VENV%\Scripts\python.exe" -m pip install --no-index --find-links "%HERE%wheels" mdt-tui || goto :failed
rem A launcher on the desktop that runs python -m mdt_tui (a .cmd works where shortcuts are managed).
> "%USERPROFILE%\Desktop\mdt-tui.cmd" echo @"%VENV%\Scripts\python.exe" -m mdt_tui %%*
echo mdt-tui is installed in %VENV%. Start it with mdt-tui on your desktop.
exit /b 0
:failed
echo mdt-tui could not be installed; nothing outside %VENV% was changed.
exit /b 1
"""

INSTALL_PS1 = r"""# Install mdt-tui from this folder alone: no internet, no admin rights.
# Needs Python 3.11, 3.12 or 3.13.
$ErrorActionPreference = "Stop"
$here = Split-Path -Parent $MyInvocation.MyCommand.Path
$venv = Join-Path $env:LOCALAPPDATA "mdt-tui\venv"
$launcher = [bool](Get-Command py -ErrorAction SilentlyContinue)
$py = if ($launcher) { "py" } else { "python" }
$pyArgs = if ($launcher) { @("-3") } else { @() }
& $py @pyArgs -c "import sys; sys.exit(0 if (3, 11) <= sys.version_info[:2] <= (3, 13) else 1)"
if ($LASTEXITCODE -ne 0) { Write-Error "mdt-tui needs Python 3.11, 3.12 or 3.13."; exit 1 }
& $py @pyArgs -m venv $venv
if ($LASTEXITCODE -ne 0) { Write-Error "mdt-tui could not be installed."; exit 1 }
& (Join-Path $venv "Scripts\python.exe") -m pip install --no-index --find-links (Join-Path $here "wheels") mdt-tui
if ($LASTEXITCODE -ne 0) { Write-Error "mdt-tui could not be installed."; exit 1 }
$shortcut = (New-Object -ComObject WScript.Shell).CreateShortcut(
    (Join-Path ([Environment]::GetFolderPath("Desktop")) "mdt-tui.lnk"))
$shortcut.TargetPath = Join-Path $venv "Scripts\python.exe"
$shortcut.Arguments = "-m mdt_tui"
$shortcut.Save()
Write-Output "mdt-tui is installed in $venv. Start it with the mdt-tui shortcut on your desktop."
"""

INSTALL_SH = """#!/bin/sh
# Install mdt-tui from this folder alone (no internet). MDT_VENV chooses the virtual environment.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
venv=${MDT_VENV:-$HOME/.local/share/mdt-tui/venv}
${PYTHON:-python3} -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --no-index --find-links "$here/wheels" mdt-tui
echo "mdt-tui is installed in $venv: run $venv/bin/mdt (or $venv/bin/python -m mdt_tui)."
"""


def _pip(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", *args], check=True)


def _windows_only(wheels: Path, version: str) -> list[str]:
    """Requirements the wheels have only on Windows (e.g. colorama for click) and no wheel yet: pip download
    judges a dependency's platform markers by this machine, not the target, so they are added by hand."""
    try:
        from packaging.markers import Marker
        from packaging.requirements import Requirement
    except ImportError:  # pip always carries a copy
        from pip._vendor.packaging.markers import Marker  # type: ignore[no-redef]
        from pip._vendor.packaging.requirements import Requirement  # type: ignore[no-redef]
    env = {
        "sys_platform": "win32",
        "platform_system": "Windows",
        "os_name": "nt",
        "platform_machine": "AMD64",
        "python_version": version,
        "python_full_version": f"{version}.0",
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
        "extra": "",
    }
    have = {_normal(w.name.split("-")[0]) for w in wheels.glob("*.whl")}
    wanted = set()
    for wheel in wheels.glob("*.whl"):
        with zipfile.ZipFile(wheel) as archive:
            meta = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
            lines = archive.read(meta).decode("utf-8", "replace").splitlines()
        for line in lines:
            if line.startswith("Requires-Dist:") and ";" in line:
                requirement = Requirement(line.split(":", 1)[1].strip())
                if (
                    requirement.marker
                    and Marker(str(requirement.marker)).evaluate(env)
                    and _normal(requirement.name) not in have
                ):
                    wanted.add(str(requirement).split(";")[0].strip())
    return sorted(wanted)


def _normal(name: str) -> str:
    return name.lower().replace("-", "_").replace(".", "_")


def build(out_dir: Path, *, this_machine: bool = False) -> Path:
    """Build the zip in ``out_dir`` and return its path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        wheels = Path(tmp) / "wheels"
        _pip("wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(ROOT))
        [app] = wheels.glob("mdt_tui-*.whl")
        if this_machine:
            _pip("download", "--quiet", "--only-binary=:all:", "-d", str(wheels), str(app))
            scripts, tag = {"install.sh": INSTALL_SH}, f"{sys.platform}-py{sys.version_info[0]}{sys.version_info[1]}"
        else:
            for version in WINDOWS_PYTHONS:
                target = (
                    "--only-binary=:all:",
                    "--platform",
                    "win_amd64",
                    "--python-version",
                    version,
                    "--implementation",
                    "cp",
                    "--abi",
                    "cp" + version.replace(".", ""),
                    "-d",
                    str(wheels),
                )
                _pip("download", "--quiet", *target, str(app))
                while extra := _windows_only(wheels, version):
                    _pip("download", "--quiet", *target, *extra)
            scripts, tag = {"install.cmd": INSTALL_CMD.replace("\n", "\r\n"), "install.ps1": INSTALL_PS1}, "win_amd64"
        version = app.name.split("-")[1]
        target = out_dir / f"mdt-tui-{version}-{tag}.zip"
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for wheel in sorted(wheels.glob("*.whl")):
                archive.write(wheel, f"wheels/{wheel.name}")
            for name, text in scripts.items():
                info = zipfile.ZipInfo(name)
                info.external_attr = 0o755 << 16  # install.sh runs once unzipped
                archive.writestr(info, text)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="folder for the zip (default: dist)")
    parser.add_argument("--this-machine", action="store_true", help="this OS and Python instead of Windows")
    args = parser.parse_args(argv)
    try:
        target = build(args.out, this_machine=args.this_machine)
    except subprocess.CalledProcessError:
        print("build_wheelhouse: pip could not fetch or build a wheel (see above); no zip was made.", file=sys.stderr)
        return 1
    print(f"{target} ({target.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
