"""Step 1, consent and first contact. (store: the only code touching the database)"""
