"""The footer key bar: the keys that work here, following the focus; a click presses a key."""

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from mdt_tui.pathway import Stage
from mdt_tui.screens.app import make_app
from mdt_tui.screens.cga.assessment import CgaScreen
from mdt_tui.screens.cga.forms import QuestionForm
from mdt_tui.screens.kit.footer import KeyBar
from mdt_tui.screens.kit.help import HelpScreen
from tests.conftest import TODAY
from tests.pilot_helpers import open_person_step, settle

SIZE = (80, 24)


def bar_text(app) -> str:
    return app.screen.query_one(KeyBar).render().plain


async def test_home_shows_the_keys_that_work_everywhere_and_a_click_presses_one(demo_db, settings):
    app = make_app(demo_db, settings, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        text = bar_text(app)
        for shown in ("^q Quit", "? Help", "^f Find", "p Privacy"):
            assert shown in text
        assert text.rstrip().endswith("^p palette")  # the command palette's key, on the right
        assert len(text) == SIZE[0]

        await pilot.hover(KeyBar, offset=(text.index("Find"), 0))  # hovering a key explains it
        assert app.screen.query_one(KeyBar).tooltip == "Find a person by name or NHS number"
        await pilot.click(KeyBar, offset=(text.index("Help"), 0))
        await settle(app, pilot)
        assert isinstance(app.screen, HelpScreen)


async def test_the_keys_follow_the_focus(demo_db, settings):
    app = make_app(demo_db, settings, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        person = app.store.people([Stage.ON_CASELOAD])[0]
        await open_person_step(app, pilot, person.id, "a", CgaScreen)
        await pilot.press("right_square_bracket", "enter")  # Mental: into the PHQ-9 form
        await settle(app, pilot)
        assert isinstance(app.focused, QuestionForm)
        assert "1-9 Answer" in bar_text(app) and "esc Sections" in bar_text(app)

        await pilot.press("escape")  # back to the list of sections: the form's keys go
        await settle(app, pilot)
        assert "Answer" not in bar_text(app)
        assert "esc Back" in bar_text(app) and "] Next tab" in bar_text(app)

        await pilot.press("escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, CgaScreen)


class Locked(Screen):
    BINDINGS = [
        Binding("s", "save", "Save", id="save"),
        Binding("x", "export", "Export", id="export"),
        Binding("z", "secret", "Secret", id="secret"),
    ]
    saved = 0

    def compose(self) -> ComposeResult:
        yield Static("A screen with one key disabled and one hidden.")
        yield KeyBar()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return {"export": None, "secret": False}.get(action, True)  # None: shown disabled; False: hidden

    def action_save(self) -> None:
        self.saved += 1


async def test_a_disabled_key_is_dimmed_and_does_nothing_when_clicked_and_a_hidden_one_is_not_shown():
    app = App()
    async with app.run_test(size=SIZE) as pilot:
        screen = Locked()
        await app.push_screen(screen)
        await pilot.pause()
        bar = screen.query_one(KeyBar)
        line = bar.render()
        assert "s Save" in line.plain and "x Export" in line.plain and "Secret" not in line.plain
        export_at = line.plain.index("Export")
        assert any("dim" in str(span.style) and span.start <= export_at < span.end for span in line.spans)

        await pilot.click(KeyBar, offset=(export_at, 0))
        await pilot.click(KeyBar, offset=(line.plain.index("Save"), 0))
        await pilot.pause()
        assert screen.saved == 1
        assert isinstance(app.screen, Locked)
