"""Small but valid sample files built in memory: PDF, PNG, JPEG, HWP (OLE compound file) and HWPX (ZIP/OCF)."""

import base64
import io
import struct
import zipfile
import zlib


def pdf_bytes(text: str = "Yangjae") -> bytes:
    """A one-page PDF with a correct cross-reference table."""
    stream = f"BT /F1 12 Tf 20 100 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def png_bytes(width: int = 1, height: int = 1) -> bytes:
    """A grey RGB PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\x80\x80\x80" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


# A 1×1 grey baseline JPEG (JFIF), as a camera or scanner would write one.
_JPEG = (
    "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xe"
    "XBkeFxlZ2P/wAALCAABAAEBAREA/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhM"
    "UEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh"
    "4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/9oACAEBAAA/ACv/2Q=="
)


def jpeg_bytes() -> bytes:
    return base64.b64decode(_JPEG)


_FREE, _END, _FATSECT, _NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def ole_bytes(streams: dict[str, bytes]) -> bytes:
    """An OLE compound file (CFB v3, 512-byte sectors) whose root holds small streams (< 4096 bytes each)."""
    mini = b""
    starts = []
    for data in streams.values():
        assert len(data) < 4096
        starts.append(len(mini) // 64)
        mini += data + b"\0" * (-len(data) % 64)
    mini_chain: list[int] = []
    for data, start in zip(streams.values(), starts, strict=True):
        count = max(1, -(-len(data) // 64))
        mini_chain += [start + i + 1 for i in range(count - 1)] + [_END]
    entries = 1 + len(streams)
    dir_sectors = -(-entries // 4)
    minifat_sectors = max(1, -(-len(mini_chain) * 4 // 512))
    ministream_sectors = max(1, -(-len(mini) // 512))
    first_dir, first_minifat = 1, 1 + dir_sectors
    first_ministream = first_minifat + minifat_sectors
    total = first_ministream + ministream_sectors
    assert total <= 128

    def chain(first: int, count: int) -> list[int]:
        return [first + i + 1 for i in range(count - 1)] + [_END]

    fat = [_FATSECT] + chain(first_dir, dir_sectors) + chain(first_minifat, minifat_sectors)
    fat += chain(first_ministream, ministream_sectors)
    fat += [_FREE] * (128 - len(fat))

    def entry(name: str, kind: int, *, right=_NOSTREAM, child=_NOSTREAM, start=0, size=0) -> bytes:
        encoded = (name.encode("utf-16-le") + b"\0\0") if name else b""
        return (
            encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1 if kind else 0)
            + struct.pack("<III", _NOSTREAM, right, child) + b"\0" * 36
            + struct.pack("<IQ", start if kind else 0, size)
        )

    names = list(streams)
    directory = entry("Root Entry", 5, child=1 if names else _NOSTREAM, start=first_ministream, size=len(mini))
    for index, name in enumerate(names):
        right = index + 2 if index + 1 < len(names) else _NOSTREAM
        directory += entry(name, 2, right=right, start=starts[index], size=len(streams[name]))
    while len(directory) < dir_sectors * 512:
        directory += entry("", 0)

    minifat = struct.pack(f"<{len(mini_chain)}I", *mini_chain)
    minifat += struct.pack("<I", _FREE) * ((minifat_sectors * 512 - len(minifat)) // 4)
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, first_dir, 0, 4096, first_minifat, minifat_sectors, _END, 0)
        + struct.pack("<I", 0) + struct.pack("<I", _FREE) * 108
    )
    assert len(header) == 512
    body = struct.pack("<128I", *fat) + directory + minifat + mini.ljust(ministream_sectors * 512, b"\0")
    return header + body


def hwp_bytes() -> bytes:
    """An HWP 5 document: an OLE file whose FileHeader stream starts with the HWP signature."""
    file_header = b"HWP Document File".ljust(32, b"\0") + struct.pack("<II", 0x05000300, 0)
    return ole_bytes({
        "FileHeader": file_header.ljust(256, b"\0"),
        "DocInfo": b"\0" * 100,
        "PrvText": "양재 AI 사업계획서".encode("utf-16-le"),
    })


def hwpx_bytes(mimetype: bytes = b"application/hwp+zip") -> bytes:
    """An HWPX document: OCF ZIP with the stored `mimetype` entry first."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("version.xml", '<?xml version="1.0" encoding="UTF-8"?><hv:HCFVersion/>',
                         compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/container.xml", "<container/>", compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("Contents/section0.xml", "<hs:sec>양재</hs:sec>", compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()
