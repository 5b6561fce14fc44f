"""Upload hardening: type by content, sanitized names, size and archive limits, an optional virus scan,
private downloads."""

from __future__ import annotations

import io
import logging
import os
import re
import socket
import struct
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from urllib.parse import quote

import olefile
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger("portal.security")


@dataclass(frozen=True)
class FileFormat:
    code: str
    label: str
    content_type: str
    extensions: tuple[str, ...]


FORMATS: dict[str, FileFormat] = {
    fmt.code: fmt
    for fmt in (
        FileFormat("pdf", "PDF", "application/pdf", (".pdf",)),
        FileFormat("jpeg", "JPEG", "image/jpeg", (".jpg", ".jpeg")),
        FileFormat("png", "PNG", "image/png", (".png",)),
        FileFormat("hwp", "HWP", "application/x-hwp", (".hwp",)),
        FileFormat("hwpx", "HWPX", "application/hwp+zip", (".hwpx",)),
    )
}

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HWP_SIGNATURE = b"HWP Document File"
HWPX_MIMETYPE = b"application/hwp+zip"


def _read_all(file) -> bytes:
    """The whole content of an uploaded file (or bytes), leaving the file at position 0."""
    if isinstance(file, bytes | bytearray):
        return bytes(file)
    file.seek(0)
    if hasattr(file, "chunks"):
        data = b"".join(file.chunks())
    else:
        data = file.read()
    file.seek(0)
    return data


def _is_hwp(data: bytes) -> bool:
    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except Exception:  # a damaged compound file is simply not HWP
        return False
    try:
        if not ole.exists("FileHeader"):
            return False
        return ole.openstream("FileHeader").read(len(HWP_SIGNATURE)) == HWP_SIGNATURE
    except Exception:
        return False
    finally:
        ole.close()


def _is_hwpx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            # OCF: the `mimetype` entry comes first and names the format.
            if not names or names[0] != "mimetype" or archive.getinfo("mimetype").file_size > 100:
                return False
            return archive.read("mimetype").strip() == HWPX_MIMETYPE
    except Exception:  # any damaged or hostile archive (bad headers, unknown compression, zip bombs' errors)
        return False


def archive_bounds_error(data: bytes) -> ValidationError | None:
    """Why a ZIP-based upload (HWPX) is refused as a possible zip bomb, or None when it is within bounds.

    Reads only the central directory (the declared sizes of the entries); nothing is decompressed. The
    limits are settings: PORTAL_ARCHIVE_MAX_ENTRIES, PORTAL_ARCHIVE_MAX_UNCOMPRESSED_BYTES and
    PORTAL_ARCHIVE_MAX_RATIO (unpacked size over the size of the file)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except Exception:  # not a readable archive: the format check refuses it
        return None
    max_entries, max_unpacked = settings.PORTAL_ARCHIVE_MAX_ENTRIES, settings.PORTAL_ARCHIVE_MAX_UNCOMPRESSED_BYTES
    if len(entries) > max_entries:
        return ValidationError(
            _("This file is an archive of %(count)s parts; at most %(limit)s are accepted. Re-save the document "
              "and try again."),
            code="archive_entries", params={"count": f"{len(entries):,}", "limit": f"{max_entries:,}"},
        )
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > max_unpacked:
        return ValidationError(
            _("Unpacked, this file would take %(size)s; at most %(limit)s are accepted. Re-save the document "
              "and try again."),
            code="archive_size", params={"size": filesizeformat(unpacked), "limit": filesizeformat(max_unpacked)},
        )
    ratio = unpacked / max(1, len(data))
    if ratio > settings.PORTAL_ARCHIVE_MAX_RATIO:
        return ValidationError(
            _("This file unpacks to %(ratio)s times its size, more than the %(limit)s times a document does. "
              "Re-save the document and try again."),
            code="archive_ratio", params={"ratio": f"{ratio:,.0f}", "limit": settings.PORTAL_ARCHIVE_MAX_RATIO},
        )
    return None


def _head(file, size: int) -> bytes:
    if isinstance(file, bytes | bytearray):
        return bytes(file[:size])
    file.seek(0)
    data = file.read(size)
    file.seek(0)
    return data


def detect_format(file) -> str | None:
    """The format code ("pdf", "jpeg", "png", "hwp", "hwpx") decided by content, or None.

    PDF, JPEG and PNG by their signature; HWP and HWPX by reading the container (OLE, ZIP)."""
    head = _head(file, 8)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(OLE_MAGIC) and _is_hwp(_read_all(file)):
        return "hwp"
    if head.startswith(b"PK\x03\x04") and _is_hwpx(_read_all(file)):
        return "hwpx"
    return None


_UNSAFE = re.compile(r"[^\w\s.\-()\[\],&+]", re.UNICODE)
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def sanitize_filename(name: str, *, max_length: int = 120, default: str = "document") -> str:
    """A safe file name: no folders, control or shell characters; Korean letters kept (NFC); length bounded."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C"))
    name = _UNSAFE.sub("_", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    stem, ext = os.path.splitext(name)
    ext = ext.lower() if re.fullmatch(r"\.[\w]{1,10}", ext or "") else ""
    stem = stem.strip(" .") or default
    if stem.upper() in _WINDOWS_RESERVED:
        stem = f"_{stem}"
    stem = stem[: max(1, max_length - len(ext))].rstrip(" .") or default
    return stem + ext


def stored_name(name: str) -> str:
    """The name a file is stored under: 32 random hex digits and the original's extension (lower case),
    nothing else of the name the user gave. Keep the sanitized original for display and download."""
    return uuid.uuid4().hex + os.path.splitext(sanitize_filename(name))[1]


class VirusScanError(Exception):
    """The scanner could not be reached or did not answer."""


def clamav_scan(data: bytes, *, address: str | None = None, timeout: float | None = None) -> str | None:
    """Send `data` to clamd (INSTREAM); the signature name when infected, None when clean."""
    address = address if address is not None else settings.CLAMAV_SOCKET
    timeout = timeout if timeout is not None else settings.CLAMAV_TIMEOUT
    try:
        if address.startswith("/"):
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(timeout)
            sock.connect(address)
        else:
            host, _sep, port = address.rpartition(":")
            sock = socket.create_connection((host, int(port)), timeout=timeout)
        with sock:
            sock.sendall(b"zINSTREAM\0")
            for start in range(0, len(data), 65536):
                chunk = data[start : start + 65536]
                sock.sendall(struct.pack("!L", len(chunk)) + chunk)
            sock.sendall(struct.pack("!L", 0))
            reply = b""
            while not reply.endswith(b"\0"):
                part = sock.recv(4096)
                if not part:
                    break
                reply += part
    except (OSError, ValueError) as exc:
        raise VirusScanError(str(exc)) from exc
    text = reply.rstrip(b"\0").decode(errors="replace").strip()
    if text.endswith("FOUND"):
        return text.removeprefix("stream:").removesuffix("FOUND").strip()
    if text.endswith("OK"):
        return None
    raise VirusScanError(text or "empty reply")


@deconstructible
class UploadValidator:
    """Form/model field validator: accepted formats by content, a size limit (per format if a dict),
    a name whose extension matches the content, and the virus scan when CLAMAV_SOCKET is set.

    An infected file raises a ValidationError and is never stored (quarantined)."""

    def __init__(self, allowed_formats, max_bytes):
        unknown = set(allowed_formats) - set(FORMATS)
        if unknown:
            raise ValueError(f"unknown upload formats: {sorted(unknown)}")
        self.allowed_formats = list(allowed_formats)
        self.max_bytes = max_bytes

    def __eq__(self, other):
        return (
            isinstance(other, UploadValidator)
            and self.allowed_formats == other.allowed_formats
            and self.max_bytes == other.max_bytes
        )

    def _limit(self, fmt: str | None) -> int:
        if isinstance(self.max_bytes, dict):
            ceiling = max(self.max_bytes.values())
            return ceiling if fmt is None else self.max_bytes.get(fmt, ceiling)
        return self.max_bytes

    @staticmethod
    def _too_large(size: int, limit: int) -> ValidationError:
        shown, limit_shown = filesizeformat(size), filesizeformat(limit)
        if shown == limit_shown:  # just over the limit: rounding would show the same figure twice
            shown = _("%(size)s bytes") % {"size": f"{size:,}"}
            limit_shown = _("%(size)s bytes") % {"size": f"{limit:,}"}
        return ValidationError(
            _("The file is too large (%(size)s). The limit is %(limit)s."),
            code="too_large", params={"size": shown, "limit": limit_shown},
        )

    def __call__(self, file) -> None:
        size = getattr(file, "size", None)
        if size == 0:
            raise ValidationError(_("The file is empty."), code="empty")
        if size is not None and size > self._limit(None):  # refused before reading it
            raise self._too_large(size, self._limit(None))
        fmt = detect_format(file)
        if fmt not in self.allowed_formats:
            raise ValidationError(
                _("The content of this file is not an accepted format. Accepted: %(formats)s."),
                code="format", params={"formats": ", ".join(FORMATS[code].label for code in self.allowed_formats)},
            )
        if size is not None and size > self._limit(fmt):
            raise self._too_large(size, self._limit(fmt))
        if fmt == "hwpx":  # a ZIP: bounded before anything (a scanner, a viewer) unpacks it
            error = archive_bounds_error(_read_all(file))
            if error is not None:
                raise error
        extension = os.path.splitext(getattr(file, "name", "") or "")[1].lower()
        if extension not in FORMATS[fmt].extensions:
            raise ValidationError(
                _("The file name ends in “%(extension)s” but the content is %(format)s. Rename or re-save the file."),
                code="extension", params={"extension": extension or "—", "format": FORMATS[fmt].label},
            )
        if settings.CLAMAV_SOCKET:
            self._scan(file)
        file.detected_format = fmt
        file.content_type = FORMATS[fmt].content_type

    @staticmethod
    def _scan(file) -> None:
        try:
            signature = clamav_scan(_read_all(file))
        except VirusScanError as exc:
            logger.error("virus scan unavailable, upload %r refused: %s", getattr(file, "name", ""), exc)
            raise ValidationError(
                _("The file could not be checked for viruses right now. Please try again in a few minutes."),
                code="scan_unavailable",
            )
        if signature:
            logger.warning("virus scan: upload %r refused and not stored (%s)", getattr(file, "name", ""), signature)
            raise ValidationError(
                _("The file was refused because a virus was found in it (%(signature)s)."),
                code="infected", params={"signature": signature},
            )


def validate_upload(*, allowed_formats, max_bytes) -> UploadValidator:
    """A validator for a FileField: `validators=[validate_upload(allowed_formats=["pdf", "hwp"], max_bytes=...)]`.

    `max_bytes` is one limit in bytes, or a dict of limits per format code."""
    return UploadValidator(allowed_formats, max_bytes)


def _ascii_fallback(filename: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode()
    ascii_name = re.sub(r'[^A-Za-z0-9.\-_ ()]', "_", ascii_name).strip() or "download"
    stem, ext = os.path.splitext(ascii_name)
    if not re.search(r"[A-Za-z0-9]", stem):
        ascii_name = "download" + ext
    return ascii_name


def content_disposition(filename: str) -> str:
    """`attachment` with an ASCII fallback name and the RFC 5987 `filename*` for the real (Korean) name."""
    filename = sanitize_filename(filename)
    return f"attachment; filename=\"{_ascii_fallback(filename)}\"; filename*=UTF-8''{quote(filename, safe='')}"


def private_file_response(storage_path: str, filename: str, *, content_type: str | None = None) -> FileResponse:
    """Stream a file from storages["private"] as a download. The caller has checked permissions."""
    storage = storages["private"]
    try:
        handle = storage.open(storage_path, "rb")
    except (FileNotFoundError, OSError):
        raise Http404("no such file")
    if content_type is None:
        extension = os.path.splitext(filename)[1].lower()
        content_type = next(
            (fmt.content_type for fmt in FORMATS.values() if extension in fmt.extensions), "application/octet-stream"
        )
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    # Should a browser render it anyway, it runs no script and loads nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
