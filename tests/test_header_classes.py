"""Failure classes of real headers as general rules (issue 9), one row each, with negative
rows: synthetic documents written here, nothing taken from a data set."""
from __future__ import annotations

from datetime import date

import pytest

from vanban.extractor.parsers.header import parse_header, recase
from vanban.extractor.text import Text

TOP = ("ỦY BAN NHÂN DÂN\nTỈNH BÌNH MINH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
       "Độc lập - Tự do - Hạnh phúc\n")


def doc_of(s: str):
    return parse_header(Text.from_string(s)).document


@pytest.mark.parametrize("head, issued, place", [
    ("Số: 5/QĐ-UBND\nBình Minh ngày 05 tháng 3 năm 2021\n", date(2021, 3, 5), "Bình Minh"),
    ("Số: 5/QĐ-UBND\n*Bình Minh, ngày 05\ntháng 3 năm 2021*\n", date(2021, 3, 5), "Bình Minh"),
    ("Số: 5/QĐ-UBND\nBình Minh, ngày 20 / tháng 11 năm 2025\n", date(2025, 11, 20), "Bình Minh"),
    ("Số: 5/QĐ-UBND\nThành phố Tân\nAn, ngày 05 tháng 3 năm 2021\n", date(2021, 3, 5),
     "Thành phố Tân An"),
    ("Số: 5/QĐ-UBND\n*Thành phố Bình\nMinh\nXanh, ngày 05\ntháng 3 năm 2021*\n", date(2021, 3, 5),
     "Thành phố Bình Minh Xanh"),
    # a place wrapped over three lines
    ("Số: 5/QĐ-UBND\n*Thành\nphố Sơn Khê\nBắc, ngày 05 tháng 3 năm 2021*\n", date(2021, 3, 5),
     "Thành phố Sơn Khê Bắc"),
    ("Số: 5/QĐ-UBND\n|\nThành phố Sơn\nKhê\nBắc, ngày 05 tháng 3 năm 2021\n", date(2021, 3, 5),
     "Thành phố Sơn Khê Bắc"),
    ("Số: 5/QĐ-UBND\n*Bình\nMinh ngày 05 tháng 3 năm 2021*\n", date(2021, 3, 5), "Bình Minh"),
    ("Số: 5/QĐ-UBND\n|\n*Bình Minh\nngày 05 tháng 3 năm 2021*\n", date(2021, 3, 5), "Bình Minh"),
    # negative: a date inside a sentence of the zone is not the issue date
    ("Số: 5/QĐ-UBND\nHội nghị họp ngày 05 tháng 3 năm 2021 tại hội trường\n", None, None),
])
def test_place_date_classes(head, issued, place):
    doc = doc_of(TOP + head + "QUYẾT ĐỊNH\nVề việc thành lập tổ công tác\nCăn cứ Luật;\n")
    assert (doc.issue_date, doc.place) == (issued, place)


@pytest.mark.parametrize("number_lines, number, symbol", [
    ("Số:\n12/2025/NQ-HĐND", "12", "2025/NQ-HĐND"),
    ("Số: 177/KH-\nUBND", "177", "KH-UBND"),
    ("Số: 177/KH\u00ad\nUBND", "177", "KH-UBND"),
    ("Số: 9476 /BNNMT-CNTY", "9476", "BNNMT-CNTY"),
    ("Số: 9476\n/BNNMT-CNTY", "9476", "BNNMT-CNTY"),  # wrapped before the slash
    ("Số 432-TB/VPTW", "432", "TB/VPTW"),
    ("Số\n35-KL/TU", "35", "KL/TU"),  # a Party number whose "Số" ends its line
    ("Luật số: 64/2025/QH15", "64", "QH15"),  # a law's number line
    # negative: "số" inside a sentence of the header zone is no number line
    ("Số: 7/KH-UBND\nKế hoạch số 12/KH-UBND được thay thế", "7", "KH-UBND"),
    # negative: a code without its hyphen on the broken line is not joined to the next line
    ("Số: 177/KH\nUBND TỈNH", "177", "KH"),
])
def test_number_classes(number_lines, number, symbol):
    doc = doc_of(TOP + number_lines + "\nBình Minh, ngày 05 tháng 3 năm 2021\nKẾ HOẠCH\n"
                 "Tổ chức ngày hội\nCăn cứ Luật;\n")
    assert (doc.number, doc.symbol.replace("2025/", "") if doc.symbol else None) == (
        number, symbol.replace("2025/", ""))


@pytest.mark.parametrize("after_type, title", [
    # the deciding authority in capitals after the title is not title
    ("VỀ VIỆC CÔNG BỐ THỦ TỤC HÀNH CHÍNH\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BÌNH MINH\n",
     "VỀ VIỆC CÔNG BỐ THỦ TỤC HÀNH CHÍNH"),
    # …unless the title line before it ends with a linking word or a comma
    ("VỀ VIỆC BÃI BỎ QUYẾT ĐỊNH CỦA\nỦY BAN NHÂN DÂN TỈNH BÌNH MINH\n",
     "VỀ VIỆC BÃI BỎ QUYẾT ĐỊNH CỦA ỦY BAN NHÂN DÂN TỈNH BÌNH MINH"),
    ("Giá dịch vụ áp dụng tại\nBệnh viện Đa khoa tỉnh\n", "Giá dịch vụ áp dụng tại Bệnh viện Đa khoa tỉnh"),
    ("QUY ĐỊNH MỨC THU PHÍ TRONG LĨNH VỰC A;\nLĨNH VỰC B\n", "QUY ĐỊNH MỨC THU PHÍ TRONG LĨNH VỰC A; LĨNH VỰC B"),
    ("# V/V CHỦ ĐỘNG PHÒNG, CHỐNG BÃO\n", "CHỦ ĐỘNG PHÒNG, CHỐNG BÃO"),
    # a line ending with "LUẬT" goes on with the law's name, even one naming a body
    ("QUY ĐỊNH CHI TIẾT MỘT SỐ ĐIỀU CỦA LUẬT\nPHÒNG THỦ DÂN SỰ\n",
     "QUY ĐỊNH CHI TIẾT MỘT SỐ ĐIỀU CỦA LUẬT PHÒNG THỦ DÂN SỰ"),
    # a title in capitals over more lines than a sentence-case title may take
    ("".join(f"BÃI BỎ QUYẾT ĐỊNH SỐ {n}/2018/QĐ-UBND NGÀY 08 THÁNG 8 NĂM 2018 VÀ\n"
             for n in range(1, 9)) + "QUYẾT ĐỊNH SỐ 9/2019/QĐ-UBND\n",
     " ".join(f"BÃI BỎ QUYẾT ĐỊNH SỐ {n}/2018/QĐ-UBND NGÀY 08 THÁNG 8 NĂM 2018 VÀ"
              for n in range(1, 9)) + " QUYẾT ĐỊNH SỐ 9/2019/QĐ-UBND"),
    # a line break inside a body's name: "ỦY BAN NHÂN DÂN" / "TỈNH ỦY QUYỀN …" is not the
    # authority line "Tỉnh ủy"; the real authority line still ends the title
    ("VỀ VIỆC PHÊ DUYỆT QUY TRÌNH ĐƯỢC ỦY BAN NHÂN DÂN\nTỈNH ỦY QUYỀN CHO GIÁM ĐỐC SỞ\n"
     "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BÌNH MINH\n",
     "VỀ VIỆC PHÊ DUYỆT QUY TRÌNH ĐƯỢC ỦY BAN NHÂN DÂN TỈNH ỦY QUYỀN CHO GIÁM ĐỐC SỞ"),
    # a wrapped title line that opens with a body word by chance ("DỊCH" / "VỤ …")
    ("QUY ĐỊNH GIỜ MỞ CỬA CỦA ĐẠI LÝ KHÔNG CUNG CẤP DỊCH\nVỤ TRÒ CHƠI TRÊN ĐỊA BÀN TỈNH\n",
     "QUY ĐỊNH GIỜ MỞ CỬA CỦA ĐẠI LÝ KHÔNG CUNG CẤP DỊCH VỤ TRÒ CHƠI TRÊN ĐỊA BÀN TỈNH"),
    ("VỀ VIỆC BẢO ĐẢM VẬT CHẤT PHỤC\nVỤ SẮP XẾP, TỔ CHỨC BỘ MÁY\nCỦA CHÍNH QUYỀN (ĐỢT 2)\n"
     "THỦ TƯỚNG CHÍNH PHỦ\n",
     "VỀ VIỆC BẢO ĐẢM VẬT CHẤT PHỤC VỤ SẮP XẾP, TỔ CHỨC BỘ MÁY CỦA CHÍNH QUYỀN (ĐỢT 2)"),
    # a figure alone on a line inside a title in capitals, and a range wrapped after its
    # first figure
    ("VỀ CHẾ ĐỘ ĐỐI VỚI NGƯỜI CÓ DƯỚI\n20\nNĂM CÔNG TÁC\n",
     "VỀ CHẾ ĐỘ ĐỐI VỚI NGƯỜI CÓ DƯỚI 20 NĂM CÔNG TÁC"),
    ("PHÊ DUYỆT DANH SÁCH XÃ MIỀN NÚI GIAI ĐOẠN 2026\n– 2030\n",
     "PHÊ DUYỆT DANH SÁCH XÃ MIỀN NÚI GIAI ĐOẠN 2026 – 2030"),
    ("VỀ MỨC CHI PHỤC VỤ BẦU CỬ NHIỆM KỲ 2026\n-\n2031\nCỦA TỈNH BÌNH MINH\n",
     "VỀ MỨC CHI PHỤC VỤ BẦU CỬ NHIỆM KỲ 2026 - 2031 CỦA TỈNH BÌNH MINH"),
    ("VỀ MỨC CHI PHỤC VỤ BẦU CỬ NHIỆM KỲ\n2026 -\n2031\nCỦA TỈNH BÌNH MINH\n",
     "VỀ MỨC CHI PHỤC VỤ BẦU CỬ NHIỆM KỲ 2026 - 2031 CỦA TỈNH BÌNH MINH"),
    # a code or a name wrapped after its hyphen is joined without a space
    ("SỬA ĐỔI QUYẾT ĐỊNH SỐ 5/2020/QĐ-\nUBND VỀ XUẤT KHẨU SANG MÊ-\nHI-CÔ\n",
     "SỬA ĐỔI QUYẾT ĐỊNH SỐ 5/2020/QĐ-UBND VỀ XUẤT KHẨU SANG MÊ-HI-CÔ"),
    # a figure closing a parenthesis, figures listed, alone on their line
    ("VỀ VIỆC HỖ TRỢ SẮP XẾP BỘ MÁY (ĐỢT\n2)\n**THỦ\nTƯỚNG CHÍNH PHỦ**\n",
     "VỀ VIỆC HỖ TRỢ SẮP XẾP BỘ MÁY (ĐỢT 2)"),
    ("VỀ CÁC QUYỀN VẬN CHUYỂN\n3, 4\nVÀ 5 GIỮA CÁC BÊN\n",
     "VỀ CÁC QUYỀN VẬN CHUYỂN 3, 4 VÀ 5 GIỮA CÁC BÊN"),
    # a colon inside a title in capitals, a list in capitals after it
    ("ĐIỀU CHỈNH QUY HOẠCH KHOÁNG SẢN TẠI CÁC KHU VỰC:\nMỎ SƠN KHÊ, TỈNH BÌNH MINH\n",
     "ĐIỀU CHỈNH QUY HOẠCH KHOÁNG SẢN TẠI CÁC KHU VỰC: MỎ SƠN KHÊ, TỈNH BÌNH MINH"),
    # the deciding authority's line wrapped
    ("VỀ VIỆC CÔNG BỐ THỦ TỤC HÀNH CHÍNH\n**CHỦ\nTỊCH ỦY BAN NHÂN DÂN TỈNH BÌNH MINH**\n",
     "VỀ VIỆC CÔNG BỐ THỦ TỤC HÀNH CHÍNH"),
    ("VỀ VIỆC GIAO BIÊN CHẾ TRÊN ĐỊA BÀN TỈNH BÌNH MINH\nỦY BAN NHÂN DÂN\nTỈNH BÌNH MINH\n",
     "VỀ VIỆC GIAO BIÊN CHẾ TRÊN ĐỊA BÀN TỈNH BÌNH MINH"),
    ("VỀ VIỆC GIAO BIÊN CHẾ\nỦY\nBAN NHÂN DÂN TỈNH BÌNH MINH\n", "VỀ VIỆC GIAO BIÊN CHẾ"),
    # a title line that opens with what reads fuzzily as a position ("CHO GIÁM ĐỐC" is
    # close to "PHÓ GIÁM ĐỐC", "BỎ TRONG" to "BỘ TRƯỞNG") or with a position in a title
    ("VỀ VIỆC PHÊ DUYỆT QUY TRÌNH ĐƯỢC ỦY QUYỀN\nCHO GIÁM ĐỐC SỞ TÀI CHÍNH GIẢI QUYẾT\n",
     "VỀ VIỆC PHÊ DUYỆT QUY TRÌNH ĐƯỢC ỦY QUYỀN CHO GIÁM ĐỐC SỞ TÀI CHÍNH GIẢI QUYẾT"),
    ("CÔNG BỐ DANH MỤC THỦ TỤC BỊ BÃI\nBỎ TRONG\nHỆ THỐNG HÀNH CHÍNH CỦA SỞ NỘI VỤ\n",
     "CÔNG BỐ DANH MỤC THỦ TỤC BỊ BÃI BỎ TRONG HỆ THỐNG HÀNH CHÍNH CỦA SỞ NỘI VỤ"),
    ("VỀ CHƯƠNG TRÌNH LÀM VIỆC CỦA ĐỒNG CHÍ TỔNG\nBÍ THƯ\nTẠI TỈNH BÌNH MINH\n",
     "VỀ CHƯƠNG TRÌNH LÀM VIỆC CỦA ĐỒNG CHÍ TỔNG BÍ THƯ TẠI TỈNH BÌNH MINH"),
    # a line opening with a body led by one head (a ministry, a school) or a body's kind
    # alone is title: such a body decides through its head's position
    ("QUY ĐỊNH PHÍ THẨM ĐỊNH KINH DOANH KARAOKE, VŨ\nTRƯỜNG\n",
     "QUY ĐỊNH PHÍ THẨM ĐỊNH KINH DOANH KARAOKE, VŨ TRƯỜNG"),
    ("VỀ HIỆP ĐỊNH ĐỐI TÁC KINH TẾ TOÀN DIỆN VÀ TIẾN\nBỘ KHU VỰC\n",
     "VỀ HIỆP ĐỊNH ĐỐI TÁC KINH TẾ TOÀN DIỆN VÀ TIẾN BỘ KHU VỰC"),
    ("VỀ LỊCH PHỔ BIẾN THÔNG TIN CỦA\nBỘ NỘI\nVỤ\nBỘ TRƯỞNG BỘ NỘI VỤ\n",
     "VỀ LỊCH PHỔ BIẾN THÔNG TIN CỦA BỘ NỘI VỤ"),
    # a body's name broken across the line: the line under goes on with it
    ("BÃI BỎ QUYẾT ĐỊNH SỐ 2/2020/QĐ-UBND CỦA ỦY\nBAN NHÂN DÂN TỈNH BÌNH MINH\n",
     "BÃI BỎ QUYẾT ĐỊNH SỐ 2/2020/QĐ-UBND CỦA ỦY BAN NHÂN DÂN TỈNH BÌNH MINH"),
    # "BAN HÀNH KÈM THEO" in capitals under a title in capitals is title, not the body
    ("SỬA ĐỔI QUY ĐỊNH VỀ ĐƠN GIÁ BỒI THƯỜNG\nBAN HÀNH KÈM THEO QUYẾT ĐỊNH SỐ 5/2024/QĐ-UBND\n",
     "SỬA ĐỔI QUY ĐỊNH VỀ ĐƠN GIÁ BỒI THƯỜNG BAN HÀNH KÈM THEO QUYẾT ĐỊNH SỐ 5/2024/QĐ-UBND"),
    # the body's first cue wrapped: "Căn" / "cứ …"
    ("Về việc giao biên chế công chức năm 2026 trong các cơ quan hành chính của tỉnh\nCăn\n"
     "cứ Nghị định;\n",
     "Về việc giao biên chế công chức năm 2026 trong các cơ quan hành chính của tỉnh"),
    # the formula opening the articles ends the title when no authority's line comes first
    ("VỀ VIỆC GIAO BIÊN CHẾ\n**QUYẾT ĐỊNH:**\nĐiều 1. Giao biên chế.\n", "VỀ VIỆC GIAO BIÊN CHẾ"),
    # negative: a title's piece ending with a colon before a list in capitals goes on
    ("ĐIỀU CHỈNH QUY HOẠCH TẠI CÁC\nKHU VỰC:\nMỎ SƠN KHÊ, MỎ BÌNH MINH\n",
     "ĐIỀU CHỈNH QUY HOẠCH TẠI CÁC KHU VỰC: MỎ SƠN KHÊ, MỎ BÌNH MINH"),
    # the title's last words and the body's first joined on one line
    ("QUY ĐỊNH GIỜ MỞ CỬA TRÊN ĐỊA BÀN TỈNH BÌNH\nMINH Thực hiện Luật số 5/2020/QH14, tỉnh ban"
     " hành\n", "QUY ĐỊNH GIỜ MỞ CỬA TRÊN ĐỊA BÀN TỈNH BÌNH MINH"),
    # negative: a figure after which the authority's line comes is not kept
    ("VỀ VIỆC GIAO BIÊN CHẾ\n12\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BÌNH MINH\n",
     "VỀ VIỆC GIAO BIÊN CHẾ"),
    # negative: the body named alone before the body, with a council's term under it
    ("VỀ VIỆC GIAO BIÊN CHẾ NĂM 2026\nỦY BAN NHÂN DÂN TỈNH BÌNH MINH\n",
     "VỀ VIỆC GIAO BIÊN CHẾ NĂM 2026"),
    ("VỀ VIỆC GIAO BIÊN CHẾ NĂM 2026\nHỘI ĐỒNG NHÂN DÂN TỈNH BÌNH MINH\nKHÓA X, KỲ HỌP THỨ 5\n",
     "VỀ VIỆC GIAO BIÊN CHẾ NĂM 2026"),
    # a sentence opening with its date is the body (a notice of conclusions), however long
    # the title's line above it
    ("Kết luận của Phó Chủ tịch Ủy ban nhân dân tỉnh tại cuộc họp về công tác bồi thường giải"
     " phóng mặt bằng\nNgày 05/4/2021, Phó Chủ tịch chủ trì cuộc họp.\n",
     "Kết luận của Phó Chủ tịch Ủy ban nhân dân tỉnh tại cuộc họp về công tác bồi thường giải"
     " phóng mặt bằng"),
    ("Kết luận của Chủ tịch Ủy ban nhân dân tỉnh tại buổi làm việc với các sở, ngành liên quan\n"
     "Chiều ngày 12 tháng 3, Chủ tịch đã làm việc.\n",
     "Kết luận của Chủ tịch Ủy ban nhân dân tỉnh tại buổi làm việc với các sở, ngành liên quan"),
    # negative: a title going on with its date in lower case
    ("Kết luận của Chủ tịch Ủy ban nhân dân tỉnh tại buổi làm việc với các sở, ngành liên quan\n"
     "ngày 12/3/2021\n",
     "Kết luận của Chủ tịch Ủy ban nhân dân tỉnh tại buổi làm việc với các sở, ngành liên quan "
     "ngày 12/3/2021"),
])
def test_title_classes(after_type, title):
    doc = doc_of(TOP + "Số: 5/QĐ-UBND\nBình Minh, ngày 05 tháng 3 năm 2021\n# QUYẾT ĐỊNH\n"
                 + after_type + "Căn cứ Luật;\n")
    assert doc.title == title


def test_a_place_name_wrapped_inside_a_title_goes_on():
    body = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015 và các văn bản.\n"
    doc = doc_of(TOP + "Số: 5/KH-UBND\nBình Minh, ngày 05 tháng 3 năm 2021\nKẾ HOẠCH\n"
                 "Hoạt động của Hội Khuyến học quận Bình\nMinh năm 2021\n" + body * 5)
    assert doc.title == "Hoạt động của Hội Khuyến học quận Bình Minh năm 2021"
    assert (doc.period.start, doc.period.end) == (date(2021, 1, 1), date(2021, 12, 31))
    doc = doc_of(TOP + "Số: 5/KH-UBND\nBình Minh, ngày 05 tháng 3 năm 2021\nKẾ HOẠCH\n"
                 "Hoạt động của Hội Khuyến học quận\nBình Minh năm 2021\n" + body * 5)
    assert doc.title == "Hoạt động của Hội Khuyến học quận Bình Minh năm 2021"
    # negative: "phường" as a level ("the ward's festival"), the body's sentence under it
    doc = doc_of(TOP + "Số: 5/KH-UBND\nBình Minh, ngày 05 tháng 3 năm 2021\nKẾ HOẠCH\n"
                 "Tổ chức Ngày hội khuyến học phường\nThiết thực chào mừng ngày Khuyến học.\n"
                 + body * 5)
    assert doc.title == "Tổ chức Ngày hội khuyến học phường"


@pytest.mark.parametrize("subject, title", [
    ("V/v:\nChính sách thuế thu nhập", "Chính sách thuế thu nhập"),
    ("v/v trả lời kiến nghị", "trả lời kiến nghị"),
    ("V/v đẩy nhanh tiến độ Dự án đường\nBình Minh - Sơn Khê giai đoạn 1\n|",
     "đẩy nhanh tiến độ Dự án đường Bình Minh - Sơn Khê giai đoạn 1"),
    # a narrow column wraps the subject before a number, and over many lines
    ("V/v đề xuất biên chế giai đoạn\n2026-2031 theo vị trí việc làm",
     "đề xuất biên chế giai đoạn 2026-2031 theo vị trí việc làm"),
    ("V/v trả lời kiến nghị\ncủa cử tri gửi trước Kỳ họp thứ\n10, Quốc hội khóa XV\nvề"
     " việc đầu tư\nhệ thống thủy lợi\ncủa tỉnh",
     "trả lời kiến nghị của cử tri gửi trước Kỳ họp thứ 10, Quốc hội khóa XV về việc đầu tư"
     " hệ thống thủy lợi của tỉnh"),
    # an abbreviation wrapped alone
    ("V/v:\nChính sách thuế\nTNCN", "Chính sách thuế TNCN"),
    # a name's range wrapped at its spaced dash
    ("V/v đẩy nhanh tiến độ Dự án đường Bình Minh\n- Sơn Khê giai đoạn 1",
     "đẩy nhanh tiến độ Dự án đường Bình Minh - Sơn Khê giai đoạn 1"),
    # negative: a list's dash after a subject ending its sentence
    ("V/v báo cáo kết quả;\n- Bộ Tài chính", "báo cáo kết quả;"),
    # a Roman numeral wrapped after the word announcing it
    ("V/v trả lời kiến nghị của cử tri trước Kỳ họp thứ 10, Quốc hội khóa\nXV",
     "trả lời kiến nghị của cử tri trước Kỳ họp thứ 10, Quốc hội khóa XV"),
    # negative: an outline item after the subject is the body
    ("V/v báo cáo kết quả\n1. Tình hình thực hiện", "báo cáo kết quả"),
])
def test_subject_line_classes(subject, title):
    doc = doc_of("BỘ TÀI CHÍNH\nCỤC THUẾ\nSố: 5/CT-CS\n" + subject +
                 "\nBình Minh, ngày 05 tháng 3 năm 2021\nKính gửi: Công ty A\n")
    assert (doc.doc_type, doc.title) == ("cong_van", title)


@pytest.mark.parametrize("block, authority, position, name", [
    ("TM. ỦY BAN\nNHÂN DÂN\nCHỦ TỊCH\nNguyễn Văn An", "TM. Ủy ban nhân dân", "Chủ tịch",
     "Nguyễn Văn An"),
    ("T/M BỘ CHÍNH\nTRỊ\nTrần Văn Bình", "TM. Bộ Chính trị", None, "Trần Văn Bình"),
    ("K/T CHÁNH\nVĂN PHÒNG\nPHÓ CHÁNH VĂN PHÒNG THƯỜNG TRỰC\nLê Thị Hoa", "KT. Chánh Văn phòng",
     "Phó Chánh Văn phòng thường trực", "Lê Thị Hoa"),
    ("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nTrần\nChí Hùng", "KT. Chủ tịch", "Phó Chủ tịch", "Trần Chí Hùng"),
    ("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Quỳnh\nThiện", "KT. Chủ tịch", "Phó Chủ tịch",
     "Nguyễn Quỳnh Thiện"),
    ("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNGUYỄN VĂN\nAN", "KT. Chủ tịch", "Phó Chủ tịch",
     "Nguyễn Văn An"),
    # an annex heading right under a short name (no table line between, as in a DOCX or
    # PDF) is not the rest of the name
    ("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nLê Minh\nDANH MỤC\nTHỦ TỤC HÀNH CHÍNH ĐƯỢC SỬA ĐỔI",
     "KT. Chủ tịch", "Phó Chủ tịch", "Lê Minh"),
    ("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nTrần An\nPHỤ LỤC\nQUY TRÌNH NỘI BỘ",
     "TM. Ủy ban nhân dân", "Chủ tịch", "Trần An"),
    # the block in capitals wrapped at other places: authority and position re-cut
    ("KT. CHỦ\nTỊCH\nPHÓ CHỦ\nTỊCH\nTrần Văn Bình", "KT. Chủ tịch", "Phó Chủ tịch",
     "Trần Văn Bình"),
    ("KT. TRƯỞNG BAN CHÍNH SÁCH\nTHUẾ QUỐC\nTẾ PHÓ TRƯỞNG BAN\nĐỗ Thị Lan",
     "KT. Trưởng ban Chính sách thuế quốc tế", "Phó Trưởng ban", "Đỗ Thị Lan"),
    ("**THỦ\nTƯỚNG**\nPhạm Văn Đức", None, "Thủ tướng", "Phạm Văn Đức"),
    ("TM. BAN THƯỜNG VỤ\nPHÓ BÍ\nTHƯ\nHà Thị Nga", "TM. Ban Thường vụ", "Phó Bí thư",
     "Hà Thị Nga"),
    # a prefix alone on its line; a comma carries the authority's body on
    ("**KT.\nBỘ TRƯỞNG,\nCHỦ\nNHIỆM**\nPHÓ CHỦ NHIỆM\nNgô Văn Đạt",
     "KT. Bộ trưởng, Chủ nhiệm", "Phó Chủ nhiệm", "Ngô Văn Đạt"),
    ("KT. BỘ TRƯỞNG,\nCHỦ NHIỆM\nPHÓ CHỦ NHIỆM\nNgô Văn Đạt",
     "KT. Bộ trưởng, Chủ nhiệm", "Phó Chủ nhiệm", "Ngô Văn Đạt"),
    # a name over three lines; ranks and degrees before a name are not part of it
    ("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n**Nguyễn\nQuỳnh\nThiện**", "KT. Chủ tịch", "Phó Chủ tịch",
     "Nguyễn Quỳnh Thiện"),
    ("KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nThượng tướng Hoàng Văn\nĐông", "KT. Bộ trưởng",
     "Thứ trưởng", "Hoàng Văn Đông"),
    ("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nPGS. TS. Vương Thị Hạnh", "KT. Giám đốc", "Phó Giám đốc",
     "Vương Thị Hạnh"),
    ("CHỦ TỊCH\nNGUYỄN VĂN AN", None, "Chủ tịch", "Nguyễn Văn An"),
    # a typist's slip in the qualifier ("THUỜNG") is no other position
    ("KT. BỘ TRƯỞNG\n**THỨ\nTRƯỞNG THUỜNG TRỰC**\nVũ Văn Hà", "KT. Bộ trưởng",
     "Thứ trưởng thường trực", "Vũ Văn Hà"),
    # the first authority's body cut after one word, over three lines
    ("**TM. ỦY\nBAN\nNHÂN\nDÂN**\nKT. CHỦ TỊCH\n**PHÓ\nCHỦ TỊCH**\n**Dương Văn\nTú**",
     "KT. Chủ tịch", "Phó Chủ tịch", "Dương Văn Tú"),
    # a deputy signs without a position written; a position OCR damaged past reading is
    # not glued to the authority above it
    ("**TM. ỦY\nBAN\nNHÂN\nDÂN**\nKT. CHỦ TỊCH\nTrần Văn Bình", "KT. Chủ tịch", None,
     "Trần Văn Bình"),
    ("TM. ỦY BAN NHÂN DÂN\nPHÔ GHỦ HỊCH\nLê Văn Nam", "TM. Ủy ban nhân dân", None, "Lê Văn Nam"),
    # OCR's lost marks do not make a block look wrapped
    ("TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TIC\nTrần Văn Bình", "KT. Chủ tịch",
     "Phó Chủ tịch", "Trần Văn Bình"),
    # a body whose marks OCR lost is written as the vocabulary writes it
    ("TM. UY BAN NHAN DAN\nCHỦ TICH\nTrần Văn Bình", "TM. Ủy ban nhân dân", "Chủ tịch",
     "Trần Văn Bình"),
    ("TM. BAN CHAP HANH\nCHU TICH\nTrần Văn Bình", "TM. Ban Chấp hành", "Chủ tịch",
     "Trần Văn Bình"),
    # no space after the prefix's dot
    ("KT.BỘ TRƯỞNG\nTHỨ TRƯỞNG\nĐặng Văn Ích", "KT. Bộ trưởng", "Thứ trưởng", "Đặng Văn Ích"),
    ("TM.ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nĐặng Văn Ích", "TM. Ủy ban nhân dân", "Chủ tịch",
     "Đặng Văn Ích"),
    # under TL./TUQ. the head of a unit signs: the title names the unit, wrapped or not
    ("TL. BỘ TRƯỞNG\nVỤ TRƯỞNG VỤ PHÁP CHẾ\nNguyễn Văn An", "TL. Bộ trưởng",
     "Vụ trưởng Vụ Pháp chế", "Nguyễn Văn An"),
    ("TUQ. CHỦ TỊCH\nGIÁM ĐỐC SỞ NỘI\nVỤ\nLê Văn Bình", "TUQ. Chủ tịch", "Giám đốc Sở Nội vụ",
     "Lê Văn Bình"),
    ("TL. CỤC TRƯỞNG\nTRƯỞNG BAN BAN CHÍNH SÁCH,\nTHUẾ QUỐC TẾ\nĐỗ Thị Lan", "TL. Cục trưởng",
     "Trưởng ban Ban Chính sách, Thuế quốc tế", "Đỗ Thị Lan"),
    # a look-alike of L opening a name no family name opens with ("Iê" for "Lê")
    ("KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nIê Văn An", "KT. Bộ trưởng", "Thứ trưởng", "Lê Văn An"),
    # negative: a name in capitals below the title is the name, not the unit's
    ("TL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\nNGUYỄN VĂN AN", "TL. Chủ tịch", "Chánh Văn phòng",
     "Nguyễn Văn An"),
    # the prefixes spelled out, as older documents write them
    ("THAY MẶT BAN THƯỜNG VỤ\nCHỦ TỊCH\nNguyễn Văn An", "TM. Ban Thường vụ", "Chủ tịch",
     "Nguyễn Văn An"),
    ("THAY MẶT ỦY BAN NHÂN DÂN\nKÝ THAY CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn An", "KT. Chủ tịch",
     "Phó Chủ tịch", "Nguyễn Văn An"),
    ("THỪA LỆNH CHỦ TỊCH\nCHÁNH VĂN PHÒNG\nNguyễn Văn An", "TL. Chủ tịch", "Chánh Văn phòng",
     "Nguyễn Văn An"),
    # "Q." before the head's position: the acting head signs, no title under it
    ("Q. GIÁM ĐỐC\nPhạm Văn Dũng", "Q. Giám đốc", "Quyền Giám đốc", "Phạm Văn Dũng"),
    # a chain of authority on one line: one authority each
    ("TM. UBND XÃ KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nPhạm Văn Dũng", "KT. Chủ tịch", "Phó Chủ tịch",
     "Phạm Văn Dũng"),
    # negative: "KT" inside a body's name (Khu kinh tế) opens no authority
    ("TM. BAN QUẢN LÝ KHU KT TỈNH BÌNH MINH\nTRƯỞNG BAN\nPhạm Văn Dũng",
     "TM. Ban Quản lý khu KT tỉnh Bình Minh", "Trưởng ban", "Phạm Văn Dũng"),
])
def test_signer_classes(block, authority, position, name):
    doc = doc_of(TOP + "Số: 5/QĐ-UBND\nBình Minh, ngày 05 tháng 3 năm 2021\nQUYẾT ĐỊNH\n"
                 "Về việc A\nCăn cứ Luật;\nĐiều 1. Nội dung.\n|\n*Nơi\nnhận:*\n- Như Điều 1;\n"
                 "- Lưu: VT.\n|\n" + block + "\n")
    s = doc.signer
    assert (s.authority.split("; ")[-1] if s.authority else None, s.position, s.name) == (
        authority, position, name)
    if block.lstrip("*").startswith(("TM.", "THAY MẶT")):
        assert s.authority.startswith("TM. ")  # the first authority is not lost
    assert doc.recipients == ["Như Điều 1", "Lưu: VT"]  # the wrapped "Nơi" / "nhận:" heading


# The seal over the block: OCR loses the authority line, or authority and position.
@pytest.mark.parametrize("tail, position, name, flagged", [
    # the signature's stroke read as a dash before the name under the position
    ("- Lưu: VT, NC.\nCHỦ TỊCH\n- Phạm Quốc Bảo\n", "Chủ tịch", "Phạm Quốc Bảo", False),
    # only the name is left, the last line after the list: taken, its position flagged
    ("- Lưu: VT, NC.\nLê Thị Mai Anh\n", None, "Lê Thị Mai Anh", True),
    # negatives: a recipient who is a person, inside the list, is no signer
    ("- Ông Nguyễn Văn An;\n- Lưu: VT.\n", None, None, True),
    # a last line that is a name without a known surname is not taken alone
    ("- Lưu: VT.\nKính Chào Quý Khách\n", None, None, True),
])
def test_signer_under_a_seal(tail, position, name, flagged):
    doc = doc_of(TOP + "Số: 5/CT-UBND\nBình Minh, ngày 05 tháng 3 năm 2021\nCHỈ THỊ\n"
                 "Về việc A\nYêu cầu các cơ quan thực hiện./.\nNơi nhận:\n- Như trên;\n" + tail)
    assert (doc.signer.position if doc.signer else None,
            doc.signer.name if doc.signer else None) == (position, name)
    assert bool(doc.review.get("signer") and doc.review["signer"].needs_review) == flagged


@pytest.mark.parametrize("end, position, name, authority_end", [
    # the signature block typed beside the recipients with tabs, no TM./KT. line; an entry
    # naming units ("… KT, TTPVHCC;") is no authority line
    ("Nơi nhận:\tCHỦ TỊCH\n- Như Điều 3;\n- Chủ tịch, các PCT UBND tỉnh;\tTrần Văn Bình\n"
     "- VP UBND tỉnh: LĐVP, KT, TTPVHCC;\n- Lưu: VT.\n", "Chủ tịch", "Trần Văn Bình", None),
    # an authority body wrapped in the right column
    ("Nơi nhận:\tTL. CỤC TRƯỞNG\n- Như trên;\tKT. TRƯỞNG BAN BAN CHÍNH SÁCH,\n"
     "- Website;\tTHUẾ QUỐC TẾ\n- Lưu: VT.\tPHÓ TRƯỞNG BAN\n\n\tPhạm Thị Minh\n",
     "Phó Trưởng ban", "Phạm Thị Minh", "chính sách, thuế quốc tế"),
    # the name beside an entry that lists units ("… KT, TTPVHCC;<tab>Name")
    ("Nơi nhận:\tCHỦ TỊCH\n- Như Điều 3;\n- VP UBND tỉnh: LĐVP, KT, TTPVHCC;\tTrần Văn Bình\n"
     "- Lưu: VT.\n", "Chủ tịch", "Trần Văn Bình", None),
    # a unit head's title wrapped after its comma, under a TL. line: the capitals line
    # after the comma goes on with the title and is no name
    ("Nơi nhận:\tTL. CỤC TRƯỞNG\n- Như trên;\tTRƯỞNG BAN BAN CHÍNH SÁCH,\n"
     "- Website;\tTHUẾ QUỐC TẾ\n- Lưu: VT.\tNguyễn Thị Hằng\n",
     "Trưởng ban Ban Chính sách, Thuế quốc tế", "Nguyễn Thị Hằng", "cục trưởng"),
    # negative: a tab after a bullet indents the entry; it separates no columns
    ("Nơi nhận:\n-\tNhư Điều 3;\n-\tLưu: VT.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nTrần Văn Bình\n",
     "Chủ tịch", "Trần Văn Bình", "ủy ban nhân dân"),
])
def test_signature_typed_with_tabs(end, position, name, authority_end):
    doc = doc_of(TOP + "Số: 5/QĐ-UBND\nBình Minh, ngày 05 tháng 3 năm 2021\nQUYẾT ĐỊNH\n"
                 "Về việc A\nCăn cứ Luật;\nĐiều 1. Nội dung.\n" + end)
    assert (doc.signer.position, doc.signer.name) == (position, name)
    assert doc.recipients[0] in ("Như Điều 3", "Như trên")
    if authority_end is None:
        assert doc.signer.authority is None
    else:
        assert doc.signer.authority.lower().endswith(authority_end)


@pytest.mark.parametrize("left, issuer, parent", [
    # a place's name wrapped, its last syllable a body word ("Phòng") closing the block
    ("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HẢI\nPHÒNG\n", "Ủy ban nhân dân thành phố Hải Phòng", None),
    # negative: a unit wrapped word by word, a unit named by its kind
    ("ỦY BAN NHÂN DÂN\nTỈNH BÌNH MINH\nSỞ\nTÀI CHÍNH\n", "Sở Tài chính",
     "Ủy ban nhân dân tỉnh Bình Minh"),
    ("UBND TỈNH BÌNH MINH\nVĂN PHÒNG\n", "Văn phòng UBND tỉnh Bình Minh", "UBND tỉnh Bình Minh"),
    # parent and unit on one line, wrapped elsewhere: the unit begins at its body word
    ("BỘ XÂY\nDỰNG **CỤC KINH TẾ XÂY DỰNG**\n", "Cục Kinh tế xây dựng", "Bộ Xây dựng"),
    ("UBND TỈNH BÌNH MINH SỞ NỘI\nVỤ\n", "Sở Nội vụ", "UBND tỉnh Bình Minh"),
    # a body word inside a name ("… MÔI TRƯỜNG", "… XÃ HỘI") opens no body; each part of a
    # ministry's name opens with a capital
    ("UBND TỈNH BÌNH MINH\nSỞ TÀI NGUYÊN VÀ MÔI\nTRƯỜNG\n", "Sở Tài nguyên và Môi trường",
     "UBND tỉnh Bình Minh"),
    ("BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI\n", "Bộ Lao động - Thương binh và Xã hội", None),
    # a kind and its name wrapped apart; a unit named by its kind under a Party body
    ("**VĂN PHÒNG\nCHÍNH PHỦ**\n", "Văn phòng Chính phủ", None),
    ("BAN CHẤP HÀNH\nTRUNG\nƯƠNG **VĂN PHÒNG**\n", "Văn phòng Ban Chấp hành Trung ương",
     "Ban Chấp hành Trung ương"),
    ("UBND TỈNH BÌNH MINH TRUNG TÂM PHỤC\nVỤ HÀNH CHÍNH CÔNG\n",
     "Trung tâm Phục vụ hành chính công", "UBND tỉnh Bình Minh"),
    ("SỞ Y TẾ TỈNH BÌNH MINH BỆNH\nVIỆN ĐA KHOA TỈNH\n", "Bệnh viện đa khoa tỉnh",
     "Sở Y tế tỉnh Bình Minh"),
    ("TỈNH ỦY BÌNH MINH\nỦY BAN KIỂM TRA\n", "Ủy ban Kiểm tra", "Tỉnh ủy Bình Minh"),
    ("BẢO HIỂM XÃ HỘI VIỆT NAM\n", "Bảo hiểm xã hội Việt Nam", None),
    # negative: a commune whose name opens with a body word keeps it
    ("ỦY BAN NHÂN DÂN\nXÃ HỘI AN\n", "Ủy ban nhân dân xã Hội An", None),
])
def test_issuer_place_wrapped(left, issuer, parent):
    doc = doc_of(left + "Số: 5/QĐ-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                 "Độc lập - Tự do - Hạnh phúc\nBình Minh, ngày 05 tháng 3 năm 2021\nQUYẾT ĐỊNH\n"
                 "Về việc A\nCăn cứ Luật;\n")
    assert (doc.issuer, doc.issuer_parent) == (issuer, parent)


@pytest.mark.parametrize("left, issuer, parent", [
    # a body's name wrapped inside its phrase, over several lines
    ("**ỦY\nBAN NHÂN\nDÂN**\nTỈNH BÌNH MINH\n", "Ủy ban nhân dân tỉnh Bình Minh", None),
    ("**THỦ\nTƯỚNG\nCHÍNH PHỦ**\n", "Thủ tướng Chính phủ", None),
    ("VĂN\nPHÒNG\nCHÍNH PHỦ\n", "Văn phòng Chính phủ", None),
    ("VĂN PHÒNG\nCHÍNH PHỦ\n", "Văn phòng Chính phủ", None),
    ("BAN CHẤP HÀNH\nTRUNG\nƯƠNG\n**VĂN\nPHÒNG**\n", "Văn phòng Ban Chấp hành Trung ương",
     "Ban Chấp hành Trung ương"),
    # a comma in a name wrapped after it is kept
    ("**BỘ NÔNG NGHIỆP,\nLÂM NGHIỆP\n**\nVÀ THỦY SẢN\n",
     recase("BỘ NÔNG NGHIỆP, LÂM NGHIỆP VÀ THỦY SẢN"), None),
    # a kind's word alone closing the block is the end of the name above (read as the
    # name on one line is)
    ("**BỘ MÔI\nTRƯỜNG**\n", recase("BỘ MÔI TRƯỜNG"), None),
    # negative: a unit under its parent, wrapped word by word
    ("ỦY BAN NHÂN DÂN\nTỈNH BÌNH MINH\nSỞ\nTÀI CHÍNH\n", "Sở Tài chính",
     "Ủy ban nhân dân tỉnh Bình Minh"),
    # a kind's word opening a common word ("phòng, chống", "phòng cháy") opens no body
    ("UBND TỈNH BÌNH MINH\nBAN CHỈ ĐẠO PHÒNG, CHỐNG\nTHIÊN TAI\n",
     "Ban Chỉ đạo phòng, chống thiên tai", "UBND tỉnh Bình Minh"),
    ("UBND TỈNH BÌNH MINH\nBAN CHỈ ĐẠO\nPHÒNG CHÁY, CHỮA CHÁY\n",
     "Ban Chỉ đạo phòng cháy, chữa cháy", "UBND tỉnh Bình Minh"),
    # abbreviated kinds: Ban Quản lý, Ban Chấp hành
    ("UBND TỈNH BÌNH MINH\nBQL DỰ ÁN ĐẦU TƯ XÂY DỰNG\n", "BQL dự án đầu tư xây dựng",
     "UBND tỉnh Bình Minh"),
    ("HỘI NÔNG DÂN VIỆT NAM\nBCH TỈNH BÌNH MINH\n", "BCH tỉnh Bình Minh", "Hội Nông dân Việt Nam"),
])
def test_issuer_name_wrapped_inside(left, issuer, parent):
    doc = doc_of(left + "-------\n|\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                 "Độc lập - Tự do - Hạnh phúc\n|\nSố: 5/QĐ-BMT\n|\n"
                 "Hà Nội, ngày 05 tháng 3 năm 2021\nQUYẾT ĐỊNH\nVề việc A\nCăn cứ Luật;\n")
    assert (doc.issuer, doc.issuer_parent) == (issuer, parent)


def test_number_key_alone_on_its_line():
    # "Số" without a colon, the number wrapped under it
    doc = doc_of("BAN CHẤP HÀNH TRUNG ƯƠNG\n|\nĐẢNG CỘNG SẢN VIỆT NAM\n|\nSố\n15-TB/VPTU\n|\n"
                 "Hà Nội, ngày 05 tháng 3 năm 2021\nTHÔNG BÁO\nKết luận A\n")
    assert (doc.number, doc.symbol) == ("15", "TB/VPTU")


def test_issuer_wrapped_word_by_word_and_unit_known_by_parent():
    doc = doc_of("BAN CHẤP HÀNH\nTRUNG ƯƠNG\nVĂN PHÒNG\n|\nĐẢNG CỘNG\nSẢN VIỆT NAM\n"
                 "Số 5-TB/VPTW\nHà Nội, ngày 05 tháng 3 năm 2021\nTHÔNG BÁO\nKết luận A\n")
    assert (doc.issuer, doc.issuer_parent) == ("Văn phòng Ban Chấp hành Trung ương",
                                               "Ban Chấp hành Trung ương")
    doc = doc_of("**ỦY**\n**BAN NHÂN DÂN**\nTỈNH BÌNH MINH\n-------\n|\n**CỘNG HÒA XÃ**\n"
                 "**HỘI CHỦ NGHĨA VIỆT NAM**\nSố: 5/QĐ-UBND\n")
    assert (doc.issuer, doc.issuer_parent) == ("Ủy ban nhân dân tỉnh Bình Minh", None)


@pytest.mark.parametrize("number_line, date_line, number, symbol, issued, unreadable", [
    # handwritten number and day read by OCR as marks: the line is seen, the value is not
    # guessed (or kept and flagged when one mark sits beside clean digits)
    ("Số: Ø2 /CT-UBND", "Bình Minh, ngày Z tháng 4 năm 2020", None, "CT-UBND", None,
     ["number", "issue_date"]),
    ("Số:04+ /CT-UBND", "Bình Minh, ngày/† tháng 5 năm 2021", "04", "CT-UBND", None,
     ["number", "issue_date"]),
    # "#" is markdown to the parser: "Số:   /TTr-UBND" reads as a number left blank
    ("Só:## /TTr-UBND", "Bình Minh, ngày0B tháng 02 năm 2025", None, "TTr-UBND", None,
     ["issue_date"]),
    # negative: clean values are not flagged
    ("Số: 12/CT-UBND", "Bình Minh, ngày 05 tháng 4 năm 2020", "12", "CT-UBND",
     date(2020, 4, 5), []),
])
def test_unreadable_handwriting(number_line, date_line, number, symbol, issued, unreadable):
    info = parse_header(Text.from_string(
        "ỦY BAN NHÂN DÂN\nTỈNH BÌNH MINH\n" + number_line + "\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n" + date_line +
        "\nCHỈ THỊ\nVề việc A\nThực hiện Luật;\n"))
    doc = info.document
    assert (doc.issuer, doc.number, doc.symbol, doc.issue_date, doc.place) == (
        "Ủy ban nhân dân tỉnh Bình Minh", number, symbol, issued, "Bình Minh")
    assert info.unreadable == unreadable
    for key in unreadable:
        assert doc.review[key].reasons[0].code == "handwritten"


@pytest.mark.parametrize("heading, symbol, doc_type, label", [
    ("GIẤY MỜI", "GM-UBND", "other", "Giấy mời"),
    ("BIÊN BẢN", "BB-UBND", "other", "Biên bản"),
    ("THÔNG CÁO", "TC-UBND", "other", "Thông cáo"),
    (None, "VBHN-BTC", "other", "Văn bản hợp nhất"),  # from the symbol: a flagged guess
    # negative: a wrapped body name is not a heading of another type
    ("DỰ ÁN ĐẦU TƯ XÂY DỰNG", "QĐ-UBND", "quyet_dinh", "Quyết định"),
])
def test_other_types_of_decree_30(heading, symbol, doc_type, label):
    head = TOP + f"Số: 5/{symbol}\nBình Minh, ngày 05 tháng 3 năm 2021\n"
    doc = doc_of(head + (f"{heading}\nVề việc A\n" if heading and doc_type == "other" else
                         f"QUYẾT ĐỊNH\n{heading}\n" if heading else "") + "Căn cứ Luật;\n")
    assert (doc.doc_type, doc.doc_type_label) == (doc_type, label)


def test_header_vocabularies_load_and_hold_together():
    from vanban.extractor.normalize import fold
    from vanban.extractor.parsers.header import lines

    others = lines.other_types()  # raises when a name or abbreviation is a contract type's
    assert len({fold(e.label) for e in others}) == len(others) >= 15
    assert all(e.slug == "other" for e in others)
    assert lines.unit_kinds() and lines.title_links() and lines.name_after_kind()
    assert lines.furniture().match("HOA TOC") and not lines.furniture().match("HOA BINH")


@pytest.mark.parametrize("source, heading, symbol", [
    ("ocr", "QUYẾT ĐỊNH", "QĐ-UBND"),  # a letter read twice by OCR, told by the heading
    ("plain_text", "QUYẾT ĐỊNH", "QĐĐ-UBND"),  # a typed text keeps what it says
    ("ocr", "KẾ HOẠCH", "QĐĐ-UBND"),  # not the heading's abbreviation doubled: kept
])
def test_a_stuttered_symbol_of_an_ocr_text_is_repaired_by_the_heading(source, heading, symbol):
    s = TOP + f"Số: 84/QĐĐ-UBND\nBình Minh, ngày 05 tháng 3 năm 2021\n{heading}\nVề việc A\nCăn cứ Luật;\n"
    doc = parse_header(Text.from_string(s, source=source)).document
    assert doc.symbol == symbol and doc.code == f"84/{symbol}"
    repaired = symbol != "QĐĐ-UBND"
    assert bool(doc.review.get("symbol") and doc.review["symbol"].needs_review) == repaired
    assert (doc.provenance["symbol"].repairs == ["QĐĐ-UBND -> QĐ-UBND"]) == repaired


@pytest.mark.parametrize("heading, doc_type, title", [
    # a type heading wrapped over lines, markdown marks around it
    ("**QUYẾT\nĐỊNH**\nQUY ĐỊNH MỨC THU PHÍ\n", "quyet_dinh", "QUY ĐỊNH MỨC THU PHÍ"),
    ("**NGHỊ\nQUYẾT**\nQUY ĐỊNH MỨC HỖ TRỢ\n", "nghi_quyet", "QUY ĐỊNH MỨC HỖ TRỢ"),
    ("KẾ\nHOẠCH\nTổ chức ngày hội\n", "ke_hoach", "Tổ chức ngày hội"),
    ("**CÔNG\nĐIỆN**\nV/V CHỦ ĐỘNG PHÒNG, CHỐNG BÃO\n", "cong_dien", "CHỦ ĐỘNG PHÒNG, CHỐNG BÃO"),
    # the first line is a type of its own, the second makes it a longer one
    ("THÔNG TƯ\nLIÊN TỊCH\nHƯỚNG DẪN CHẾ ĐỘ\n", "thong_tu_lien_tich", "HƯỚNG DẪN CHẾ ĐỘ"),
    # over three lines; the shorter name kept when the longer does not go on
    ("THÔNG\nTƯ\nLIÊN TỊCH\nHƯỚNG DẪN CHẾ ĐỘ\n", "thong_tu_lien_tich", "HƯỚNG DẪN CHẾ ĐỘ"),
    ("THÔNG\nTƯ\nHƯỚNG DẪN CHẾ ĐỘ\n", "thong_tu", "HƯỚNG DẪN CHẾ ĐỘ"),
    # the title starts after the heading's last word, on the same line
    ("QUYẾT\nĐỊNH VỀ VIỆC GIAO BIÊN CHẾ\n", "quyet_dinh", "VỀ VIỆC GIAO BIÊN CHẾ"),
    # negative: a title line in capitals opening with a type word is no heading
    ("QUYẾT ĐỊNH\nQUY ĐỊNH MỨC THU PHÍ\n", "quyet_dinh", "QUY ĐỊNH MỨC THU PHÍ"),
])
def test_type_heading_wrapped(heading, doc_type, title):
    doc = doc_of(TOP + "Số: 5/QĐ-UBND\nBình Minh, ngày 05 tháng 3 năm 2021\n" + heading
                 + "Căn cứ Luật;\n")
    assert (doc.doc_type, doc.title) == (doc_type, title)


def test_a_body_is_no_type_heading_read_fuzzily():
    # "CÔNG AN" is one letter from "CÔNG VĂN" for a fuzzy match, but it names a body
    doc = doc_of("CÔNG AN\nTỈNH BÌNH MINH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                 "Độc lập - Tự do - Hạnh phúc\nSố: 5/KH-CAT\nBình Minh, ngày 05 tháng 3 năm 2021\n"
                 "KẾ HOẠCH\nTổ chức ngày hội\nCăn cứ Luật;\n")
    assert (doc.doc_type, doc.issuer) == ("ke_hoach", "Công an tỉnh Bình Minh")


def test_a_wrapped_salutation_ends_the_search_for_a_heading():
    # "Kính" / "gửi:" opens the body of a letter: a type word alone below it is no heading
    doc = doc_of("BỘ TÀI CHÍNH\nCỤC THUẾ\nSố: 5/CT-CS\nV/v trả lời kiến nghị\n"
                 "Bình Minh, ngày 05 tháng 3 năm 2021\nKính\ngửi: Công ty A\n"
                 "Cục Thuế trả lời như sau theo quy định tại\nNghị định\nsố 1/2020/NĐ-CP.\n")
    assert (doc.doc_type, doc.title) == ("cong_van", "trả lời kiến nghị")


@pytest.mark.parametrize("after_type, title", [
    # "… điện:" closes a công điện's title even after a linking word, its line wrapped or not
    ("VỀ NHIỆM VỤ CỦA NHỮNG NĂM TIẾP\nTHEO\nTHỦ TƯỚNG CHÍNH\nPHỦ điện:\n",
     "VỀ NHIỆM VỤ CỦA NHỮNG NĂM TIẾP THEO"),
    ("VỀ NHIỆM VỤ CỦA NHỮNG NĂM TIẾP\nTHEO\n**THỦ\nTƯỚNG CHÍNH PHỦ ***điện:*\n",
     "VỀ NHIỆM VỤ CỦA NHỮNG NĂM TIẾP THEO"),
    # a short last word of the title above the authority's line is kept
    ("V/V KHẮC PHỤC HẬU QUẢ MƯA LŨ TẠI KHU VỰC NAM TRUNG\nBỘ\n**THỦ TƯỚNG CHÍNH PHỦ điện: **\n",
     "KHẮC PHỤC HẬU QUẢ MƯA LŨ TẠI KHU VỰC NAM TRUNG BỘ"),
    # the "V/V" mark alone on its line
    ("V/V\nCHỦ ĐỘNG PHÒNG, CHỐNG BÃO\nTHỦ TƯỚNG CHÍNH PHỦ điện:\n", "CHỦ ĐỘNG PHÒNG, CHỐNG BÃO"),
])
def test_urgent_dispatch_title(after_type, title):
    doc = doc_of("THỦ TƯỚNG CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                 "Độc lập - Tự do - Hạnh phúc\nSố: 5/CĐ-TTg\nHà Nội, ngày 05 tháng 3 năm 2021\n"
                 "**CÔNG ĐIỆN**\n" + after_type + "- Bộ trưởng các bộ;\n- Chủ tịch Ủy ban nhân dân "
                 "các tỉnh.\nBão số 5 đang vào bờ.\n")
    assert (doc.doc_type, doc.title) == ("cong_dien", title)


@pytest.mark.parametrize("number_line, doc_type, title", [
    # a two-column header flattened: the V/v line after the number on its line
    ("Số: 5/CT-CS *V/v trả lời kiến nghị*", "cong_van", "trả lời kiến nghị"),
    ("Số: 5/CT-CS V/v: trả lời kiến nghị", "cong_van", "trả lời kiến nghị"),
    # negative: no subject after the number, the type only guessed from the symbol
    ("Số: 5/CT-CS", "chi_thi", None),
])
def test_subject_after_the_number_on_its_line(number_line, doc_type, title):
    doc = doc_of("BỘ TÀI CHÍNH\nCỤC THUẾ\n|\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                 "Độc lập - Tự do - Hạnh phúc\n|\n" + number_line +
                 "\n|\nHà Nội, ngày 05 tháng 3 năm 2021\nKính gửi: Công ty A\n")
    assert (doc.doc_type, doc.title) == (doc_type, title)


def test_signature_below_a_long_wrapped_list_is_found():
    """The block sits under the list's last entry, however many lines the list took."""
    entries = "".join(f"- Ủy ban nhân dân\nxã Bình An {k};\n" for k in range(30))
    doc = doc_of(TOP + "Số: 5/QĐ-UBND\nBình Minh, ngày 05 tháng 3 năm 2021\nQUYẾT ĐỊNH\n"
                 "Về việc A\nCăn cứ Luật;\nĐiều 1. Nội dung.\nNơi nhận:\n" + entries +
                 "- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nTrần Văn Bình\n")
    assert len(doc.recipients) == 31
    assert (doc.signer.position, doc.signer.name) == ("Phó Chủ tịch", "Trần Văn Bình")


def test_a_wrapped_salutation_ends_the_header_zone():
    # without a type heading the header zone ends at "Kính" / "gửi:": a place-date line
    # of the body below it is not the issue date
    doc = doc_of("BỘ TÀI CHÍNH\nCỤC THUẾ\n|\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                 "Độc lập - Tự do - Hạnh phúc\n|\nSố: 5/CT-CS\nV/v trả lời kiến nghị\n|\n**Kính\n"
                 "gửi:** Công ty A\nCông ty hỏi về thuế.\nBình Minh, ngày 05 tháng 3 năm 2021\n"
                 + "Cục Thuế trả lời như sau.\n" * 40)
    assert (doc.doc_type, doc.issue_date) == ("cong_van", None)


def test_a_header_wrapped_over_many_short_lines_is_read_whole():
    # the same header in a narrow column: more than twenty short lines before the date
    doc = doc_of("BỘ TÀI CHÍNH\nCỤC THUẾ\n|\nCỘNG\nHÒA XÃ\nHỘI CHỦ\nNGHĨA\nVIỆT NAM\nĐộc lập -\n"
                 "Tự do -\nHạnh phúc\n|\nSố:\n5/CT-CS\nV/v trả\nlời kiến\nnghị của\ncông ty\n"
                 "về thuế\nthu nhập\n|\nBình Minh,\nngày\n05\ntháng 3\nnăm 2021\n|\n"
                 "Kính gửi: Công ty A\n" + "Cục Thuế trả lời như sau về thuế thu nhập.\n" * 40)
    assert (doc.doc_type, doc.number, doc.issue_date, doc.place) == (
        "cong_van", "5", date(2021, 3, 5), "Bình Minh")


PARTY_TOP = ("ĐẢNG BỘ TỈNH BÌNH MINH\nTỈNH ỦY\n*\nSố 12-NQ/TU\nĐẢNG CỘNG SẢN VIỆT NAM\n"
             "Bình Minh, ngày 05 tháng 3 năm 2025\n")
PARTY_END = ("Nội dung của văn bản được triển khai đến các cấp ủy, tổ chức đảng trực thuộc.\n" * 6
             + "T/M BAN THƯỜNG VỤ\nBÍ THƯ\nLê Văn Hòa\n")


@pytest.mark.parametrize("heading, title", [
    # the issuing organ under the type heading belongs to the heading, on its own line,
    # wrapped, or run on into the subject
    ("NGHỊ QUYẾT\nCỦA BAN THƯỜNG VỤ TỈNH ỦY\nvề phát triển nông nghiệp công nghệ cao\n",
     "về phát triển nông nghiệp công nghệ cao"),
    ("NGHỊ QUYẾT\nCỦA BAN THƯỜNG VỤ\nTỈNH ỦY VỀ PHÁT TRIỂN NÔNG NGHIỆP CÔNG NGHỆ CAO\n",
     "VỀ PHÁT TRIỂN NÔNG NGHIỆP CÔNG NGHỆ CAO"),
    ("NGHỊ QUYẾT\nHỘI NGHỊ LẦN THỨ BA BAN CHẤP HÀNH ĐẢNG BỘ TỈNH KHÓA XVI\n"
     "về phát triển nông nghiệp công nghệ cao\n", "về phát triển nông nghiệp công nghệ cao"),
    # negatives: a title that is a subject in its own right keeps its "của"
    ("THÔNG BÁO\nKết luận của Thường trực Tỉnh ủy về phát triển nông nghiệp\n",
     "Kết luận của Thường trực Tỉnh ủy về phát triển nông nghiệp"),
    ("NGHỊ QUYẾT\nCỦA BAN THƯỜNG VỤ TỈNH ỦY\n", "CỦA BAN THƯỜNG VỤ TỈNH ỦY"),
])
def test_issuing_organ_under_the_type_heading_is_no_title(heading, title):
    doc = doc_of(PARTY_TOP + heading + PARTY_END)
    assert doc.title == title
    assert (doc.signer.authority, doc.signer.position) == ("TM. Ban Thường vụ", "Bí thư")


def test_party_general_secretary_signs_under_the_politburo():
    doc = doc_of(PARTY_TOP + "CHỈ THỊ\nCỦA BỘ CHÍNH TRỊ\nvề công tác cán bộ\n" + PARTY_END.replace(
        "T/M BAN THƯỜNG VỤ\nBÍ THƯ", "T/M BỘ CHÍNH TRỊ\nTỔNG BÍ THƯ"))
    assert (doc.signer.authority, doc.signer.position, doc.signer.name) == (
        "TM. Bộ Chính trị", "Tổng Bí thư", "Lê Văn Hòa")


LAW = ("QUỐC HỘI\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
       "Luật số: 64/2025/QH15\nLUẬT\nBAN HÀNH VĂN BẢN QUY PHẠM PHÁP LUẬT\n"
       "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;\n"
       "Điều 72. Hiệu lực thi hành\nLuật này có hiệu lực thi hành từ ngày 01 tháng 4 năm 2025.\n"
       "Luật này được Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam khóa XV, kỳ họp thứ 9 "
       "thông qua ngày 19 tháng 02 năm 2025.\nCHỦ TỊCH QUỐC HỘI\nTrần Văn Mẫn\n")


def test_a_law_is_dated_by_its_vote_and_signed_by_the_chair(tmp_path):
    """A law has no place-date line and no "Nơi nhận": its date is the day it was passed,
    its signer the Chair whose title names the Assembly; neither absence is a finding, and
    "Luật này" (the law itself) is no citation."""
    from vanban.extractor import extract

    doc = doc_of(LAW)
    assert (doc.doc_type, doc.number, doc.issue_date) == ("luat", "64", date(2025, 2, 19))
    assert doc.provenance["issue_date"].rule == "passed_on"
    assert (doc.signer.position, doc.signer.name) == ("Chủ tịch Quốc hội", "Trần Văn Mẫn")
    path = tmp_path / "luat.txt"
    path.write_text(LAW, encoding="utf-8")
    result = extract(path)
    assert result.findings == [] and result.references == []


def test_a_date_passed_elsewhere_is_not_a_decisions_date():
    # negative: a decision citing a law passed on a day is not dated by that vote
    doc = doc_of(TOP + "Số: 5/QĐ-UBND\nQUYẾT ĐỊNH\nVề việc A\nCăn cứ Luật X được Quốc hội thông "
                 "qua ngày 19 tháng 02 năm 2025;\nĐiều 1. Nội dung.\n")
    assert doc.issue_date is None


def test_an_assembly_resolution_numbered_on_its_own_label():
    # "Nghị quyết số:" labels the number; the title "QUY ĐỊNH VỀ …" under the heading opens
    # no attached "Quy định" (the signature is still looked for at the end)
    doc = doc_of(LAW.replace("Luật số: 64/2025/QH15\nLUẬT\nBAN HÀNH VĂN BẢN QUY PHẠM PHÁP LUẬT",
                             "Nghị quyết số: 190/2025/QH15\nNGHỊ QUYẾT\nQUY ĐỊNH VỀ XỬ LÝ MỘT SỐ "
                             "VẤN ĐỀ"))
    assert (doc.doc_type, doc.code, doc.issue_date) == ("nghi_quyet", "190/2025/QH15",
                                                         date(2025, 2, 19))
    assert (doc.signer.position, doc.signer.name) == ("Chủ tịch Quốc hội", "Trần Văn Mẫn")
    # negative: a citation in a title has no colon after "số"
    doc = doc_of("HỘI ĐỒNG NHÂN DÂN\nTỈNH BÌNH MINH\nV/v thực hiện Nghị quyết số 12/NQ-HĐND\n"
                 "Kính gửi: Sở Tài chính\n")
    assert doc.number is None


def test_a_symbol_broken_inside_a_part_by_a_narrow_column():
    # a long symbol broken by the layout with no hyphen: the lone capitals below end it
    doc = doc_of("SỞ GIÁO DỤC VÀ\nĐÀO TẠO\nSố:\n5095/SGDĐT-CTTTHSS\nV\nV/v tăng cường các\n"
                 "biện pháp\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
                 "Hà Nội, ngày 05 tháng 3 năm 2025\nKính gửi: Các trường\n")
    assert (doc.code, doc.doc_type) == ("5095/SGDĐT-CTTTHSSV", "cong_van")
    # negative: a word under the number is no piece of it
    doc = doc_of("SỞ GIÁO DỤC VÀ\nĐÀO TẠO\nSố: 5095/SGDĐT-CTTT\nV/v tăng cường\n"
                 "Hà Nội, ngày 05 tháng 3 năm 2025\nKính gửi: Các trường\n")
    assert doc.code == "5095/SGDĐT-CTTT"


def test_a_lone_line_under_a_scanned_number_is_not_read_into_its_symbol():
    # on a scan a short capitals line under the number is as likely a mark read as letters
    from vanban.extractor.parsers.header import parse_header
    from vanban.extractor.text import TextBuilder

    b = TextBuilder()
    b.start_page(source="ocr")
    for line in ["SỞ GIÁO DỤC VÀ", "ĐÀO TẠO", "Số: 5095/SGDĐT-CTTT", "VT",
                 "V/v tăng cường", "Hà Nội, ngày 05 tháng 3 năm 2025", "Kính gửi: Các trường"]:
        b.add_line(line)
    assert parse_header(b.build()).document.code == "5095/SGDĐT-CTTT"


JOINT_TOP = ("SỞ NỘI VỤ - SỞ TÀI CHÍNH\nTỈNH BÌNH MINH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
             "Độc lập - Tự do - Hạnh phúc\nSố: 4/HD-SNV-STC\nBình Minh, ngày 05 tháng 3 năm 2021\n"
             "HƯỚNG DẪN LIÊN TỊCH\nVề việc A\nNội dung hướng dẫn.\n")


@pytest.mark.parametrize("end", [
    # the two blocks read across, one line per row
    "KT. GIÁM ĐỐC SỞ TÀI CHÍNH KT. GIÁM ĐỐC SỞ NỘI VỤ\nPHÓ GIÁM ĐỐC PHÓ GIÁM ĐỐC\n\n"
    "Lê Văn Hòa Đặng Thị Mai Anh\nNơi nhận:\n- UBND tỉnh;\n- Lưu: VT.\n",
    # typed with tabs
    "KT. GIÁM ĐỐC SỞ TÀI CHÍNH\tKT. GIÁM ĐỐC SỞ NỘI VỤ\nPHÓ GIÁM ĐỐC\tPHÓ GIÁM ĐỐC\n"
    "Lê Văn Hòa\tĐặng Thị Mai Anh\nNơi nhận:\n- UBND tỉnh;\n- Lưu: VT.\n",
    # the names in capitals
    "KT. GIÁM ĐỐC SỞ TÀI CHÍNH KT. GIÁM ĐỐC SỞ NỘI VỤ\nPHÓ GIÁM ĐỐC PHÓ GIÁM ĐỐC\n"
    "LÊ VĂN HÒA ĐẶNG THỊ MAI ANH\nNơi nhận:\n- UBND tỉnh;\n- Lưu: VT.\n",
])
def test_a_joint_documents_two_signers(end):
    # the right-hand block (the lead issuer's by the usual layout) is the signer; the other is kept
    doc = doc_of(JOINT_TOP + end)
    assert (doc.signer.authority, doc.signer.position, doc.signer.name) == (
        "KT. Giám đốc Sở Nội vụ", "Phó Giám đốc", "Đặng Thị Mai Anh")
    assert [(s.authority, s.position, s.name) for s in doc.co_signers] == [
        ("KT. Giám đốc Sở Tài chính", "Phó Giám đốc", "Lê Văn Hòa")]


def test_one_signers_chain_of_authority_on_one_line_is_no_joint_block():
    doc = doc_of(TOP + "Số: 5/QĐ-UBND\nBình Minh, ngày 05 tháng 3 năm 2021\nQUYẾT ĐỊNH\nVề việc A\n"
                 "Điều 1. Nội dung.\nTM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n"
                 "Trần Văn Bình\nNơi nhận:\n- Lưu: VT.\n")
    assert (doc.signer.position, doc.signer.name, doc.co_signers) == (
        "Phó Chủ tịch", "Trần Văn Bình", [])


def test_two_blocks_side_by_side_that_cannot_be_told_apart_are_flagged():
    # the recipients read across the same rows: a row cuts no clean way, the block is read
    # whole and the signer is flagged, never given as certain
    from vanban.extractor.parsers.header import parse_header

    end = ("Nơi nhận:\n- UBND tỉnh; KT. GIÁM ĐỐC SỞ TÀI CHÍNH KT. GIÁM ĐỐC SỞ NỘI VỤ\n"
           "- Lưu: VT. PHÓ GIÁM ĐỐC PHÓ GIÁM ĐỐC\nLê Văn Hòa Đặng Thị Mai Anh\n")
    doc = parse_header(Text.from_string(JOINT_TOP + end)).document
    review = doc.review["signer.name"]
    assert review.needs_review and [r.code for r in review.reasons] == ["ambiguous"]
    # one signer's chain of authority on one row is no such block
    doc = doc_of(TOP + "Số: 5/QĐ-UBND\nBình Minh, ngày 05 tháng 3 năm 2021\nQUYẾT ĐỊNH\nVề việc A\n"
                 "Điều 1. Nội dung.\nTM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n"
                 "Trần Văn Bình\nNơi nhận:\n- Lưu: VT.\n")
    assert "signer.name" not in doc.review or not doc.review["signer.name"].needs_review


@pytest.mark.parametrize("end", [
    "PHÒNG VĂN HÓA HỘI KHUYẾN HỌC HUYỆN\nTRƯỞNG PHÒNG CHỦ TỊCH\nLê Văn Hòa Đặng Thị Mai Anh\n"
    "Nơi nhận:\n- UBND huyện;\n- Lưu: VT.\n",
    "Nơi nhận:\n- UBND huyện;\n- Lưu: VT.\nTRƯỞNG PHÒNG\tCHỦ TỊCH\nLê Văn Hòa\tĐặng Thị Mai Anh\n",
])
def test_a_joint_plan_signed_by_two_heads_without_authority_lines(end):
    # two bodies' heads sign side by side with no TM./KT. line: a row of two positions
    # over a row of two names; before, no signer was read (and MISSING_SIGNER accused it)
    doc = doc_of(JOINT_TOP + end)
    assert (doc.signer.position, doc.signer.name) == ("Chủ tịch", "Đặng Thị Mai Anh")
    assert [(s.position, s.name) for s in doc.co_signers] == [("Trưởng phòng", "Lê Văn Hòa")]


def test_a_joint_block_whose_authorities_wrap_onto_a_row_of_their_own():
    end = ("KT. GIÁM ĐỐC KT. GIÁM ĐỐC\nSỞ TÀI CHÍNH SỞ NỘI VỤ\nPHÓ GIÁM ĐỐC PHÓ GIÁM ĐỐC\n"
           "Lê Văn Hòa Đặng Thị Mai Anh\nNơi nhận:\n- UBND tỉnh;\n- Lưu: VT.\n")
    doc = doc_of(JOINT_TOP + end)
    assert (doc.signer.authority, doc.signer.position, doc.signer.name) == (
        "KT. Giám đốc Sở Nội vụ", "Phó Giám đốc", "Đặng Thị Mai Anh")
    assert [(s.authority, s.position, s.name) for s in doc.co_signers] == [
        ("KT. Giám đốc Sở Tài chính", "Phó Giám đốc", "Lê Văn Hòa")]


@pytest.mark.parametrize("block, signer", [
    # the body of an authority that holds only the head's position, on a line of its own
    ("KT. GIÁM ĐỐC\nSỞ TÀI CHÍNH\nPHÓ GIÁM ĐỐC\nLê Văn Hòa\n",
     ("KT. Giám đốc Sở Tài chính", "Phó Giám đốc", "Lê Văn Hòa")),
    # negative: a position under the authority is the signer's own, whatever body it names
    ("TL. BỘ TRƯỞNG\nVỤ TRƯỞNG VỤ PHÁP CHẾ\nLê Văn Hòa\n",
     ("TL. Bộ trưởng", "Vụ trưởng Vụ Pháp chế", "Lê Văn Hòa")),
    ("TUQ. CHỦ TỊCH\nGIÁM ĐỐC SỞ NỘI VỤ\nLê Văn Hòa\n",
     ("TUQ. Chủ tịch", "Giám đốc Sở Nội vụ", "Lê Văn Hòa")),
])
def test_an_authority_whose_body_is_on_the_next_line(block, signer):
    doc = doc_of(TOP + "Số: 5/QĐ-UBND\nBình Minh, ngày 05 tháng 3 năm 2021\nQUYẾT ĐỊNH\nVề việc A\n"
                 "Điều 1. Nội dung.\n" + block + "Nơi nhận:\n- Lưu: VT.\n")
    assert (doc.signer.authority, doc.signer.position, doc.signer.name) == signer


SPACED_TOP = ("ỦY BAN NHÂN DÂN                 CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
              "HUYỆN BÌNH MINH                        Độc lập - Tự do - Hạnh phúc\n"
              "Số: 12/QĐ-UBND                    Bình Minh, ngày 05 tháng 3 năm 2021\n"
              "QUYẾT ĐỊNH\nVề việc thành lập tổ công tác\nĐiều 1. Nội dung.\n")


@pytest.mark.parametrize("end, recipients, signer", [
    # plain text laid out with spaces (typed so, or `pdftotext -layout`): the signature
    # column beside the list is cut off each entry, as a tab cuts it
    ("Nơi nhận:                                   TM. ỦY BAN NHÂN DÂN\n"
     "- Như Điều 3;                                  CHỦ TỊCH\n"
     "- Lưu: VT.\n\n                                             Lê Văn Hòa\n",
     ["Như Điều 3", "Lưu: VT"], ("TM. Ủy ban nhân dân", "Chủ tịch", "Lê Văn Hòa")),
    # the position alone, on the heading's row
    ("Nơi nhận:                                     CHỦ TỊCH\n- Như Điều 3;\n- Lưu: VT.\n\n"
     "                                              Lê Văn Hòa\n",
     ["Như Điều 3", "Lưu: VT"], (None, "Chủ tịch", "Lê Văn Hòa")),
    # negative: one or two spaces inside an entry separate words, not columns
    ("Nơi nhận:\n- Sở Tài chính;  Sở Nội vụ;\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n"
     "Lê Văn Hòa\n",
     ["Sở Tài chính; Sở Nội vụ", "Lưu: VT"], ("TM. Ủy ban nhân dân", "Chủ tịch", "Lê Văn Hòa")),
])
def test_columns_laid_out_with_spaces(end, recipients, signer):
    doc = doc_of(SPACED_TOP + end)
    assert doc.recipients == recipients
    assert (doc.signer.authority, doc.signer.position, doc.signer.name) == signer


@pytest.mark.parametrize("left, issuer, parent", [
    # a Youth Union document heads its right column with the Union's name: the issuer is
    # on the left, and its organ ("Ban Chấp hành") leads the body named after it
    ("BAN CHẤP HÀNH ĐOÀN TỈNH BÌNH MINH", "Ban Chấp hành Đoàn tỉnh Bình Minh", None),
    ("TỈNH ĐOÀN BÌNH MINH", "Tỉnh Đoàn Bình Minh", None),
    ("HUYỆN ĐOÀN SÔNG LAM", "Huyện Đoàn Sông Lam", None),
    ("BCH ĐOÀN TỈNH BÌNH MINH\nBAN THƯỜNG VỤ", "Ban Thường vụ", "BCH Đoàn tỉnh Bình Minh"),
])
def test_a_youth_union_header(left, issuer, parent):
    for org in ("ĐOÀN TNCS HỒ CHÍ MINH", "ĐOÀN THANH NIÊN CỘNG SẢN HỒ CHÍ MINH"):
        doc = doc_of(f"{left}\n{org}\n***\nSố: 56-KH/TĐTN\nBình Minh, ngày 02 tháng 3 năm 2018\n"
                     "KẾ HOẠCH\nTổ chức Tháng Thanh niên năm 2018\nI. MỤC ĐÍCH\n")
        assert (doc.issuer, doc.issuer_parent) == (issuer, parent)


@pytest.mark.parametrize("name, cased", [
    ("ĐOÀN KIỂM TRA LIÊN NGÀNH", "Đoàn kiểm tra liên ngành"),
    ("LIÊN ĐOÀN LAO ĐỘNG TỈNH BÌNH MINH", "Liên đoàn Lao động tỉnh Bình Minh"),
    ("HỘI ĐỒNG ĐỘI HUYỆN SÔNG LAM", "Hội đồng Đội huyện Sông Lam"),
    ("THÀNH ĐOÀN BÌNH MINH", "Thành Đoàn Bình Minh"),
])
def test_youth_union_bodies_recased(name, cased):
    assert recase(name) == cased


@pytest.mark.parametrize("rows, number, symbol, place, issued", [
    # "Số:" ends its column beside the place-date line, the code on the next line
    ("Số:            Bình Minh, ngày 05 tháng 3 năm 2021\n12/QĐ-UBND\n",
     "12", "QĐ-UBND", "Bình Minh", date(2021, 3, 5)),
    ("Số: 12/QĐ-     Bình Minh, ngày 05 tháng 3 năm 2021\nUBND\n",
     "12", "QĐ-UBND", "Bình Minh", date(2021, 3, 5)),
    # the place, or the year, wrapped inside the right column
    ("Số: 12/QĐ-UBND     Thành phố\n                   Tân An, ngày 05 tháng 3 năm 2021\n",
     "12", "QĐ-UBND", "Thành phố Tân An", date(2021, 3, 5)),
    ("Số: 12/QĐ-UBND     Bình Minh, ngày 05 tháng 3\n                   năm 2021\n",
     "12", "QĐ-UBND", "Bình Minh", date(2021, 3, 5)),
])
def test_number_and_date_columns_wrapped_apart(rows, number, symbol, place, issued):
    doc = doc_of("ỦY BAN NHÂN DÂN      CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                 "HUYỆN BÌNH MINH      Độc lập - Tự do - Hạnh phúc\n" + rows +
                 "QUYẾT ĐỊNH\nVề việc thành lập tổ công tác\nĐiều 1. Nội dung.\n")
    assert (doc.number, doc.symbol, doc.place, doc.issue_date) == (number, symbol, place, issued)


def test_a_subject_line_beside_the_wrapped_date():
    doc = doc_of("ỦY BAN NHÂN DÂN      CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                 "HUYỆN BÌNH MINH      Độc lập - Tự do - Hạnh phúc\n"
                 "Số: 12/UBND-VP                Bình Minh, ngày 05 tháng 3\n"
                 "V/v tổ chức ngày hội          năm 2021\n"
                 "khuyến học\n"
                 "Kính gửi: Các xã.\n")
    assert (doc.doc_type, doc.title, doc.issue_date) == (
        "cong_van", "tổ chức ngày hội khuyến học", date(2021, 3, 5))


@pytest.mark.parametrize("end, signer", [
    # the signature column wrapped beside the recipients: a prefix alone, a body cut, a
    # position cut
    ("Nơi nhận:       TM.\n- Như Điều 3;   ỦY BAN NHÂN DÂN\n- Lưu: VT.      CHỦ TỊCH\n",
     ("TM. Ủy ban nhân dân", "Chủ tịch")),
    ("Nơi nhận:       TM. ỦY\n- Như Điều 3;   BAN NHÂN DÂN\n- Lưu: VT.      CHỦ TỊCH\n",
     ("TM. Ủy ban nhân dân", "Chủ tịch")),
    ("Nơi nhận:       KT. CHỦ TỊCH\n- Như Điều 3;   PHÓ\n- Lưu: VT.      CHỦ TỊCH\n",
     ("KT. Chủ tịch", "Phó Chủ tịch")),
    ("Nơi nhận:       TL. GIÁM ĐỐC\n- Như Điều 3;   CHÁNH VĂN\n- Lưu: VT.      PHÒNG\n",
     ("TL. Giám đốc", "Chánh Văn phòng")),
    ("Nơi nhận:       TM. ỦY BAN NHÂN DÂN\n- Như Điều 3;   KT.\n- Lưu: VT.      CHỦ TỊCH\n"
     "                PHÓ\n                CHỦ TỊCH\n",
     ("TM. Ủy ban nhân dân; KT. Chủ tịch", "Phó Chủ tịch")),
])
def test_signature_column_wrapped_beside_the_recipients(end, signer):
    doc = doc_of(SPACED_TOP + end + "\n                                   Lê Văn Hòa\n")
    assert (doc.signer.authority, doc.signer.position, doc.signer.name) == (*signer, "Lê Văn Hòa")
    assert doc.recipients == ["Như Điều 3", "Lưu: VT"]


def test_a_national_title_wrapped_beside_a_wrapped_issuer():
    # both columns wrapped, laid out with spaces: the title's last word stands past the gap
    # of the issuer's second line, whose words look like the title's ("CÔNG" ~ "CỘNG")
    doc = doc_of("SỞ NÔNG NGHIỆP VÀ      CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT\n"
                 "  CÔNG NGHỆ                           NAM\n"
                 "                    Độc lập - Tự do - Hạnh phúc\n"
                 "Số: 12/QĐ-SNN          Bình Minh, ngày 05 tháng 3 năm 2021\n"
                 "QUYẾT ĐỊNH\nVề việc thành lập tổ công tác\nĐiều 1. Nội dung.\n")
    assert doc.issuer == "Sở Nông nghiệp và Công nghệ"
    assert not [f for f in doc.review if f == "issuer"]


def test_an_authority_wrapped_beside_a_long_list():
    # laid out with spaces: the authority's body wraps beside the recipients, a recipient
    # wraps under it, and the position stands on a row of its own between two entries
    end = ("Nơi nhận:                                 TL. CỤC TRƯỞNG\n"
           "- Như trên;                       KT. TRƯỞNG BAN CHÍNH SÁCH, THUẾ\n"
           "- Phó Cục trưởng (để b/c);                 QUỐC TẾ\n"
           "- Các đơn vị thuộc Bộ: Vụ Pháp chế,\n"
           "                                          PHÓ TRƯỞNG BAN\n"
           "Vụ Tổ chức cán bộ;\n"
           "- Lưu: VT, CS.\n\n"
           "                                          Lê Thị Minh Hòa\n")
    doc = doc_of(SPACED_TOP + end)
    assert (doc.signer.authority.lower(), doc.signer.position, doc.signer.name) == (
        "tl. cục trưởng; kt. trưởng ban chính sách, thuế quốc tế", "Phó Trưởng ban",
        "Lê Thị Minh Hòa")


LAYOUT_TOP = ("ỦY BAN NHÂN DÂN             CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
              "HUYỆN BÌNH MINH                   Độc lập - Tự do - Hạnh phúc\n\n"
              "Số: 12/TB-UBND             Bình Minh, ngày 05 tháng 3 năm 2021\n\n"
              "                             THÔNG BÁO\n")


@pytest.mark.parametrize("title_and_body, title", [
    # pdftotext -layout keeps the title centred: a line opening with a capital under one
    # that did not fill the width goes on with it when it is centred like the type line
    ("            Kết luận của Chủ tịch UBND huyện tại cuộc họp\n"
     "       nghe báo cáo tiến độ triển khai thực hiện 02\n"
     "    Chương trình mục tiêu quốc gia về nông thôn mới năm 2021\n\n"
     "       Ngày 01/3/2021, tại trụ sở UBND huyện, Chủ tịch UBND huyện chủ trì cuộc\n"
     "họp nghe báo cáo.\n",
     "Kết luận của Chủ tịch UBND huyện tại cuộc họp nghe báo cáo tiến độ triển khai thực "
     "hiện 02 Chương trình mục tiêu quốc gia về nông thôn mới năm 2021"),
    # negative: a paragraph's indented first line runs to the margin, off the middle
    ("           Kết luận của Chủ tịch UBND huyện tại cuộc họp\n"
     "       Theo đề nghị của Phòng Nội vụ, Chủ tịch UBND huyện thống nhất nội dung sau\n"
     "đây.\n",
     "Kết luận của Chủ tịch UBND huyện tại cuộc họp"),
])
def test_a_title_centred_in_text_laid_out_with_spaces(title_and_body, title):
    assert doc_of(LAYOUT_TOP + title_and_body).title == title


def test_a_number_boxed_apart_from_its_symbol():
    # a text export of a PDF whose number was typed in a box of its own: "Số: 542", blank
    # lines and the other column's title between it and "/TB-UBND"
    doc = doc_of("ỦY BAN NHÂN DÂN\nTỈNH BÌNH MINH\nSố: 542\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                 "Độc lập - Tự do - Hạnh phúc\n\n/TB-UBND\n\nBình Minh, ngày 05 tháng 3 năm 2021\n"
                 "THÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh\nNgày 01/3/2021, Chủ tịch chủ trì họp.\n")
    assert (doc.number, doc.symbol, doc.issuer) == ("542", "TB-UBND", "Ủy ban nhân dân tỉnh Bình Minh")


def test_a_title_line_ending_on_a_count_goes_on():
    doc = doc_of(TOP + "Số: 12/TB-UBND\nBình Minh, ngày 05 tháng 3 năm 2021\nTHÔNG BÁO\n"
                 "Kết luận về việc thực hiện 02\n"
                 "Chương trình mục tiêu quốc gia\n"
                 "Ngày 01/3/2021, tại trụ sở Ủy ban nhân dân tỉnh, Chủ tịch Ủy ban nhân dân\n"
                 "tỉnh chủ trì cuộc họp nghe báo cáo tiến độ triển khai thực hiện các chương\n"
                 "trình mục tiêu quốc gia trên địa bàn tỉnh trong năm 2021 và những năm tới.\n")
    assert doc.title == "Kết luận về việc thực hiện 02 Chương trình mục tiêu quốc gia"


def test_a_block_begun_on_the_recipients_heading_goes_on_after_the_list():
    # pdftotext's reading order: the first authority read across the heading, the list,
    # then the rest of the block
    end = ("Nơi nhận: TL. CHỦ TỊCH\n" + "".join(f"- Sở số {k} của tỉnh;\n" for k in range(1, 15))
           + "- Lưu: VT.\nKT. CHÁNH VĂN PHÒNG\nPHÓ CHÁNH VĂN PHÒNG\nLê Văn Hòa\n")
    doc = doc_of(SPACED_TOP + end)
    assert (doc.signer.authority, doc.signer.position, doc.signer.name) == (
        "TL. Chủ tịch; KT. Chánh Văn phòng", "Phó Chánh Văn phòng", "Lê Văn Hòa")
    assert len(doc.recipients) == 15
