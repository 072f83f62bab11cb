"""Step 4, review and improve: review dates, triggered reviews, step down, GSF, the person's experience. (store:
the only code touching the database)"""
