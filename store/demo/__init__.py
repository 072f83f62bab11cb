"""The synthetic demo neighbourhood, written through the store's own methods. (store: the only code touching the
database)"""
