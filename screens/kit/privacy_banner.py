"""The privacy banner every screen shows: drawn from the app's one ``privacy`` reactive, so it is always true.

Each banner watches ``MdtApp.privacy`` itself (Textual's ``watch``, called at once with the current value), so
banners on screens below the current one, behind a dialog, or mounted after a toggle all agree with the state
that decides what is masked; nothing else sets them. Our dialogs get one too (``banner_on_dialog``)."""

from __future__ import annotations

from textual.screen import ModalScreen, Screen
from textual.widgets import Static

BANNER_ON = "PRIVACY MODE — identifiers hidden  (p to show)"


class PrivacyBanner(Static):
    """Shown, with its words, exactly while the app's privacy mode is on."""

    # A dialog's banner lies exactly over its screen's (row 1, under the title bar): shown once, the title line
    # left clear, and still there when a tall dialog covers the screen's own (issue 14).
    DEFAULT_CSS = "PrivacyBanner.-dialog { dock: top; margin-top: 1; }"

    def __init__(self, *, dialog: bool = False) -> None:
        super().__init__("", id="privacy-banner", classes="banner -dialog" if dialog else "banner", markup=False)

    def on_mount(self) -> None:
        self.watch(self.app, "privacy", self.show_state, init=True)

    def show_state(self, private: bool) -> None:
        self.update(BANNER_ON if private else "")
        self.display = private

    @property
    def state_shown(self) -> bool | None:
        """What the banner tells the room: True (privacy on), False (nothing shown: off), None if it contradicts
        itself (words without being shown, or shown without words)."""
        words = str(self.render()) == BANNER_ON
        return words if words == self.display else None


def privacy_follows(screen: Screen) -> bool:
    """Whether `p` may switch privacy with ``screen`` on top: each of our screens redraws its identifiers
    (``show_privacy``); a dialog only if it redraws them too, or shows none (``PRIVACY_SAFE = True``). Any other
    dialog drew names when it opened and would keep showing them under a banner saying they are hidden."""
    return callable(getattr(screen, "show_privacy", None)) or bool(getattr(screen, "PRIVACY_SAFE", False))


def banner_on_dialog(screen: Screen) -> None:
    """For the app's screen-change signal: one of our dialogs gets a banner docked at its top, so a dialog
    tall enough to cover the screen's banner still shows the room that identifiers are hidden."""
    if (
        isinstance(screen, ModalScreen)
        and type(screen).__module__.startswith("mdt_tui.screens.")
        and not screen.query(PrivacyBanner)
    ):
        screen.mount(PrivacyBanner(dialog=True))
