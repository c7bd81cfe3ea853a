"""The flat columns every tabular output shares: CSV, XLSX and the database's tables.

:func:`family_rows` turns an :class:`~models.ExtractionResult` into flat rows, one list
per field family (``documents``, ``references``, ``targets``, ``timetable``,
``findings``), with the columns declared once in :data:`FAMILIES`: a machine name (CSV
header, database column), a Vietnamese label (XLSX header), a kind (``text``, ``int``,
``real``, ``date``) and how to read the value. Dates stay :class:`datetime.date` here:
CSV writes them as ISO text, XLSX as real date cells, the database as DATE.

Rows start with ``document_id`` — the document's identity (issuer + code + issue date,
:mod:`extractor.identity`), so the same plan read from its PDF and from its scan has
one id — then ``sha256`` and ``file`` of the source the values were read from (and
``idx``, the item's position in its family). List values (owners, recipients…) are
joined with ``"; "``, the separator the timetable parser splits owners on.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Callable, Optional

from vanban.extractor.identity import Identity
from vanban.models import ErrorRecord, ExtractionResult

SEP = "; "


@dataclass(frozen=True)
class Column:
    """One output column: machine name, kind, reader, Vietnamese label, XLSX width."""

    name: str
    kind: str  # text | int | real | date
    get: Callable[[Any], Any]
    label: str
    width: int = 0  # 0: from the kind
    field: str = ""  # JSON path of the value in its item (corrections name fields by it)

    @property
    def sql(self) -> str:  # kept for readers of the old SQLite store
        return {"int": "INTEGER", "real": "REAL", "date": "DATE"}.get(self.kind, "TEXT")

    @property
    def xlsx_width(self) -> int:
        return self.width or {"int": 9, "real": 11, "date": 12}.get(self.kind, 22)


def _page(item) -> Optional[int]:  # field "page" never matches: provenance is not edited
    prov = getattr(item, "provenance", None)
    return prov.page if prov is not None else None


def _join(values) -> Optional[str]:
    values = [v for v in values or () if v]
    return SEP.join(values) if values else None


def _c(name, label, get, kind="text", width=0, field="") -> Column:
    return Column(name, kind, get, label, width, field or name)


def _d(name, label, get, kind="text", width=0, field="") -> Column:
    """A documents column: its field is under ``document.`` unless said otherwise."""
    return Column(name, kind, get, label, width, field or f"document.{name}")


def corrected_fields(result: ExtractionResult) -> Optional[str]:
    """The field paths a reviewer corrected (the ``corrections`` a store adds)."""
    marks = getattr(result, "corrections", None) or []
    return _join(dict.fromkeys(m.get("field_path") for m in marks if m.get("applied", True)))


# The documents family reads from the whole result; the others from one item each.
DOCUMENT_COLUMNS: tuple[Column, ...] = (
    _d("media_type", "Định dạng", lambda r: r.source.media_type, field="source.media_type"),
    _d("pages", "Số trang", lambda r: r.source.pages, "int", field="source.pages"),
    _d("text_source", "Nguồn chữ", lambda r: r.source.text_source, width=12,
       field="source.text_source"),
    _d("ocr_confidence", "Độ tin cậy OCR",
       lambda r: r.source.ocr.mean_confidence if r.source.ocr else None, "real",
       field="source.ocr.mean_confidence"),
    _d("status", "Trạng thái", lambda r: r.status, width=14, field="status"),
    _d("doc_type", "Loại (mã)", lambda r: r.document.doc_type, width=12),
    _d("doc_type_label", "Loại văn bản", lambda r: r.document.doc_type_label, width=14),
    _d("number", "Số", lambda r: r.document.number, width=8),
    _d("symbol", "Ký hiệu", lambda r: r.document.symbol, width=14),
    _d("code", "Số, ký hiệu", lambda r: r.document.code, width=18),
    _d("issuer", "Cơ quan ban hành", lambda r: r.document.issuer, width=30),
    _d("issuer_parent", "Cơ quan chủ quản", lambda r: r.document.issuer_parent, width=30),
    _d("place", "Địa danh", lambda r: r.document.place, width=14),
    _d("issue_date", "Ngày ban hành", lambda r: r.document.issue_date, "date"),
    _d("title", "Trích yếu", lambda r: r.document.title, width=50),
    _d("period_start", "Kỳ từ ngày",
       lambda r: r.document.period.start if r.document.period else None, "date",
       field="document.period.start"),
    _d("period_end", "Kỳ đến ngày",
       lambda r: r.document.period.end if r.document.period else None, "date",
       field="document.period.end"),
    _d("signer_name", "Người ký", lambda r: r.document.signer.name if r.document.signer else None,
       field="document.signer.name"),
    _d("signer_position", "Chức vụ người ký",
       lambda r: r.document.signer.position if r.document.signer else None,
       field="document.signer.position"),
    _d("signer_authority", "Thẩm quyền ký",
       lambda r: r.document.signer.authority if r.document.signer else None,
       field="document.signer.authority"),
    _d("recipients", "Nơi nhận", lambda r: _join(r.document.recipients), width=40),
    _d("emails", "Thư điện tử", lambda r: _join(r.document.contacts.emails),
       field="document.contacts.emails"),
    _d("phones", "Điện thoại", lambda r: _join(r.document.contacts.phones), width=16,
       field="document.contacts.phones"),
    _d("n_references", "Số văn bản dẫn chiếu", lambda r: len(r.references), "int",
       field="references"),
    _d("n_targets", "Số chỉ tiêu", lambda r: len(r.targets), "int", field="targets"),
    _d("n_timetable", "Số nhiệm vụ", lambda r: len(r.timetable), "int", field="timetable"),
    _d("n_findings", "Số phát hiện", lambda r: len(r.findings), "int", field="findings"),
    _d("n_errors", "Số lỗi",
       lambda r: sum(f.severity == "error" for f in r.findings), "int", field="findings"),
    _d("needs_review", "Cần rà soát", lambda r: int(bool(r.needs_review)), "int",
       field="needs_review"),
    _d("warnings", "Cảnh báo", lambda r: _join(r.warnings), width=30, field="warnings"),
    _d("corrections", "Trường đã sửa", corrected_fields, width=24, field="corrections"),
)

REFERENCE_COLUMNS: tuple[Column, ...] = (
    _c("doc_type", "Loại (mã)", lambda x: x.doc_type, width=12),
    _c("number", "Số", lambda x: x.number, width=8),
    _c("year", "Năm", lambda x: x.year, width=8),
    _c("symbol", "Ký hiệu", lambda x: x.symbol, width=14),
    _c("code", "Số, ký hiệu", lambda x: x.code, width=18),
    _c("issue_date", "Ngày ban hành", lambda x: x.date, "date", field="date"),
    _c("issuer", "Cơ quan ban hành", lambda x: x.issuer, width=30),
    _c("title", "Trích yếu", lambda x: x.title, width=50),
    _c("roles", "Vai trò", lambda x: _join(dict.fromkeys(m.role for m in x.mentions)),
       field="mentions"),
    _c("n_mentions", "Số lần nhắc", lambda x: len(x.mentions), "int", field="mentions"),
    _c("as_written", "Nguyên văn", lambda x: x.mentions[0].as_written if x.mentions else None,
       width=40, field="mentions"),
    _c("page", "Trang", lambda x: _page(x.mentions[0]) if x.mentions else None, "int",
       field="mentions"),
    _c("registry_matched", "Có trong danh mục",
       lambda x: int(x.registry.matched) if x.registry else None, "int",
       field="registry.matched"),
    _c("registry_status", "Hiệu lực", lambda x: x.registry.status if x.registry else None,
       width=12, field="registry.status"),
    _c("registry_code", "Số, ký hiệu trong danh mục",
       lambda x: x.registry.code if x.registry else None, width=18, field="registry.code"),
)

TARGET_COLUMNS: tuple[Column, ...] = (
    _c("text", "Chỉ tiêu", lambda x: x.text, width=50),
    _c("metric", "Nội dung đo", lambda x: x.metric, width=30),
    _c("comparator", "So sánh", lambda x: x.comparator, width=8),
    _c("value", "Giá trị", lambda x: x.value, "real"),
    _c("value_max", "Giá trị tối đa", lambda x: x.value_max, "real"),
    _c("unit", "Đơn vị tính", lambda x: x.unit, width=12),
    _c("due", "Thời hạn", lambda x: x.due, "date"),
    _c("section", "Mục", lambda x: x.section, width=30),
    _c("page", "Trang", _page, "int"),
)

TIMETABLE_COLUMNS: tuple[Column, ...] = (
    _c("seq", "STT", lambda x: x.seq, width=6),
    _c("task", "Nhiệm vụ", lambda x: x.task, width=50),
    _c("due_text", "Thời gian (nguyên văn)", lambda x: x.due_text, width=24),
    _c("due_start", "Bắt đầu", lambda x: x.start, "date", field="start"),
    _c("due_end", "Hạn hoàn thành", lambda x: x.end, "date", field="end"),
    _c("owners", "Đơn vị thực hiện", lambda x: _join(x.owners), width=30),
    _c("lead", "Lãnh đạo phụ trách", lambda x: x.lead, width=24),
    _c("partners", "Đơn vị phối hợp", lambda x: _join(x.partners), width=30),
    _c("source", "Đọc từ", lambda x: x.source, width=10),
    _c("page", "Trang", _page, "int"),
)

FINDING_COLUMNS: tuple[Column, ...] = (
    _c("code", "Mã phát hiện", lambda x: x.code, width=24),
    _c("severity", "Mức độ", lambda x: x.severity, width=10),
    _c("message", "Nội dung", lambda x: x.message, width=60),
    _c("ref", "Liên quan", lambda x: x.ref, width=18),
    _c("rule", "Căn cứ", lambda x: x.rule, width=24),
    _c("page", "Trang", _page, "int"),
)

#: family name -> (attribute of ExtractionResult holding its items or None, columns)
FAMILIES: dict[str, tuple[Optional[str], tuple[Column, ...]]] = {
    "documents": (None, DOCUMENT_COLUMNS),
    "references": ("references", REFERENCE_COLUMNS),
    "targets": ("targets", TARGET_COLUMNS),
    "timetable": ("timetable", TIMETABLE_COLUMNS),
    "findings": ("findings", FINDING_COLUMNS),
}

#: Vietnamese sheet names of the XLSX workbook
SHEET_LABELS = {"documents": "Văn bản", "references": "Văn bản dẫn chiếu",
                "targets": "Chỉ tiêu", "timetable": "Tiến độ", "findings": "Phát hiện",
                "errors": "Lỗi"}

ERROR_COLUMNS: tuple[Column, ...] = (
    _c("sha256", "Mã băm (sha256)", lambda e: e.sha256, width=20),
    _c("file", "Tệp", lambda e: e.file, width=40),
    _c("kind", "Loại lỗi", lambda e: e.kind, width=20),
    _c("message", "Nội dung", lambda e: e.message, width=60),
    _c("exit_code", "Mã thoát", lambda e: e.exit_code, "int"),
)

_KEYS = {
    "document_id": Column("document_id", "text", None, "Mã văn bản (vanban)", 18),
    "sha256": Column("sha256", "text", None, "Mã băm tệp (sha256)", 20),
    "file": Column("file", "text", None, "Tệp", 30),
    "idx": Column("idx", "int", None, "Thứ tự", 7),
}


def key_columns(family: str) -> tuple[str, ...]:
    """The key columns every row of ``family`` starts with."""
    base = ("document_id", "sha256", "file")
    return base if family == "documents" else (*base, "idx")


def columns(family: str) -> list[Column]:
    """Every column of ``family`` in output order, keys first."""
    return [*(_KEYS[k] for k in key_columns(family)), *FAMILIES[family][1]]


def header(family: str) -> list[str]:
    """Column names of ``family`` in output order (keys first)."""
    return [c.name for c in columns(family)]


def document_id(result: ExtractionResult, sha256: Optional[str] = None) -> str:
    """The id of the document a result belongs to (see :mod:`extractor.identity`)."""
    return Identity.of(result).doc_id(sha256 or result.source.sha256 or result.source.file)


def family_rows(result: ExtractionResult, sha256: Optional[str] = None) -> dict[str, list[list]]:
    """Flat rows of one result, by family, in :func:`header` order.

    ``sha256`` defaults to the one in ``result.source``; a batch passes the hash it
    computed so that rows stay keyed even if the extractor left it out.
    """
    sha = sha256 or result.source.sha256
    keys = [document_id(result, sha), sha, result.source.file]
    out: dict[str, list[list]] = {}
    for family, (attr, cols) in FAMILIES.items():
        if attr is None:
            out[family] = [[*keys, *(c.get(result) for c in cols)]]
        else:
            out[family] = [[*keys, i, *(c.get(item) for c in cols)]
                           for i, item in enumerate(getattr(result, attr))]
    return out


def item_values(result: ExtractionResult) -> dict[str, list[dict]]:
    """The family columns only (no keys), as dicts by column name — for the database."""
    out: dict[str, list[dict]] = {}
    for family, (attr, cols) in FAMILIES.items():
        items = [result] if attr is None else getattr(result, attr)
        out[family] = [{c.name: c.get(item) for c in cols} for item in items]
    return out


def corrected_cells(result: ExtractionResult) -> set[tuple[str, int, str]]:
    """``(family, idx, column name)`` of every cell a reviewer's correction changed —
    for the XLSX export to mark them."""
    out = set()
    marks = getattr(result, "corrections", None) or []
    for mark in marks:
        if not mark.get("applied", True):
            continue
        parts = str(mark.get("field_path", "")).split(".")
        if parts[0] in FAMILIES and parts[0] != "documents" and len(parts) > 1 \
                and parts[1].isdigit():
            family, idx, rest = parts[0], int(parts[1]), ".".join(parts[2:])
        else:
            family, idx, rest = "documents", 0, ".".join(parts)
        for col in FAMILIES[family][1]:
            f = col.field
            if not rest or f == rest or rest.startswith(f + ".") or f.startswith(rest + "."):
                out.add((family, idx, col.name))
    return out


def error_row(record: ErrorRecord) -> list:
    return [c.get(record) for c in ERROR_COLUMNS]


def iso(value):
    return value.isoformat() if isinstance(value, date) else value
