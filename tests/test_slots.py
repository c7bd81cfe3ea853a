"""The targeted second reading of handwritten header slots (extractor.loaders.slots):
where the slots are, and how a sure / unsure vote rewrites the line (engine faked)."""
from __future__ import annotations

from PIL import Image

from vanban.extractor.loaders import slot_finder, slots
from vanban.extractor.text import WordBox


def _w(text, x0, x1, conf=95.0, y0=300, y1=330):
    return WordBox(text, (x0, y0, x1, y1), conf)


TITLE = [_w("CỘNG", 1200, 1300, y0=200, y1=230), _w("HÒA", 1310, 1380, y0=200, y1=230)]


def _page():
    # ink in every slot: the crops are not empty
    page = Image.new("L", (2400, 3400), 255)
    for x0, x1 in ((160, 190), (200, 215), (820, 840)):
        page.paste(0, (x0, 295, x1, 335))
    return page


NUMBER = [_w("Số:", 100, 150), _w("0+", 170, 200, 30.0), _w("/QĐ-UBND", 230, 400)]
DATE = [_w("Quảng", 600, 650), _w("Ngãi,", 660, 700), _w("ngày0ÿ", 710, 790, 40.0),
        _w("tháng", 860, 900), _w("02", 910, 930, 96.0), _w("năm", 940, 980),
        _w("2025", 990, 1040)]
# the same line with the pen's digits apart from the printed "ngày"
DATE_APART = [_w("Quảng", 600, 650), _w("Ngãi,", 660, 700), _w("ngày", 710, 760),
              _w("0ÿ", 775, 800, 40.0), _w("tháng", 860, 900), _w("02", 910, 930, 96.0),
              _w("năm", 940, 980), _w("2025", 990, 1040)]
CITATION = [_w("Căn", 100, 150, y0=1200, y1=1230), _w("cứ", 160, 190, y0=1200, y1=1230),
            _w("Quyết", 200, 260, y0=1200, y1=1230), _w("định", 270, 320, y0=1200, y1=1230),
            _w("số", 330, 350, y0=1200, y1=1230), _w("12/QĐ-UBND", 360, 480, y0=1200, y1=1230)]


def test_slots_are_the_number_day_and_month_blanks_of_the_header():
    assert slot_finder.find_slots([NUMBER, DATE], 3400) == []  # no national title: no header
    found = slot_finder.find_slots([TITLE, NUMBER, DATE, CITATION], 3400)
    assert [(s.kind, s.first) for s in found] == [("number", "0+"), ("day", "0ÿ"),
                                                  ("month", "02")]
    # a citation's "số" in the body is no slot; the month printed clearly is kept as is
    assert slot_finder.is_printed(found[2], DATE)


def test_sure_reading_replaces_the_slot_and_is_marked(monkeypatch):
    monkeypatch.setattr(slots, "read_slots", lambda gray, crops, settings, clock:
                        [["04"] * len(c) for c in crops])
    lines, repairs = slots.reread_slots([TITLE, NUMBER, DATE_APART], _page(), settings=None)
    assert [w.text for w in lines[1]] == ["Số:", "04", "/QĐ-UBND"]
    number = lines[1][1]
    assert number.handwritten and number.conf < 50
    assert number.repairs == ("handwritten: 0+ -> 04",)
    assert " ".join(w.text for w in lines[2]) == "Quảng Ngãi, ngày 04 tháng 02 năm 2025"
    assert "number: handwritten: 0+ -> 04" in repairs


def test_pen_digits_glued_to_the_cue_are_not_taken_even_when_the_vote_agrees(monkeypatch):
    monkeypatch.setattr(slots, "read_slots", lambda gray, crops, settings, clock:
                        [["04"] * len(c) for c in crops])
    lines, repairs = slots.reread_slots([TITLE, NUMBER, DATE], _page(), settings=None)
    assert " ".join(w.text for w in lines[2]) == "Quảng Ngãi, ngày tháng 02 năm 2025"
    assert "day: handwritten: 0ÿ -> ?" in repairs


def test_unsure_reading_leaves_the_slot_empty_and_keeps_the_printed_parts(monkeypatch):
    monkeypatch.setattr(slots, "read_slots", lambda gray, crops, settings, clock:
                        [["04", "01", "04", "04"] for c in crops])
    lines, repairs = slots.reread_slots([TITLE, NUMBER, DATE], _page(), settings=None)
    assert [w.text for w in lines[1]] == ["Số:", "/QĐ-UBND"]
    assert lines[1][0].handwritten and lines[1][0].repairs == ("handwritten: 0+ -> ?",)
    assert " ".join(w.text for w in lines[2]) == "Quảng Ngãi, ngày tháng 02 năm 2025"
    assert sorted(repairs) == ["day: handwritten: 0ÿ -> ?", "number: handwritten: 0+ -> ?"]


def test_typed_digits_glued_to_the_cue_are_print_and_kept(monkeypatch):
    monkeypatch.setattr(slots, "read_slots", lambda gray, crops, settings, clock:
                        [["99"] * len(c) for c in crops])
    typed = [_w("Số:53", 100, 200, 96.0), _w("/TB-UBND", 230, 400)]
    lines, repairs = slots.reread_slots([TITLE, typed], _page(), settings=None)
    assert [w.text for w in lines[1]] == ["Số:", "53", "/TB-UBND"]
    assert not any(w.handwritten for w in lines[1]) and repairs == []
    # the whole code typed in one word
    lines, repairs = slots.reread_slots([TITLE, [_w("Số:01/KH-HKH", 100, 300, 93.0)]], _page(),
                                        settings=None)
    assert [w.text for w in lines[1]] == ["Số:", "01", "/KH-HKH"] and repairs == []
    # the same glued to a misread cue is pen work: not taken
    pen = [_w("Sôz14", 100, 200, 91.0), _w("/CT-UBND", 230, 400)]
    lines, repairs = slots.reread_slots([TITLE, pen], _page(), settings=None)
    assert [w.text for w in lines[1]] == ["Số:", "/CT-UBND"]


def test_a_reading_with_fewer_digits_than_ink_runs_is_refused():
    assert slots.vote("number", ["4"] * 4, runs=2) is None
    assert slots.vote("number", ["11"] * 4, runs=2) == "11"


def test_digits_typed_against_the_symbol_are_print_and_a_lost_digit_is_refused(monkeypatch):
    # "128/KH-UBND" in one word, read confidently: print, left as it is
    monkeypatch.setattr(slots, "read_slots", lambda gray, crops, settings, clock:
                        [["4"] * len(c) for c in crops])
    typed = [_w("Số:", 100, 150), _w("128/KH-UBND", 165, 400, 92.0)]
    lines, repairs = slots.reread_slots([TITLE, typed], _page(), settings=None)
    assert [w.text for w in lines[1]] == ["Số:", "128/KH-UBND"] and repairs == []
    # pen "24" that tesseract reads "4" on the page and in the crop: two ink runs for one
    # digit, refused (null and flagged), never "4"
    page = Image.new("L", (2400, 3400), 255)
    for x0, x1 in ((165, 185), (195, 215)):
        page.paste(0, (x0, 300, x1, 330))
    pen = [_w("Số:", 100, 150), _w("4", 170, 212, 50.0), _w("/QĐ-UBND", 230, 400)]
    lines, repairs = slots.reread_slots([TITLE, pen], page, settings=None)
    assert [w.text for w in lines[1]] == ["Số:", "/QĐ-UBND"]
    assert repairs == ["number: handwritten: 4 -> ?"]
