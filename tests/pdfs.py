"""Reading a PDF's text back, to check what a generated one says."""
from __future__ import annotations

import io
import re

from pypdf import PdfReader


def pdf_pages(content: bytes) -> int:
    return len(_read(content).pages)


def pdf_text(content: bytes) -> str:
    """The text of every page, runs of spaces made one (pypdf may widen the gaps)."""
    reader = _read(content)
    return re.sub(r"[ \t]+", " ", "\n".join(page.extract_text() for page in reader.pages))


def _read(content: bytes) -> PdfReader:
    assert content.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(content), strict=True)
