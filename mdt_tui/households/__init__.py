"""Step 2, households and carers: who a person lives with, who cares for them and whom they care for. (core: no
Textual, no SQL)"""
