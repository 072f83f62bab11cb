"""Step 4, review and improve: review dates, triggered reviews, step down, GSF, the person's experience.
(screens: Textual, no SQL)"""
