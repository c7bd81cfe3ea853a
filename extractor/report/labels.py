"""Report labels: Vietnamese first, English available."""
from __future__ import annotations

LABELS = {
    "vi": {
        "title": "Kết quả trích xuất", "fields": "Các trường", "findings": "Phát hiện",
        "confidence": "Độ tin cậy", "needs_review": "Cần kiểm tra", "ok": "Đạt",
        "page": "Trang", "no_box": "không có vị trí trên trang", "text": "Văn bản",
        "no_findings": "Không có phát hiện", "flagged": "trường cần kiểm tra",
        "families": {"header": "Phần đầu", "reference": "Văn bản dẫn", "target": "Chỉ tiêu",
                     "timetable": "Tiến độ", "finding": "Phát hiện"},
        "legend": "Chú giải", "evidence": "xem trên trang", "documents": "Văn bản",
        "status": "Trạng thái", "file": "Tệp", "corrected": "đã sửa",
        "fieldnames": {
            "doc_type": "Loại văn bản", "doc_type_label": "Tên loại", "number": "Số",
            "symbol": "Ký hiệu", "code": "Số, ký hiệu", "issuer": "Cơ quan ban hành",
            "issuer_parent": "Cơ quan chủ quản", "place": "Địa danh",
            "issue_date": "Ngày ban hành", "title": "Trích yếu", "period": "Thời kỳ",
            "signer": "Khối chữ ký", "signer.name": "Người ký",
            "signer.position": "Chức vụ người ký", "recipients": "Nơi nhận",
            "contacts": "Liên hệ", "reference": "Văn bản dẫn", "target": "Chỉ tiêu",
            "timetable": "Tiến độ"},
    },
    "en": {
        "title": "Extraction result", "fields": "Fields", "findings": "Findings",
        "confidence": "Confidence", "needs_review": "Needs review", "ok": "OK",
        "page": "Page", "no_box": "no position on the page", "text": "Text",
        "no_findings": "No findings", "flagged": "fields to check",
        "families": {"header": "Header", "reference": "Citations", "target": "Targets",
                     "timetable": "Timetable", "finding": "Findings"},
        "legend": "Legend", "evidence": "show on page", "documents": "Documents",
        "status": "Status", "file": "File", "corrected": "corrected",
        "fieldnames": {
            "doc_type": "Type", "doc_type_label": "Type label", "number": "Number",
            "symbol": "Symbol", "code": "Code", "issuer": "Issuer",
            "issuer_parent": "Parent body", "place": "Place", "issue_date": "Issue date",
            "title": "Title", "period": "Period", "signer": "Signature block",
            "signer.name": "Signer", "signer.position": "Signer's position",
            "recipients": "Recipients", "contacts": "Contacts", "reference": "Citation",
            "target": "Target", "timetable": "Timetable row"},
    },
}


def labels(lang: str) -> dict:
    return LABELS.get(lang, LABELS["vi"])
