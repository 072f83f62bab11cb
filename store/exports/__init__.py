"""Codes to the GP record: sign-off, deliveries to practices, packs, CSV and FHIR exports. (store: the only code
touching the database)"""
