"""Submission manifests: what an agency sent, declared in raw/<agency>/<year>/manifest.yml.

A manifest error must name the manifest file, the line and what was expected, so the planner can fix it
without reading code; so we keep YAML node positions instead of loading into plain dicts.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from rekap.i18n import t

DOCUMENT_TYPES = ("rencana_aksi", "renja", "perjanjian_kinerja", "laporan_kinerja", "dpa", "template")
PLAN_VERSIONS = ("murni", "perubahan")
REGION_CODE_RX = re.compile(r"^\d{2}(\.\d{2})?$")


# Every key a manifest may use; anything else is an error with a suggestion (a misspelt `recieved_date` must not
# silently become NULL).
TOP_KEYS = ("agency_name", "region_code", "fiscal_year", "documents")
ENTRY_KEYS = ("file", "document_type", "plan_version", "layout", "received_date")


class ManifestError(Exception):
    """`expected` says what was expected; `reason`, when given, is the whole sentence in Bahasa Indonesia."""

    def __init__(self, path: Path, line: int | None, expected: str, reason: str | None = None) -> None:
        self.path, self.line, self.expected, self.reason = path, line, expected, reason
        if reason is not None:
            where = f"{path}, baris {line}" if line else str(path)
            super().__init__(f"{where}: {reason}")
        else:
            super().__init__(
                t("manifest.error_at", path=path, line=line, expected=expected)
                if line
                else t("manifest.error", path=path, expected=expected)
            )


def _refuse(path: Path, line: int | None, reason: str) -> ManifestError:
    return ManifestError(path, line, reason, reason=reason)


@dataclass(frozen=True)
class DocumentEntry:
    """One document declared by a manifest: everything needed to parse and to place it in the warehouse."""

    manifest_path: Path
    file: Path
    agency_name: str
    region_code: str
    fiscal_year: int
    document_type: str
    plan_version: str
    layout: str
    received_date: dt.date | None
    manifest_line: int  # line of this entry in the manifest, for error messages


# libyaml's parser when installed: the same nodes and marks, several times faster (a national raw/ has thousands
# of manifests, read on every refresh; every extracting process parses the layout specs and the vocabulary)
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")


class _BadText(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


def _scalar(node: yaml.Node | None) -> str | None:
    """A scalar's text; _BadText for control characters or lone surrogates (YAML escapes such as "\\0" or
    "\\ud800" can write them, and no name or code carries one)."""
    if not isinstance(node, yaml.ScalarNode):
        return None
    if _CONTROL.search(node.value):
        raise _BadText(node.start_mark.line + 1)
    return node.value


def _checked_mapping(path: Path, node: yaml.Node, known: tuple[str, ...], what: str) -> dict[str, yaml.Node]:
    """The mapping's keys -> value nodes; ManifestError for a non-text, repeated or unknown key."""
    from rapidfuzz import fuzz, process

    if not isinstance(node, yaml.MappingNode):
        return {}
    out: dict[str, yaml.Node] = {}
    for k, v in node.value:
        line = k.start_mark.line + 1
        if not isinstance(k, yaml.ScalarNode):
            raise _refuse(path, line, f"kunci pada {what} harus berupa teks (salah satu dari {', '.join(known)})")
        if k.value in out:
            first = out[k.value].start_mark.line + 1
            raise _refuse(
                path,
                line,
                f"kunci {k.value!r} muncul dua kali pada {what} (baris {first} dan {line}); hapus salah satunya",
            )
        if k.value not in known:
            best = process.extractOne(k.value, known, scorer=fuzz.ratio, score_cutoff=60)
            hint = f"; maksud Anda {best[0]!r}?" if best else ""
            raise _refuse(
                path,
                line,
                f"kunci {k.value!r} tidak dikenal pada {what}{hint} (kunci yang dikenal: {', '.join(known)})",
            )
        out[k.value] = v
    return out


def _read_text(path: Path) -> str:
    from rekap.guard import Refused, check_manifest_size

    try:
        check_manifest_size(path)
    except Refused as exc:
        raise _refuse(path, None, exc.reason) from exc
    raw = path.read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _refuse(path, None, "manifest harus berupa teks UTF-8 (simpan ulang sebagai UTF-8)") from exc


def _on_disk(folder: Path, name: str) -> Path:
    """The file in `folder` whose name equals `name` after Unicode NFC normalisation (macOS and some archivers
    write NFD; a name typed into the manifest is usually NFC): the exact name wins, else the one NFC match."""
    exact = folder / name
    if exact.exists() or exact.is_symlink():
        return exact
    want = unicodedata.normalize("NFC", name)
    try:
        matches = [p for p in folder.iterdir() if unicodedata.normalize("NFC", p.name) == want]
    except OSError:
        return exact
    return matches[0] if len(matches) == 1 else exact


def load_manifest(path: Path) -> list[DocumentEntry]:
    """Parse and validate a manifest; raise ManifestError at the first problem — never anything else, whatever
    the manifest holds (YAML bombs, deep nesting, wrong types)."""
    try:
        return _load_manifest(path)
    except ManifestError:
        raise
    except _BadText as exc:
        raise _refuse(
            path,
            exc.line,
            "nilai berisi karakter kendali atau karakter yang tidak sah (mis. \\0, \\ud800); tulis sebagai teks biasa",
        ) from exc
    except RecursionError as exc:
        raise _refuse(
            path, None, "struktur YAML bersarang terlalu dalam; manifest harus berupa daftar sederhana"
        ) from exc
    except OSError as exc:
        raise _refuse(path, None, f"manifest tidak dapat dibaca ({exc.strerror or exc})") from exc
    except Exception as exc:  # a manifest is input: any failure is that folder's problem
        raise _refuse(path, None, f"manifest tidak dapat dibaca ({type(exc).__name__}: {str(exc)[:200]})") from exc


def _load_manifest(path: Path) -> list[DocumentEntry]:
    try:
        root = yaml.compose(_read_text(path), Loader=YAML_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ManifestError(
            path, mark.line + 1 if mark else None, t("manifest.bad_yaml", problem=getattr(exc, "problem", exc))
        ) from exc
    if not isinstance(root, yaml.MappingNode):
        raise ManifestError(path, 1, t("manifest.not_mapping"))
    top = _checked_mapping(path, root, TOP_KEYS, "tingkat atas manifest")

    def need(mapping: dict[str, yaml.Node], key: str, parent: yaml.Node, what: str | None = None) -> yaml.Node:
        """The key's node; else the manifest's error naming what the key holds (`what`, or the message
        manifest.what.<key>: translated only when said, a national corpus has thousands of manifests)."""
        if key not in mapping:
            said = what if what is not None else t(f"manifest.what.{key}")
            raise ManifestError(path, parent.start_mark.line + 1, t("manifest.missing_key", key=key, what=said))
        return mapping[key]

    agency_node = need(top, "agency_name", root)
    agency = _scalar(agency_node)
    if not agency:
        raise ManifestError(path, agency_node.start_mark.line + 1, t("manifest.empty_agency"))
    region_node = need(top, "region_code", root)
    region = _scalar(region_node) or ""
    if not REGION_CODE_RX.match(region):
        raise ManifestError(path, region_node.start_mark.line + 1, t("manifest.bad_region", value=region))
    year_node = need(top, "fiscal_year", root)
    year_text = _scalar(year_node) or ""
    if not re.fullmatch(r"20\d\d", year_text):
        raise ManifestError(path, year_node.start_mark.line + 1, t("manifest.bad_year", value=year_text))
    docs_node = need(top, "documents", root)
    if not isinstance(docs_node, yaml.SequenceNode) or not docs_node.value:
        raise ManifestError(path, docs_node.start_mark.line + 1, t("manifest.no_documents"))

    entries = []
    for item in docs_node.value:
        line = item.start_mark.line + 1
        m = _checked_mapping(path, item, ENTRY_KEYS, f"dokumen baris {line}")
        if not m:
            raise ManifestError(path, line, t("manifest.bad_entry"))
        file_name = _scalar(need(m, "file", item))
        if not file_name or "/" in file_name or "\\" in file_name or "\x00" in file_name or file_name.startswith("."):
            raise ManifestError(path, m["file"].start_mark.line + 1, t("manifest.bad_file"))
        doc_type = _scalar(need(m, "document_type", item, "/".join(DOCUMENT_TYPES)))
        if doc_type not in DOCUMENT_TYPES:
            raise ManifestError(
                path,
                m["document_type"].start_mark.line + 1,
                t("manifest.bad_doc_type", choices=", ".join(DOCUMENT_TYPES), value=doc_type),
            )
        version = _scalar(need(m, "plan_version", item))
        if version not in PLAN_VERSIONS:
            raise ManifestError(path, m["plan_version"].start_mark.line + 1, t("manifest.bad_version", value=version))
        layout = _scalar(need(m, "layout", item))
        if not layout:
            raise ManifestError(path, m["layout"].start_mark.line + 1, t("manifest.no_layout"))
        received: dt.date | None = None
        if "received_date" in m:
            rtext = _scalar(m["received_date"]) or ""
            try:
                received = dt.date.fromisoformat(rtext)
            except ValueError as exc:
                raise ManifestError(
                    path, m["received_date"].start_mark.line + 1, t("manifest.bad_received", value=rtext)
                ) from exc
        entries.append(
            DocumentEntry(
                manifest_path=path,
                file=_on_disk(path.parent, file_name),
                agency_name=agency,
                region_code=region,
                fiscal_year=int(year_text),
                document_type=doc_type,
                plan_version=version,
                layout=layout,
                received_date=received,
                manifest_line=line,
            )
        )
    return entries
