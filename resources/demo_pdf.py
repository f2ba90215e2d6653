"""The demo's small PDF documents (resources, CVs, letters, agreements), written by hand.

One A4 page: a bold title and paragraphs wrapped to the page, in Helvetica with the WinAnsi
encoding, so French accents, « guillemets », œ and € print as they should. Enough for the upload
checks (read by content) and for a reader who opens the file; not a layout engine."""

import re
import textwrap

WIDTH, HEIGHT = 595, 842  # A4 in points
MARGIN = 64
BODY_SIZE, TITLE_SIZE = 10.5, 16
LEADING = 14
CHARS_PER_LINE = 92  # Helvetica 10.5 pt in 467 pt of text width, on average French text
NO_BREAK = re.compile(r"(?<=\d) (?=\d)| (?=[€:;?!»])|(?<=«) ")
MAX_LINES = (HEIGHT - 2 * MARGIN - 2 * LEADING) // LEADING


def _literal(text):
    """A PDF literal string in WinAnsi (cp1252) bytes; what cp1252 lacks becomes « ? »."""
    raw = text.encode("cp1252", "replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _lines(paragraphs):
    """[(bold, text)] of the wrapped paragraphs; a paragraph starting with "## " is a heading."""
    lines = []
    for paragraph in paragraphs:
        if paragraph.startswith("## "):
            lines.append((True, paragraph[3:]))
        else:
            # never break « 9 600 € » or « mois : » across lines (textwrap keeps U+00A0)
            paragraph = NO_BREAK.sub("\u00a0", paragraph)
            lines += [(False, line) for line in textwrap.wrap(paragraph, CHARS_PER_LINE)]
            lines.append((False, ""))
    return lines[: int(MAX_LINES)]


def pdf_bytes(title, paragraphs=()):
    """A valid one-page PDF: `title` in bold, then each paragraph wrapped (cut at the page);
    paragraphs starting with "## " are headings, in bold."""
    stream = bytearray(b"BT\n")
    stream += f"/F2 {TITLE_SIZE} Tf {MARGIN} {HEIGHT - MARGIN} Td ".encode()
    stream += _literal(title[:70]) + b" Tj\n"
    stream += f"/F1 {BODY_SIZE} Tf {LEADING} TL 0 -{2 * LEADING} Td\n".encode()
    for bold, line in _lines(paragraphs):
        font = f"/F{2 if bold else 1} {BODY_SIZE} Tf ".encode()
        stream += font + _literal(line) + b" Tj T*\n"
    stream += b"ET"
    font = "<< /Type /Font /Subtype /Type1 /BaseFont /{} /Encoding /WinAnsiEncoding >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {WIDTH} {HEIGHT}] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>".encode(),
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        font.format("Helvetica").encode(),
        font.format("Helvetica-Bold").encode(),
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")  # the comment marks the file as binary
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)
