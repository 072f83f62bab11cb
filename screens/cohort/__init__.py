"""Step 0, the cohort: importing the search, the desktop review table, practices. (screens: Textual, no SQL)"""
