"""The CGA for one person: seven tabs of forms made from the definitions, saved answer by answer, then completed."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import replace
from datetime import datetime
from typing import Any, cast

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.css.query import NoMatches
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import ContentSwitcher, OptionList, Static
from textual.widgets.option_list import Option

from mdt_tui.cga.bundle import (
    LISTS,
    SYMBOLS,
    AcbOverride,
    CgaBundle,
    ChecklistAnswer,
    acb_drug_key,
    acb_override_refusal,
    bundle_results,
    cga_refusal,
    completion_check,
    scoring_settings,
)
from mdt_tui.cga.problems import suggest_problems
from mdt_tui.cga.questions import form_view
from mdt_tui.cga.sections import DOMAIN_TABS, TABS, Section, section, section_progress, tab_progress, tab_sections
from mdt_tui.errors import MdtError, StaleEdit
from mdt_tui.privacy import show_name, show_nhs_number
from mdt_tui.screens.cga.complete import CompletionFlow
from mdt_tui.screens.cga.forms import QuestionForm
from mdt_tui.screens.cga.lists import ListEditor
from mdt_tui.screens.cga.medicines import AcbOverrideDialog, MedicinesEditor, OverrideEdit, medicines_view
from mdt_tui.screens.cga.save import SerialWriter, Write
from mdt_tui.screens.cga.self_harm import SelfHarmGuard
from mdt_tui.screens.cga.summary import SummaryView, summary
from mdt_tui.screens.households.keys import OTHER_MEMBER_BINDING, open_other_member
from mdt_tui.screens.kit.base import MdtScreen
from mdt_tui.screens.kit.masked_text import name_mask
from mdt_tui.screens.kit.saving import confirm_leaving
from mdt_tui.screens.kit.step_bar import StepBar
from mdt_tui.screens.kit.step_due import StepDueScreen

TEXT_SAVE_DELAY = 0.5
_ENTRY_KINDS = {"save_cga_answer": "answer", "save_cga_checklist": "checklist", "save_cga_list": "list"}
"""The store writes whose answers are versioned one by one (issue 19), and the kind of entry each writes."""
"""Seconds of quiet typing before typed text is saved (enter, leaving and closing save at once)."""


def open_cga(app: App, person_id: int | None) -> None:
    """The CGA for one person; without one, the people whose CGA is due, to choose from."""
    app.push_screen(CgaScreen(person_id) if person_id is not None else CgaDueScreen())


class CgaDueScreen(StepDueScreen):
    """The people the CGA step is due for (the step registry's list); enter opens their CGA."""

    step = "cga"

    def open_for(self, person_id: int) -> None:
        self.app.push_screen(CgaScreen(person_id))


class CgaScreen(SelfHarmGuard, CompletionFlow, MdtScreen):
    BINDINGS = [
        Binding("escape", "back", "Back", id="back", tooltip="Go back (every answer is already saved)"),
        Binding(
            "right_square_bracket", "tab(1)", "Next tab", id="cga_next_tab", tooltip="Next CGA tab", key_display="]"
        ),
        Binding(
            "left_square_bracket",
            "tab(-1)",
            "Prev tab",
            id="cga_previous_tab",
            tooltip="Previous CGA tab",
            key_display="[",
        ),
        replace(OTHER_MEMBER_BINDING, show=False),
        Binding(
            "ctrl+r",
            "reload_stale",
            "Reload",
            id="cga_reload",
            show=False,
            tooltip="An answer someone else changed first: show theirs, to answer again over it",
        ),
    ]

    def __init__(self, person_id: int) -> None:
        super().__init__()
        self.person_id = person_id
        self.writer: SerialWriter | None = None  # made on mount; ``saver`` once mounted
        self.saved_at = ""
        self._unsaved_marked: set[str] = set()  # sections marked 'not saved' (their answers being retried)
        self._typing: dict[Hashable, Write] = {}
        self._typing_timer: Timer | None = None
        self._shown_tab = ""
        self._tab_states: dict[str, str] = {}

    # -- building -----------------------------------------------------------------------------
    def compose_body(self) -> ComposeResult:
        app, store = self.app, self.app.store
        self.person = store.person(self.person_id)
        self.patient = store.patient(self.person_id)
        # Each answer's version before the answers (issue 19): passed with its save, which is refused if
        # someone else changed that answer since (see _writer_for).
        self.versions: dict[tuple[str, str, str], int] = store.cga_entry_versions(self.person_id)
        self._stale_keys: set[Hashable] = set()
        draft = store.cga_draft(self.person_id)
        self.bundle = draft or CgaBundle(person_id=self.person_id, started_on=app.today)
        self.previous = store.previous_cga_results(self.person_id)
        policy = app.policy
        self.scoring = scoring_settings(policy)
        self.falls_tool = policy.falls_tool
        self.refusal = None if draft else cga_refusal(self.person.stage, app.user.role)
        yield StepBar(id="step-bar")
        yield Static(id="cga-person")
        if self.refusal:
            yield Static(f"{self.refusal}\n\nescape goes back.", id="cga-refused", classes="panel")
            return
        yield Static(id="cga-tabline")
        stale = Static(id="cga-stale", classes="error")  # one line after an answer refused as out of date
        stale.display = False
        yield stale
        # The opening tab and section are composed with the screen, in one layout pass; the rest
        # are mounted when first opened.
        self._shown_tab = tab = self._start_tab()
        with ContentSwitcher(id="cga-tabs", initial=f"tab-{tab}"):
            yield self._tab_widget(tab, opening=True)

    def _tab_widget(self, tab: str, *, opening: bool = False) -> Widget:
        if tab == "summary":
            return SummaryView(id="tab-summary")
        sections = self._sections(tab)
        options = OptionList(
            *(Option(self._label(s), id=s.id) for s in sections), id=f"sections-{tab}", classes="cga-sections"
        )
        detail = ContentSwitcher(id=f"detail-{tab}", classes="cga-detail")
        if opening:
            shown = self._section_widget(sections[self._start_section(tab)])
            detail = ContentSwitcher(shown, id=detail.id, classes="cga-detail", initial=shown.id)
            # Focused as it mounts, so the first frame already has the focus where typing goes.
            # Per screen, not per class: where this CGA reopens (Textual declares AUTO_FOCUS a ClassVar).
            self.AUTO_FOCUS = shown.entry_selector() if self.bundle.last_section else f"#{options.id}"  # type: ignore[misc]
        return Horizontal(options, detail, id=f"tab-{tab}", classes="cga-domain")

    def _section_widget(self, item: Section) -> QuestionForm | ListEditor:
        if item.kind != "list":
            return QuestionForm(item, self._view(item), id=f"sec-{item.id}")
        editor = MedicinesEditor if item.id == "medicines" else ListEditor
        return editor(LISTS[item.id], id=f"sec-{item.id}")

    def _start_section(self, tab: str) -> int:
        """Where the draft was left in this tab, else its first section not done."""
        ids = [s.id for s in self._sections(tab)]
        if self.bundle.last_section in ids:
            return ids.index(self.bundle.last_section)
        states = [section_progress(section(i), self.bundle, self.scoring) for i in ids]
        return next((n for n, state in enumerate(states) if state != "done"), 0)

    async def _fill_tab(self, tab: str) -> bool:
        """Mount a tab's content the first time it is opened; True if it was mounted now."""
        tabs = self.query_one("#cga-tabs", ContentSwitcher)
        if tabs.query(f"#tab-{tab}"):
            return False
        await tabs.mount(self._tab_widget(tab))
        return True

    @property
    def saver(self) -> SerialWriter:
        """The writer, once mounted (every answer is saved from a mounted screen)."""
        if self.writer is None:
            raise RuntimeError("the CGA screen saves only once mounted")
        return self.writer

    async def on_mount(self) -> None:
        self.writer = SerialWriter(self.app, self)
        self.show_privacy(self.app.privacy)
        if not self.refusal:
            self._tab_states = {
                tab: tab_progress(tab, self.bundle, self.scoring, self.falls_tool) for tab in DOMAIN_TABS
            }
            await self._open_tab(self._start_tab(), enter=self.bundle.last_section is not None)
            self.call_after_refresh(self.ask_self_harm)  # a positive item 9 left without its action

    def on_unmount(self) -> None:
        if self.writer is not None:
            self._save_typed()
            self.writer.flush()

    def show_privacy(self, private: bool) -> None:
        self.query_one(StepBar).show(self.person.stage)
        p = self.person
        line = Text(show_name(p.family_name, p.given_name, private=private), style="bold")
        line.append(f" · {p.age_on(self.app.today)} · {show_nhs_number(p.nhs_number, private=private)}")
        draft = self.bundle.id is not None or self.saved_at
        line.append(f" · CGA draft from {self.bundle.started_on:%d %b %Y}" if draft else " · new CGA", style="dim")
        if household := self.app.store.household_view(self.person_id).line(private=private):
            line.append(f" · {household}", style="dim")  # assessed as a household, not only the person
        if status := (self.writer.status() if self.writer is not None else ""):  # saving… / saved / not saved
            line.append(f" · {status}", style="bold reverse" if status.startswith("not") else "italic")
        self.query_one("#cga-person", Static).update(line)
        if not self.refusal:  # the next of kin, and typed list rows (goals…) that name the household
            for mounted in self._mounted_sections() & ({"next_of_kin"} | set(LISTS) - {"medicines"}):
                self._refresh(section(mounted))

    def action_other_member(self) -> None:
        open_other_member(self, self.person_id, "cga")

    # -- tabs and sections --------------------------------------------------------------------
    def _start_tab(self) -> str:
        return section(self.bundle.last_section).tab if self.bundle.last_section else DOMAIN_TABS[0]

    def _sections(self, tab: str) -> list[Section]:
        return tab_sections(tab, self.bundle, self.falls_tool)

    def _label(self, item: Section) -> Text:
        label = Text(f"{SYMBOLS[section_progress(item, self.bundle, self.scoring)]} {item.title}")
        if item.id in self._unsaved_marked:  # answers here are waiting for the database: marked until stored
            label.append(" · not saved", style="bold reverse")
        return label

    def _mark_unsaved(self) -> None:
        """Mark the sections whose answers are still being retried; unmark the ones now stored."""
        waiting = (
            {key[0] for key in self.writer.queue.waiting(self) if isinstance(key, tuple)}
            if self.writer is not None and self.writer.queue.retrying(self)
            else set()
        )
        waiting |= {key[0] for key in self._stale_keys if isinstance(key, tuple)}  # refused as out of date
        changed, self._unsaved_marked = waiting ^ self._unsaved_marked, waiting
        for section_id in changed:
            try:
                self._relabel_section(section(section_id))
            except (KeyError, NoMatches):  # not a section (an ACB override), or its tab not opened yet
                continue

    def _relabel(self, tab: str) -> None:
        self._tab_states[tab] = tab_progress(tab, self.bundle, self.scoring, self.falls_tool)
        self._draw_tabline()

    def _draw_tabline(self) -> None:
        """Physical ✔  Mental ◐  …  Summary, the open tab in [brackets] (a symbol for each tab's progress)."""
        line = Text()
        for tab, title in TABS:
            label = f"{title} {SYMBOLS[self._tab_states[tab]]}" if tab in self._tab_states else title
            here = tab == self._shown_tab
            line.append(f"[{label}]" if here else f" {label} ", style="bold reverse" if here else "")
        self.query_one("#cga-tabline", Static).update(line)

    async def _open_tab(self, tab: str, *, enter: bool = False) -> None:
        self._shown_tab = tab
        opened_now = await self._fill_tab(tab)
        self.query_one("#cga-tabs", ContentSwitcher).current = f"tab-{tab}"
        self._draw_tabline()
        if tab == "summary":
            self._refresh_summary()
            self.query_one(SummaryView).focus()
            return
        sections = self.query_one(f"#sections-{tab}", OptionList)
        if opened_now or sections.highlighted is None:
            sections.highlighted = self._start_section(tab)
        await self._show_section(self._sections(tab)[sections.highlighted].id, enter=enter)
        if not enter:
            sections.focus()

    async def _show_section(self, section_id: str, *, enter: bool) -> None:
        item = section(section_id)
        switcher = self.query_one(f"#detail-{item.tab}", ContentSwitcher)
        found = switcher.query(f"#sec-{section_id}")
        # (every #sec-… widget is one of the two)
        widget = cast("QuestionForm | ListEditor", found.first()) if found else self._section_widget(item)
        if not found:
            await switcher.mount(widget)
        if isinstance(widget, ListEditor) and not widget.shown:
            self._refresh(item)
        switcher.current = widget.id
        if enter:
            widget.enter()

    def _mounted_sections(self) -> set[str]:
        return {w.id.removeprefix("sec-") for w in self.query(".cga-detail > *") if w.id}

    async def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.has_class("cga-sections") and event.option.id:
            await self._show_section(event.option.id, enter=False)

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.has_class("cga-sections") and event.option.id:
            await self._show_section(event.option.id, enter=True)

    def on_question_form_left(self, event: QuestionForm.Left) -> None:
        self._to_sections()

    def on_list_editor_left(self, event: ListEditor.Left) -> None:
        self._to_sections()

    def _to_sections(self) -> None:
        self.query_one(f"#sections-{self._shown_tab}", OptionList).focus()

    async def action_tab(self, step: int) -> None:
        if self.refusal:
            return
        order = [tab for tab, _ in TABS]
        await self._open_tab(order[(order.index(self._shown_tab) + step) % len(order)])

    def action_back(self) -> None:
        # Refused while a self-harm answer has no same-day action; its dialog holds h and ctrl+f itself.
        # With changes not yet stored (the database busy) it asks first.
        self._save_typed()
        self.leave_if_actioned(lambda: confirm_leaving(self, self.writer, self.app.pop_screen))

    def _show_stored(self, key: Hashable | None) -> None:
        """An answer that could not be saved is not shown as given: put back what the store holds."""
        if not isinstance(key, tuple) or self.writer is None or key in self.writer.queue.waiting(self):
            return  # not an answer, or a newer value for it is still on its way
        try:
            item = section(key[0])
            stored = self.app.store.cga_draft(self.person_id)
        except (KeyError, MdtError):
            return
        if item.kind == "instrument":
            self.bundle.set_answer(item.id, key[1], stored.answers.get(item.id, {}).get(key[1]) if stored else None)
        elif item.kind != "list":
            self.bundle.set_checklist(
                item.id, key[1], stored.checklist_answer(item.id, key[1]) if stored else ChecklistAnswer()
            )
        else:
            return
        self._changed(item)

    # -- answers ------------------------------------------------------------------------------
    def on_question_form_answered(self, event: QuestionForm.Answered) -> None:
        item, question_id = section(event.section_id), event.question_id
        if item.kind == "instrument":
            self.bundle.set_answer(item.id, question_id, event.value)
            self.bundle.answered_on[item.id] = self.app.today  # its default administration date
            write = self._writer_for("save_cga_answer", item.id, question_id, event.value)
        else:
            answer = self.bundle.checklist_answer(item.id, question_id).model_copy(update={event.field: event.value})
            self.bundle.set_checklist(item.id, question_id, answer)
            write = self._writer_for("save_cga_checklist", item.id, question_id, answer)
        self._save((item.id, question_id), write, final=event.final)
        self._changed(item)
        if item.kind == "instrument" and question_id == "q9":
            self.ask_self_harm()

    def on_list_editor_changed(self, event: ListEditor.Changed) -> None:
        list_id, rows = event.section_id, event.rows
        self.bundle.set_list(list_id, [LISTS[list_id].model.model_validate(row) for row in rows])
        self.bundle.answered_on[list_id] = self.app.today
        self._save((list_id, ""), self._writer_for("save_cga_list", list_id, rows), final=True)
        for field, text in list(self.bundle.pending.get(list_id, {}).items()):
            if text:
                self.bundle.set_pending(list_id, field, "")
                self._save((list_id, field), self._writer_for("save_cga_pending", list_id, field, ""), final=True)
        self._changed(section(list_id))

    def on_list_editor_typed(self, event: ListEditor.Typed) -> None:
        self.bundle.set_pending(event.section_id, event.field, event.text)
        self._save(
            (event.section_id, event.field),
            self._writer_for("save_cga_pending", event.section_id, event.field, event.text),
            final=False,
        )
        self._relabel_section(section(event.section_id))

    def on_medicines_editor_override_requested(self, event: MedicinesEditor.OverrideRequested) -> None:
        if refusal := acb_override_refusal(self.app.user.role):
            self.notify(refusal, severity="error", timeout=8)
            return
        drug = acb_drug_key(event.drug)

        def decided(edit: OverrideEdit | None) -> None:
            if edit is None:
                return
            override = None if edit.score is None else AcbOverride.for_drug(drug, edit.score, edit.reason)
            self.bundle.set_acb_override(drug, override)
            self._save(("acb_override", drug), self._writer_for("save_cga_acb_override", drug, *edit), final=True)
            self._changed(section("medicines"))

        self.app.push_screen(AcbOverrideDialog(drug, self.bundle.acb_overrides.get(drug)), decided)

    def _writer_for(self, method: str, *args: Any) -> Write:
        user, person_id = self.app.user, self.person_id
        entry = _ENTRY_KINDS.get(method)
        if entry is None:
            return lambda store: getattr(store, method)(user, person_id, *args)
        key, versions = (entry, args[0], args[1] if entry != "list" else ""), self.versions

        def write(store: Any) -> int:
            # In the writer's thread, one write at a time: the version each save is based on is the one
            # the save before it made (or the one read with the draft), never one a queued message carries.
            version = getattr(store, method)(user, person_id, *args, based_on=versions.get(key, 0))
            versions[key] = version
            return version

        return write

    def _changed(self, item: Section) -> None:
        self._refresh(item)
        self._relabel_section(item)

    def _relabel_section(self, item: Section) -> None:
        self.query_one(f"#sections-{item.tab}", OptionList).replace_option_prompt(item.id, self._label(item))
        self._relabel(item.tab)

    def _refresh(self, item: Section) -> None:
        selector = f"#sec-{item.id}"
        if item.kind != "list":
            self.query_one(selector, QuestionForm).show(self._view(item))
        elif item.id == "medicines":
            self.query_one(selector, MedicinesEditor).show(**medicines_view(self.bundle, self.scoring))
        else:
            self.query_one(selector, ListEditor).show(
                [row.model_dump() for row in self.bundle.rows(item.id)],
                pending=self.bundle.pending.get(item.id),
                mask=name_mask(self.app.store, [self.person_id], private=self.app.privacy),  # goals name people
            )

    def _view(self, item: Section):
        context = None
        if item.id == "next_of_kin":
            kin = self.patient.next_of_kin
            recorded = (
                "(hidden)"
                if self.app.privacy
                else (
                    f"{kin.name} ({kin.relationship or 'relationship not given'}) {kin.phone}".strip()
                    if kin
                    else "none"
                )
            )
            context = f"On record: {recorded}"
        return form_view(item, self.bundle, self.scoring, self.previous, context)

    # -- saving -------------------------------------------------------------------------------
    def _save(self, key: Hashable, write: Write, *, final: bool) -> None:
        """Final answers are written now; text still being typed is written after a pause."""
        if final:
            self._typing.pop(key, None)
            self.saver.submit(write, key=key)
            return
        self._typing[key] = write
        if self._typing_timer is not None:
            self._typing_timer.stop()
        self._typing_timer = self.set_timer(TEXT_SAVE_DELAY, self._save_typed)

    def _save_typed(self) -> None:
        typed, self._typing = self._typing, {}
        for key, write in typed.items():
            self.saver.submit(write, key=key)

    def on_serial_writer_finished(self, message: SerialWriter.Finished) -> None:
        if message.done is not None:
            message.done(message.outcome)
            return
        self.saved_at = datetime.now().strftime("%H:%M")
        self.saver.stored()
        self._retry_noticed = False
        self._mark_unsaved()
        self.show_privacy(self.app.privacy)

    def on_serial_writer_retrying(self, message: SerialWriter.Retrying) -> None:
        # The answer stays on screen, and the header says 'not saved — retrying' until it is stored.
        if not getattr(self, "_retry_noticed", False):
            self._retry_noticed = True
            self.notify(
                f"Not saved yet: {message.problem} It is tried again until it is saved.",
                severity="warning",
                timeout=8,
                markup=False,
            )
        self._mark_unsaved()
        self.show_privacy(self.app.privacy)

    def on_serial_writer_failed(self, message: SerialWriter.Failed) -> None:
        if isinstance(getattr(message, "error", None), StaleEdit):
            self._stale(message)
            return
        self.notify(f"Not saved: {message.problem}", severity="error", timeout=10, markup=False)
        self._show_stored(message.key)
        self._mark_unsaved()
        self.show_privacy(self.app.privacy)
        self.self_harm_write_failed()

    # -- an answer someone else changed first (issue 19) ---------------------------------------
    def _stale(self, message: SerialWriter.Failed) -> None:
        """The refused answer stays on screen as typed; one line says who changed it and when."""
        self._stale_keys.add(message.key)
        line = self.query_one("#cga-stale", Static)
        line.update(Text(f"✘ {message.problem}  ctrl+r shows their answer"))
        line.display = True
        self._mark_unsaved()
        self.show_privacy(self.app.privacy)

    def action_reload_stale(self) -> None:
        """Show what the store holds for each refused answer, and base the next save on its version."""
        if not self._stale_keys:
            self.notify("Nothing to reload: every answer here is saved.", timeout=3)
            return
        keys, self._stale_keys = self._stale_keys, set()
        self.versions.update(self.app.store.cga_entry_versions(self.person_id))
        stored = self.app.store.cga_draft(self.person_id)
        for key in keys:
            if isinstance(key, tuple) and key[1] == "" and key[0] in LISTS and stored is not None:
                self.bundle.set_list(key[0], stored.rows(key[0]))
                self._changed(section(key[0]))
            else:
                self._show_stored(key)
        line = self.query_one("#cga-stale", Static)
        line.update("")
        line.display = False
        self._mark_unsaved()
        self.show_privacy(self.app.privacy)

    # -- summary and completion ---------------------------------------------------------------
    def _refresh_summary(self) -> None:
        results = bundle_results(self.bundle, self.scoring)
        problems = suggest_problems(self.bundle, results)
        check = completion_check(self.bundle, self.scoring)
        self.query_one(SummaryView).show(summary(self.bundle, results, self.previous, problems, check, self.app.today))

    def _completed(self, bundle: CgaBundle) -> None:
        urgent = [p for p in bundle.suggested_problems if p.urgent]
        self.notify(
            f"CGA completed and coded: {len(bundle.results)} results, {len(bundle.suggested_problems)} "
            f"suggested problems for the MDT" + (" — one is URGENT" if urgent else "") + ".",
            severity="warning" if urgent else "information",
            timeout=8,
        )
        if self.is_current:
            self.app.pop_screen()
