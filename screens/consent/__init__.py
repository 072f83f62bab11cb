"""Step 1, consent and first contact. (screens: Textual, no SQL)"""
