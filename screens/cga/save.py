"""The CGA's autosave writer is the app's one serial writer: see ``mdt_tui.screens.kit.saving``."""

from __future__ import annotations

from mdt_tui.screens.kit.saving import SerialWriter, Write

__all__ = ["SerialWriter", "Write"]
