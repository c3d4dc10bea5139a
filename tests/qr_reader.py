"""Read the QR codes of a PDF: render its pages (pypdfium2), decode them (zxing-cpp)."""

from __future__ import annotations

import pypdfium2 as pdfium  # type: ignore[import-untyped]
import zxingcpp


def qr_texts(pdf: bytes, page: int = 0) -> list[str]:
    """The text of every QR code on ``page`` of ``pdf``."""
    document = pdfium.PdfDocument(pdf)
    try:
        image = document[page].render(scale=3).to_pil()
    finally:
        document.close()
    return [
        r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode
    ]


def pdf_text(pdf: bytes, page: int = 0) -> str:
    """The text of ``page`` of ``pdf``."""
    document = pdfium.PdfDocument(pdf)
    try:
        text: str = document[page].get_textpage().get_text_range()
        return text
    finally:
        document.close()
