"""The footer: the keys that work here, drawn as one line by one widget.

Textual's Footer mounts a widget per key and rebuilds them all after every ``refresh_bindings``
(each focus change, each mount), so opening a busy screen restyled dozens of widgets and that was
most of the time the screen took to open. This bar redraws one line, once per burst of changes,
and only when the keys shown differ. Clicking a key presses it; hovering shows its tooltip.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget


class ShownKey(NamedTuple):
    key: str
    display: str
    description: str
    enabled: bool
    tooltip: str


class KeyBar(Widget, can_focus=False):
    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.keys: tuple[ShownKey, ...] = ()
        self.palette_key: ShownKey | None = None
        self._spans: list[tuple[int, int, ShownKey]] = []
        self._update_pending = False
        self.offer = ""  # e.g. "Falls referral done — u undo", shown first while it stands

    def flash(self, text: str) -> None:
        """Show ``text`` at the start of the bar (an empty string takes it away)."""
        self.offer = text
        self.refresh()

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        if not self._update_pending and self.is_attached and screen is self.screen:
            self._update_pending = True
            self.call_after_refresh(self._update_keys)

    def _update_keys(self) -> None:
        self._update_pending = False
        if not self.is_attached:
            return
        keys, palette = self.keys_shown()
        if (keys, palette) != (self.keys, self.palette_key):
            self.keys, self.palette_key = keys, palette
            self.refresh()

    def keys_shown(self) -> tuple[tuple[ShownKey, ...], ShownKey | None]:
        """One key per action, in binding order, and the command palette's key (shown on the right)."""
        app, by_action, palette = self.app, dict[str, ShownKey](), None
        for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items():
            shown = ShownKey(
                key,
                app.get_key_display(binding),
                binding.description,
                enabled,
                tooltip or binding.tooltip or binding.description,
            )
            if key == app.COMMAND_PALETTE_BINDING and app.ENABLE_COMMAND_PALETTE:
                palette = shown
            elif binding.show:
                by_action.setdefault(binding.action, shown)
        return tuple(by_action.values()), palette

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")
        line, self._spans = Text(no_wrap=True, overflow="crop"), []

        def add(shown: ShownKey) -> None:
            start = line.cell_len
            line.append(f" {shown.display} ", key_style)
            line.append(f"{shown.description} " if shown.description else "", description_style)
            if not shown.enabled:
                line.stylize("dim", start)
            self._spans.append((start, line.cell_len, shown))

        if self.offer:
            line.append(f" {self.offer} ", "reverse bold")
        for shown in self.keys:
            add(shown)
        if self.palette_key is not None:
            width = len(self.palette_key.display) + len(self.palette_key.description) + 3
            line.append(" " * max(1, self.size.width - line.cell_len - width - 1))
            line.append("│", "dim")
            add(self.palette_key)
        return line

    def key_at(self, x: int) -> ShownKey | None:
        return next((shown for start, end, shown in self._spans if start <= x < end), None)

    def on_click(self, event: events.Click) -> None:
        shown = self.key_at(event.x)
        if shown is None:
            return
        if shown.enabled:
            self.app.simulate_key(shown.key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        shown = self.key_at(event.x)
        self.tooltip = shown.tooltip if shown else None
