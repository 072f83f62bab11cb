"""Step 4, the MDT meeting: agenda, attendance and quorum, the meeting in progress, minutes, the roster.
(screens: Textual, no SQL)"""
