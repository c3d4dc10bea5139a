# ruff: noqa: E501  (the test vector is kept verbatim)
"""Our eddsa-jcs-2022 signer against the W3C test vector (w3c/vc-di-eddsa TestVectors).

The key pair is ``TestVectors/keyPair.json`` and the signed credential
``TestVectors/eddsa-jcs-2022/signedJCS.json``, both verbatim; signing the credential without
its proof, with the same proof options, must give the same proof value byte for byte
(Ed25519 signatures are deterministic).
"""

from __future__ import annotations

import json

from api.credentials.dataintegrity import (
    add_proof,
    private_key_from_multibase,
    public_key_from_multibase,
    public_key_multibase,
    verify_proof,
)

KEY_PAIR = json.loads("""{
    "publicKeyMultibase": "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
    "privateKeyMultibase": "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"
}""")

SIGNED_JCS = """{
  "@context": [
    "https://www.w3.org/ns/credentials/v2",
    "https://www.w3.org/ns/credentials/examples/v2"
  ],
  "id": "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
  "type": [
    "VerifiableCredential",
    "AlumniCredential"
  ],
  "name": "Alumni Credential",
  "description": "A minimum viable example of an Alumni Credential.",
  "issuer": "https://vc.example/issuers/5678",
  "validFrom": "2023-01-01T00:00:00Z",
  "credentialSubject": {
    "id": "did:example:abcdefgh",
    "alumniOf": "The School of Examples"
  },
  "proof": {
    "type": "DataIntegrityProof",
    "cryptosuite": "eddsa-jcs-2022",
    "created": "2023-02-24T23:36:38Z",
    "verificationMethod": "https://vc.example/issuers/5678#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
    "proofPurpose": "assertionMethod",
    "@context": [
      "https://www.w3.org/ns/credentials/v2",
      "https://www.w3.org/ns/credentials/examples/v2"
    ],
    "proofValue": "z63t83Y53KfzJ5ZosfKTnqfMcKB2dmTrfjSaQjeNNjAD5srBowQfmWqeRb8rRjmeEuCBEsddF9LsVogtuTsijJKh4"
  }
}"""


def test_the_key_pair_of_the_vector_decodes_to_matching_keys() -> None:
    secret = private_key_from_multibase(KEY_PAIR["privateKeyMultibase"])
    assert public_key_multibase(secret.public_key()) == KEY_PAIR["publicKeyMultibase"]


def test_signing_the_vector_reproduces_its_proof_byte_for_byte() -> None:
    expected = json.loads(SIGNED_JCS)
    unsigned = {k: v for k, v in expected.items() if k != "proof"}
    signed = add_proof(
        unsigned,
        private_key_from_multibase(KEY_PAIR["privateKeyMultibase"]),
        verification_method=expected["proof"]["verificationMethod"],
        created=expected["proof"]["created"],
    )
    assert signed == expected
    assert signed["proof"]["proofValue"] == (
        "z63t83Y53KfzJ5ZosfKTnqfMcKB2dmTrfjSaQjeNNjAD5srBowQfmWqeRb8rRjmeEuCBEsddF9LsVogtuTsijJKh4"
    )


def test_the_vector_verifies_and_any_change_is_caught() -> None:
    public = public_key_from_multibase(KEY_PAIR["publicKeyMultibase"])
    vector = json.loads(SIGNED_JCS)
    method = vector["proof"]["verificationMethod"]

    def resolve(vm: str) -> object:
        return public if vm == method else None

    assert verify_proof(vector, resolve) is None  # type: ignore[arg-type]
    tampered = {**vector, "name": "Alumni Credentiel"}
    assert verify_proof(tampered, resolve) == "the signature does not match the document"  # type: ignore[arg-type]
    other_method = {**vector, "proof": {**vector["proof"], "verificationMethod": "did:x#y"}}
    assert "not one of the issuer's keys" in str(verify_proof(other_method, resolve))  # type: ignore[arg-type]
