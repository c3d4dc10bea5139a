"""Certification: centres, sessions, enrolment, the supervised test, incidents, finalisation.

Belongs here: the rules of the certification lifecycle (pure functions and aggregates) and the
commands that apply them. Not here: scoring algorithms (``domain.scoring``), accounts and
authentication (``domain.accounts``, ``api.auth``), HTTP.
"""
