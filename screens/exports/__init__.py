"""Codes to the GP record: sign-off, deliveries to practices, packs, CSV and FHIR exports. (screens: Textual, no
SQL)"""
