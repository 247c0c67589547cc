"""Files that are not text whatever their name says (a PDF saved as ``.html``), by their first
bytes: rejected ``not_html`` as a WARC record of that type is, rather than failing to decode."""

from typing import Optional

from transforms.read.compressed import ZIP_SIGNATURES

__all__ = ["binary_kind", "not_text_detail"]

_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (ZIP_SIGNATURES[0], "a zip archive (or an Office document)"),
    (ZIP_SIGNATURES[1], "an empty zip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "a Windows executable"),
    (b"\x00\x00\x01\x00", "an icon"),
    (b"OggS", "an Ogg audio or video file"),
    (b"ID3\x03", "an MP3 audio file"),
    (b"ID3\x04", "an MP3 audio file"),
    (b"\x1aE\xdf\xa3", "a Matroska or WebM video"),
    (b"wOFF", "a web font"),
    (b"wOF2", "a web font"),
)


def binary_kind(data: bytes) -> Optional[str]:
    """What a file beginning with ``data`` is when its first bytes name a binary format (``a PDF
    document``), else None."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            if magic == b"MZ" and b"This program" not in data[:512]:
                return None  # "MZ" alone also starts text
            return kind
    if data[4:8] == b"ftyp":
        return "an MP4 or QuickTime video (or HEIF image)"
    if data[:4] == b"RIFF" and data[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return "a RIFF media file (WebP, WAV or AVI)"
    return None


def not_text_detail(data: bytes) -> Optional[str]:
    """The ``not_html`` detail for bytes whose start names a binary format, else None: one
    wording for a file and for a WARC record labelled HTML."""
    kind = binary_kind(data)
    return f"{kind} (by its first bytes), not text" if kind else None
