"""The Textual app: screens, widgets and styles. No SQL here."""
