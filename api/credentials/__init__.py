"""Certificates as the public, the candidate and centres read them; signed credentials.

Adapters around ``domain.credentials`` and the certificates view: reading certificates
(identity unsealed through the vault), the verification throttle, issuer keys and DID
documents, Data Integrity ``eddsa-jcs-2022`` proofs, status lists, PDF attestations and CSV.
"""
