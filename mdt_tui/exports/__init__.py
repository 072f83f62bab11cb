"""Codes to the GP record: sign-off, deliveries to practices, packs, CSV and FHIR exports. (core: no Textual, no
SQL)"""
