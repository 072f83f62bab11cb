"""Step 1, consent and first contact. (core: no Textual, no SQL)"""
