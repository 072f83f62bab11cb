"""The shared kit every screen is built from: the frame, footer, forms, dialogs, the serial writer, help.
(screens: Textual, no SQL)"""
