"""Finding and showing people: lists of people, one person's page and details, the finder. (screens: Textual, no
SQL)"""
