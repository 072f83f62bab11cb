"""Step 4, problems and the Care and Support Plan: the plan, its versions, the completion gate, actions. (store:
the only code touching the database)"""
