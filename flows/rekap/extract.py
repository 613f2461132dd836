"""Extract one declared document: read its bytes, pick its layout spec and adapter, and split it into cells.

The outcome is either the landed values or a quarantine record naming file, line and what was expected —
never an exception escaping into the flow, so one bad submission cannot stop the others.
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass, field
from pathlib import Path

from rekap.discover import submission_id
from rekap.guard import (
    Refused,
    check_file_size,
    check_line_lengths,
    check_xlsx_directory,
    describe_failure,
)
from rekap.i18n import load_failure, t
from rekap.layouts import adapter_for, adapter_version
from rekap.layouts.errors import LayoutMismatch
from rekap.layouts.spec import load_spec, resolve_spec_path, spec_family, spec_sha256
from rekap.layouts.textfile import read_lines
from rekap.manifest import DocumentEntry
from rekap.sources import pdf
from rekap.tables.cells import LandedValue, PackedValues


@dataclass
class Extraction:
    entry: DocumentEntry
    submission_id: str
    source_file: str
    content_sha256: str | None
    fingerprint: str
    layout_family: str | None
    values: list[LandedValue] | PackedValues = field(default_factory=list)
    failure_line: int | None = None
    failure_expected: str | None = None
    failure_reason: str | None = None  # a refusal sentence in Bahasa Indonesia (limits, damaged files, crashes)
    # (line, kind, sentence in Bahasa Indonesia): loaded, but worth a word to the agency (encoding, hidden rows...)
    notes: list[tuple[int | None, str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.failure_expected is None

    @property
    def message(self) -> str:
        return load_failure(self.source_file, self.failure_line, self.failure_expected, self.failure_reason)


def _fingerprint(content_sha: str, entry: DocumentEntry, spec_sha: str, parser_version: str) -> str:
    manifest_part = "|".join(
        str(x)
        for x in (
            entry.agency_name,
            entry.region_code,
            entry.fiscal_year,
            entry.document_type,
            entry.plan_version,
            entry.layout,
            entry.received_date,
        )
    )
    return hashlib.sha256(f"{content_sha}|{manifest_part}|{spec_sha}|{parser_version}".encode()).hexdigest()


def fingerprint_of(entry: DocumentEntry, raw: bytes | None = None) -> tuple[str | None, str]:
    """(content hash, fingerprint) without parsing: what the incremental planner compares with the last run.
    Pass `raw` when the bytes are already in hand, so the file is read once."""
    if raw is None:
        try:
            with entry.file.open("rb") as fh:  # streamed: a file over the size limit is hashed, never held
                content_sha = hashlib.file_digest(fh, "sha256").hexdigest()
                fh.seek(0)
                head = fh.read(1024)
        except OSError:
            return None, "unreadable"
    else:
        content_sha = hashlib.sha256(raw).hexdigest()
        head = raw[:1024]
    try:
        spec_path = resolve_spec_path(entry.layout, entry.manifest_path.parent)
        spec_part, version = spec_sha256(spec_path), adapter_version(spec_family(spec_path))
        version += f"+pdf{pdf.VERSION}" if pdf.is_pdf(head) else ""
    except Exception:  # noqa: BLE001 - an unusable spec is reported by the extraction; the fingerprint just notes it
        spec_part, version = "no-spec", "0"
    return content_sha, _fingerprint(content_sha, entry, spec_part, version)


def extract_document(entry: DocumentEntry, raw_dir: Path) -> Extraction:
    """Never raises: any failure reading this one file, whatever the exception, quarantines this file alone."""
    sid = submission_id(entry, raw_dir)
    try:
        return _extract_document(entry, sid)
    except Exception as exc:  # noqa: BLE001 - one submission's problem is that submission's problem
        try:
            content_sha, fp = fingerprint_of(entry)
        except Exception:  # noqa: BLE001
            content_sha, fp = None, "unreadable"
        reason = describe_failure(exc)
        return Extraction(
            entry,
            sid,
            sid,
            content_sha,
            fp,
            None,
            failure_line=getattr(exc, "line", None),
            failure_expected=reason,
            failure_reason=reason,
        )


def _extract_document(entry: DocumentEntry, sid: str) -> Extraction:
    check_file_size(entry.file)
    try:
        raw: bytes | None = entry.file.read_bytes()
        read_error = None
    except OSError as exc:
        raw, read_error = None, exc
    if raw is not None and raw[:4] == b"PK\x03\x04":  # a zip (a workbook): its directory is checked before inflating
        check_xlsx_directory(raw)
    content_sha, fp = fingerprint_of(entry, raw) if raw is not None else (None, "unreadable")
    result = Extraction(entry, sid, sid, content_sha, fp, None)

    def fail(line: int | None, expected: str) -> Extraction:
        result.failure_line, result.failure_expected = line, expected
        result.values = []
        return result

    if raw is None:
        assert read_error is not None  # raw is None only when reading it failed
        return fail(None, t("extract.unreadable", error=read_error.strerror))
    try:
        spec_path = resolve_spec_path(entry.layout, entry.manifest_path.parent)
        spec = load_spec(spec_path)
    except (FileNotFoundError, ValueError) as exc:
        return fail(None, t("extract.no_spec", layout=entry.layout, manifest=entry.manifest_path.name, error=exc))
    if not isinstance(spec, dict) or not isinstance(spec.get("family"), str):
        return fail(None, t("extract.spec_no_family", layout=entry.layout))
    result.layout_family = spec["family"]
    try:
        adapter = adapter_for(spec["family"])
    except (KeyError, TypeError, ImportError, AttributeError, SyntaxError) as exc:
        return fail(None, t("extract.unknown_family", error=exc))
    if not raw.strip():
        return fail(None, t("extract.empty"))
    pdf_text: pdf.PdfText | None = None
    if getattr(sys.modules[adapter.__module__], "INPUT", "lines") == "bytes":
        document: list[str] | bytes = raw  # spreadsheets: the adapter reads the workbook itself
        # a workbook states its own region and year: the adapter checks them against the manifest's
        spec = {**spec, "expect": {"region_code": entry.region_code, "fiscal_year": entry.fiscal_year}}
    elif pdf.is_pdf(raw):  # a PDF as received: its tables become tab-separated lines, each with its page
        try:
            pdf_text = pdf.read_pdf(raw)
        except pdf.NoTextLayer:
            return fail(None, pdf.NEEDS_OCR)
        except Exception as exc:  # noqa: BLE001 - whatever the PDF parser makes of a damaged file quarantines it
            return fail(None, t("extract.bad_pdf", error=f"{type(exc).__name__}: {exc}"))
        document = pdf_text.lines
    else:
        try:
            document = read_lines(raw)
        except UnicodeDecodeError as exc:
            raise Refused(describe_failure(exc)) from exc
    if isinstance(document, list):  # text: no line longer than any table row; how it was decoded, if not UTF-8
        check_line_lengths(document)
        encoding_note = getattr(document, "encoding_note", None)
        if encoding_note:
            result.notes.append((None, "encoding", encoding_note))
    try:
        result.values = adapter(document, spec)
        notes_of = getattr(sys.modules[adapter.__module__], "notes", None)
        if notes_of is not None:  # what the layout read but the sender may not have meant (hidden rows, ...)
            result.notes.extend(notes_of(document, spec))
    except LayoutMismatch as exc:
        found = t("extract.found", found=exc.found) if exc.found else ""
        page = t("extract.page", page=pdf_text.page_of(exc.line)) if pdf_text and exc.line else ""
        return fail(exc.line, t("extract.mismatch", expected=exc.expected, found=found, page=page, spec=spec_path.stem))
    if pdf_text:
        result.values = pdf.with_pages(result.values, pdf_text)
    if not result.values:
        return fail(None, t("extract.no_table", spec=spec_path.stem))
    return result
