"""Impact: the INT dashboard, the maturity self-assessment, imported service use and the evaluation. (core: no
Textual, no SQL)"""
