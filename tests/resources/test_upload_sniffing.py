"""Office and ODF sniffing reads the zip's directory, not its contents (core/uploads.py)."""

import functools
import io
import struct
import tracemalloc
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.uploads import DOCX, ODT, validate_upload

INFLATED = 400 * 1024 * 1024


def _zip(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data, method in members:
            archive.writestr(name, data, compress_type=method)
    return buffer.getvalue()


@functools.cache
def bomb(*, declared_size=INFLATED):
    """A ~400 KB 'CV' whose ODF `mimetype` member inflates to 400 MB of zeros.

    Built by hand in a fraction of a second: after a full flush, deflate encodes each
    identical 1 MB block of zeros identically, so one compressed block is repeated.
    """
    chunk = bytes(1024 * 1024)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    count = INFLATED // len(chunk)
    data = block * count + zlib.compressobj(9, zlib.DEFLATED, -15).flush()
    crc = 0
    for _ in range(count):
        crc = zlib.crc32(chunk, crc)
    name = b"mimetype"
    sizes = (crc, len(data), declared_size, len(name))
    local = b"PK\x03\x04" + struct.pack("<HHHHHIIIHH", 20, 0, 8, 0, 0, *sizes, 0) + name
    central = (
        b"PK\x01\x02"
        + struct.pack("<HHHHHHIIIHHHHHII", 20, 20, 0, 8, 0, 0, *sizes, 0, 0, 0, 0, 0, 0)
        + name
    )
    end = b"PK\x05\x06" + struct.pack(
        "<HHHHIIH", 0, 0, 1, 1, len(central), len(local) + len(data), 0
    )
    return local + data + central + end


def test_validate_upload_zip_bomb_refused_fast_without_memory():
    odf_bomb = bomb()
    upload = SimpleUploadedFile("cv.odt", odf_bomb, content_type=ODT)
    tracemalloc.start()
    with pytest.raises(ValidationError) as refused:
        validate_upload(upload)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    assert len(odf_bomb) < 1024 * 1024  # the bomb is small: ~400 KB
    assert refused.value.code == "file_type"
    # Not inflated: under 2 MB traced where inflating took 926 MB (and 8 s; no timing here,
    # a busy machine would make it flaky: the memory bound is the proof).
    assert peak < 2 * 1024 * 1024, f"{peak} bytes"


def test_validate_upload_mimetype_lying_about_its_size_reads_100_bytes():
    # Same bomb but the directory claims the member is 46 bytes: still no inflation.
    forged = bomb(declared_size=46)
    tracemalloc.start()
    with pytest.raises(ValidationError):
        validate_upload(SimpleUploadedFile("cv.odt", forged, content_type=ODT))
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 2 * 1024 * 1024, f"{peak} bytes"


def test_validate_upload_real_odt_accepted():
    odt = _zip(
        [
            ("mimetype", ODT, zipfile.ZIP_STORED),
            ("content.xml", "<office:document-content/>", zipfile.ZIP_DEFLATED),
        ]
    )
    assert validate_upload(SimpleUploadedFile("cv.odt", odt)) == ODT


def test_validate_upload_real_docx_accepted():
    docx = _zip(
        [
            ("[Content_Types].xml", "<Types/>", zipfile.ZIP_DEFLATED),
            ("word/document.xml", "<w:document/>", zipfile.ZIP_DEFLATED),
        ]
    )
    assert validate_upload(SimpleUploadedFile("cv.docx", docx)) == DOCX
