"""Step 3, the Comprehensive Geriatric Assessment: its bundle, forms, coding, suggested problems, the same-day
self-harm action and the pharmacist's medicines review. (screens: Textual, no SQL)"""
