"""Certificates and their credentials: validity, content, share links, status lists (pure).

Belongs here: the 3-year validity rule and the status of a certificate at an instant, the
certificate's content (identity, centre, dates, score, mesh level, competence tree), the
verification-code format, share links (an aggregate), the Open Badges 3.0 credential shape and
the Bitstring Status List encoding. Not here: keys, signatures and canonical JSON (adapters in
``api/credentials``), storage (``projections/certificates``), HTTP.
"""
