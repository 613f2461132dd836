"""Submission manifests: what an agency sent, declared in raw/<agency>/<year>/manifest.yml.

A manifest error must name the manifest file, the line and what was expected, so the planner can fix it
without reading code; so we keep YAML node positions instead of loading into plain dicts.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

DOCUMENT_TYPES = ("rencana_aksi", "renja", "perjanjian_kinerja", "laporan_kinerja", "dpa", "template")
PLAN_VERSIONS = ("murni", "perubahan")
REGION_CODE_RX = re.compile(r"^\d{2}(\.\d{2})?$")


class ManifestError(Exception):
    def __init__(self, path: Path, line: int | None, expected: str) -> None:
        self.path, self.line, self.expected = path, line, expected
        where = f"{path}, line {line}" if line else str(path)
        super().__init__(f"{where}: expected {expected}")


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
# of manifests, read on every refresh)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _scalar(node: yaml.Node | None) -> str | None:
    return node.value if isinstance(node, yaml.ScalarNode) else None


def _mapping(node: yaml.Node) -> dict[str, yaml.Node]:
    return {k.value: v for k, v in node.value} if isinstance(node, yaml.MappingNode) else {}


def load_manifest(path: Path) -> list[DocumentEntry]:
    """Parse and validate a manifest; raise ManifestError at the first problem."""
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ManifestError(path, mark.line + 1 if mark else None, f"valid YAML ({getattr(exc, 'problem', exc)})") from exc
    except UnicodeDecodeError as exc:
        raise ManifestError(path, None, "a UTF-8 text file") from exc
    if not isinstance(root, yaml.MappingNode):
        raise ManifestError(path, 1, "a mapping with agency_name, region_code, fiscal_year and documents")
    top = _mapping(root)

    def need(mapping: dict[str, yaml.Node], key: str, parent: yaml.Node, what: str) -> yaml.Node:
        if key not in mapping:
            raise ManifestError(path, parent.start_mark.line + 1, f"key '{key}' ({what})")
        return mapping[key]

    agency_node = need(top, "agency_name", root, "the agency's name")
    agency = _scalar(agency_node)
    if not agency:
        raise ManifestError(path, agency_node.start_mark.line + 1, "a non-empty agency_name")
    region_node = need(top, "region_code", root, "Kemendagri region code, e.g. \"19.01\"")
    region = _scalar(region_node) or ""
    if not REGION_CODE_RX.match(region):
        raise ManifestError(path, region_node.start_mark.line + 1, f"a Kemendagri region code like \"18\" or \"19.01\", got {region!r}")
    year_node = need(top, "fiscal_year", root, "the fiscal year, e.g. 2024")
    year_text = _scalar(year_node) or ""
    if not re.fullmatch(r"20\d\d", year_text):
        raise ManifestError(path, year_node.start_mark.line + 1, f"a fiscal year between 2000 and 2099, got {year_text!r}")
    docs_node = need(top, "documents", root, "the list of documents in this folder")
    if not isinstance(docs_node, yaml.SequenceNode) or not docs_node.value:
        raise ManifestError(path, docs_node.start_mark.line + 1, "a non-empty list of documents")

    entries = []
    for item in docs_node.value:
        line = item.start_mark.line + 1
        m = _mapping(item)
        if not m:
            raise ManifestError(path, line, "a document entry with file, document_type, plan_version, layout")
        file_name = _scalar(need(m, "file", item, "the document's file name in this folder"))
        if not file_name or "/" in file_name or file_name.startswith("."):
            raise ManifestError(path, m["file"].start_mark.line + 1, "a plain file name in this folder")
        doc_type = _scalar(need(m, "document_type", item, "/".join(DOCUMENT_TYPES)))
        if doc_type not in DOCUMENT_TYPES:
            raise ManifestError(path, m["document_type"].start_mark.line + 1, f"document_type one of {', '.join(DOCUMENT_TYPES)}, got {doc_type!r}")
        version = _scalar(need(m, "plan_version", item, "murni or perubahan"))
        if version not in PLAN_VERSIONS:
            raise ManifestError(path, m["plan_version"].start_mark.line + 1, f"plan_version 'murni' or 'perubahan', got {version!r}")
        layout = _scalar(need(m, "layout", item, "the layout spec name"))
        if not layout:
            raise ManifestError(path, m["layout"].start_mark.line + 1, "a layout spec name")
        received: dt.date | None = None
        if "received_date" in m:
            rtext = _scalar(m["received_date"]) or ""
            try:
                received = dt.date.fromisoformat(rtext)
            except ValueError as exc:
                raise ManifestError(path, m["received_date"].start_mark.line + 1, f"received_date as YYYY-MM-DD, got {rtext!r}") from exc
        entries.append(
            DocumentEntry(
                manifest_path=path,
                file=path.parent / file_name,
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
