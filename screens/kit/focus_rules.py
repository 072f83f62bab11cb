"""Focus rules: while a text field has focus, what is typed goes into it and no one-key shortcut fires.

The minute-taker types while people talk: a name with an 'h' in it must never send them home, and
a phone number must never pick options. Only keys that cannot be typed (ctrl and function keys,
escape, enter, tab, the arrows) reach the screen's and the app's bindings from a text field.
"""

from __future__ import annotations

import string

from textual.keys import _character_to_key, key_to_character
from textual.widget import Widget
from textual.widgets import Input, TextArea

# Every key name a printable character arrives as ("a", "A", "plus", "question_mark", "space"…).
_TYPED_KEYS = frozenset(_character_to_key(c) for c in string.printable + "£€¬" if c.isprintable())


def is_typed_key(key: str) -> bool:
    """True for a key that types a character into a text field (a letter, digit, space or punctuation)."""
    if key in _TYPED_KEYS:
        return True
    character = key_to_character(key)
    return character is not None and len(character) == 1 and character.isprintable()


def is_text_field(widget: Widget | None) -> bool:
    return isinstance(widget, (Input, TextArea))


class TypingFirst:
    """For the App: a typed key while a text field has focus never runs a binding (priority ones included)."""

    async def _check_bindings(self, key: str, priority: bool = False) -> bool:
        if is_typed_key(key) and is_text_field(self.focused):  # type: ignore[attr-defined]
            return False
        return await super()._check_bindings(key, priority)  # type: ignore[misc]
