"""Verification answers by code, kept per process while the stores' version stamp is the same.

What an answer shows is a function of the certificates view's rows, the holder's personal-data
key, the latest audit checkpoint (all three moved by any change: ``stamps.py``) and the
instant asked for. So each code's answer is kept with the stamp read *before* it was built,
and reused only while a fresh read of the stamp (one statement per request) is equal: a
publication, unpublication, cancellation, erasure or checkpoint made by any process is seen by
the very next request. Validity is computed per request for the instant asked; the JSON is
the kept part for that status (what a revoked certificate hides differs), the validity, and
the kept receipt, byte for byte what ``CertificatePublic.model_dump_json()`` gives.

Never kept: unknown or undelivered codes (the uniform 404 reads the view each time) and
receipts that failed their check (checked afresh every time, as ``Receipts`` does).
"""

from __future__ import annotations

import dataclasses
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime

from api.credentials.reader import CertificateReader
from api.credentials.receipts import FAILED, Receipts
from api.credentials.stamps import Stamp, Stamps
from api.schemas.certificates import CertificatePublic, ReceiptPublic, ValidityPublic
from domain.credentials.certificate import Certificate
from domain.credentials.codes import code_digest, normalise_code
from domain.credentials.validity import Validity, status_at
from projections.certificates import CourseRow


@dataclass
class _Kept:
    stamp: Stamp
    course: CourseRow
    certificate: Certificate
    receipt_json: bytes
    before_validity: dict[str, bytes] = field(default_factory=dict)
    """By validity status: the answer's JSON up to ``"validity":``."""


class Answers:
    """``answer(code, at)``: the JSON body and the validity status of a code's certificate."""

    def __init__(
        self, reader: CertificateReader, receipts: Receipts, stamps: Stamps, capacity: int = 4096
    ) -> None:
        self.reader = reader
        self.receipts = receipts
        self.stamps = stamps
        self.capacity = capacity
        self._kept: OrderedDict[str, _Kept] = OrderedDict()
        self._lock = threading.Lock()

    def answer(self, raw_code: str, at: datetime) -> tuple[bytes, str]:
        """``VerificationCodeMalformedError`` or ``CertificateNotFoundError`` as the route."""
        digest = code_digest(normalise_code(raw_code))
        stamp = self.stamps.read()
        with self._lock:
            kept = self._kept.get(digest)
            if kept is not None and kept.stamp == stamp:
                self._kept.move_to_end(digest)
            else:
                kept = None
        if kept is None:
            kept = self._build(digest, stamp, at)
        course = kept.course
        assert course.delivered_at is not None
        validity = status_at(
            at,
            delivered_at=course.delivered_at,
            revoked_at=course.revoked_at,
            revocation_reason=course.revocation_reason,
        )
        head = kept.before_validity.get(validity.status) or self._head(kept, validity)
        body = b"".join(
            (
                head,
                ValidityPublic(**vars(validity)).model_dump_json().encode(),
                b',"ledger_receipt":',
                kept.receipt_json,
                b"}",
            )
        )
        return body, validity.status

    def _build(self, digest: str, stamp: Stamp, at: datetime) -> _Kept:
        course, certificate = self.reader.certificate_by_digest(digest, at)
        receipt = self.receipts.of(course)
        kept = _Kept(
            stamp,
            course,
            certificate,
            ReceiptPublic(**vars(receipt)).model_dump_json().encode(),
        )
        if receipt.outcome != FAILED:
            with self._lock:
                self._kept[digest] = kept
                self._kept.move_to_end(digest)
                while len(self._kept) > self.capacity:
                    self._kept.popitem(last=False)
        return kept

    def _head(self, kept: _Kept, validity: Validity) -> bytes:
        """The answer's JSON before its validity, for this status (kept for the next time)."""
        certificate = dataclasses.replace(kept.certificate, validity=validity)
        text = CertificatePublic.of(certificate).model_dump_json(
            exclude={"validity", "ledger_receipt"}
        )
        assert text.endswith("}"), "validity and ledger_receipt are the last fields"
        head = (text[:-1] + ',"validity":').encode()
        kept.before_validity[validity.status] = head
        return head
