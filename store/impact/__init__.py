"""Impact: the INT dashboard, the maturity self-assessment, imported service use and the evaluation. (store: the
only code touching the database)"""
