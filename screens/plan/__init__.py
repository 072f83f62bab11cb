"""Step 4, problems and the Care and Support Plan: the plan, its versions, the completion gate, actions.
(screens: Textual, no SQL)"""
