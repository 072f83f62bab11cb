"""Step 0, the cohort: importing the search, the desktop review table, practices. (store: the only code touching
the database)"""
