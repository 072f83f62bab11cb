"""Offline always: the CLI and the app run with every network call made to fail."""

import subprocess
import sys
import textwrap

# An audit hook sees every attempt to reach another machine, however it is made.
GUARD = textwrap.dedent("""
    import sys

    NETWORK = {"socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr",
               "socket.sendto", "urllib.Request", "http.client.connect"}

    def refuse(event, args):
        if event in NETWORK:
            raise RuntimeError(f"mdt-tui tried to use the network: {event} {args!r}")

    sys.addaudithook(refuse)
""")

RUN = GUARD + textwrap.dedent("""
    from mdt_tui.cli import main
    db = sys.argv[1]
    for args in (["demo", "--db", db, "--no-ui"], ["export", "codes", "--db", db], ["check", "--db", db],
                 ["cohort", "--db", db], ["backup", "--db", db, "--out", db + ".bak"]):
        assert main(args) == 0, args

    from mdt_tui.models import User
    from mdt_tui.screens.app import make_app
    from mdt_tui.settings import Settings

    async def visit(pilot):
        for keys in (["enter"], ["escape", "c"], ["escape", "n"], ["escape", "ctrl+f", "w", "escape"]):
            await pilot.press(*keys)
            await pilot.pause()
        pilot.app.exit()

    make_app(db, Settings(user=User(name="Offline", role="gp"))).run(headless=True, auto_pilot=visit)
    print("offline ok")
""")


def test_cli_and_app_never_open_a_socket(tmp_path):
    script = tmp_path / "offline.py"
    script.write_text(RUN)
    result = subprocess.run(
        [sys.executable, str(script), str(tmp_path / "demo.db")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "offline ok" in result.stdout
