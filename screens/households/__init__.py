"""Step 2, households and carers: who a person lives with, who cares for them and whom they care for. (screens:
Textual, no SQL)"""
