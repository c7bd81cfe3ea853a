"""Names written in capitals ("ỦY BAN NHÂN DÂN PHƯỜNG PHÚC ĐỒNG") in proper Vietnamese
case, as issuers, parents and authorities are given out."""
from __future__ import annotations

from vanban.extractor import vocab
from vanban.extractor.normalize import collapse_spaces, fold
from vanban.extractor.parsers.header.lines import (_is_upper_text, _starts_with_phrase,
                                                   is_syllable, name_after_kind, unit_kinds)
from vanban.extractor.vocab import body_word_compound, in_body_word_compound

_VIET_NAM = fold("việt nam")


def recase(name: str) -> str:
    """A name written in capitals, in proper Vietnamese case: known body phrases in their
    usual case, administrative-unit words lower and the proper name after them
    capitalised, abbreviations kept. Text already in mixed case is kept as written.

    >>> recase("ỦY BAN NHÂN DÂN PHƯỜNG PHÚC ĐỒNG")
    'Ủy ban nhân dân phường Phúc Đồng'
    >>> recase("HỘI KHUYẾN HỌC QUẬN LONG BIÊN")
    'Hội Khuyến học quận Long Biên'
    >>> recase("UBND TỈNH KHÁNH HÒA")
    'UBND tỉnh Khánh Hòa'
    >>> recase("BỘ TÀI CHÍNH"), recase("CỤC THUẾ")
    ('Bộ Tài chính', 'Cục Thuế')
    >>> recase("Hội KH các phường")
    'Hội KH các phường'
    """
    name = collapse_spaces(name)
    if not _is_upper_text(name):
        return name
    words = name.split()
    out: list[str] = []
    proper = False
    i = 0
    bodies, units, abbrs = vocab.issuer_bodies(), vocab.admin_units(), vocab.abbreviations()
    named, levels = vocab.named_bodies(), vocab.school_levels()
    kinds = unit_kinds() | name_after_kind()
    cap_next = False
    in_name = False  # inside the name after a kind ("Bộ Nông nghiệp và Môi trường")
    while i < len(words):
        rest = words[i:]
        hit = _starts_with_phrase(rest, bodies)
        if hit and hit[1] == 1 and in_body_word_compound(
                words[i - 1] if i > 0 else None, words[i], rest[1] if len(rest) > 1 else None):
            hit = None  # "… MÔI TRƯỜNG", "… XÃ HỘI", "PHÒNG, CHỐNG …": a word, not a body
        if hit and not (len(hit[0].split()) == 1 and fold(hit[0]) in abbrs):
            phrase, n = hit
            if phrase.isupper():  # an abbreviation such as UBND
                out.extend(words[i:i + n])
            else:
                out.extend(phrase.split())
            # "Huyện ủy Đông Hưng", "Trường Tiểu học Ngọc Thụy"; "Sở GD&ĐT Quảng Ngãi" (a
            # body named by its abbreviation: a place follows)
            proper = fold(phrase) in named or (len(phrase.split()) > 1
                                                and not is_syllable(phrase.split()[-1]))
            # "Cục Thuế", "Bộ Tài chính": the name after a body's kind opens with a capital
            cap_next = in_name = not proper and fold(phrase) in kinds
            i += n
            continue
        hit = _starts_with_phrase(rest, units)
        if hit and in_name and len(rest) > 1 and body_word_compound(rest[0], rest[1]):
            hit = None  # "Bộ … XÃ HỘI": a word of the ministry's name, not a commune
        if hit:
            phrase, n = hit
            out.extend(phrase.split())
            proper, in_name = True, False
            i += n
            continue
        w = words[i]
        if fold(" ".join(rest[:2]).strip(".,;:()")) == _VIET_NAM:
            out.extend(("Việt", "Nam" + rest[1][len(rest[1].rstrip(".,;:()")):]))
            i += 2  # the country's name is a proper name wherever it stands
            continue
        if fold(w) in abbrs or not is_syllable(w.strip(".,;:()")):
            out.append(w)
            # "THCS Ngọc Thụy", "TP Quảng Ngãi": after a school level or the city's
            # abbreviation comes a proper name
            proper = proper or (i > 0 and w.isupper() and (
                fold(w) in levels or fold(w.rstrip(".")) == "tp"))
        elif proper or cap_next:
            out.append(w[:1].upper() + w[1:].lower())
        else:
            out.append(w.lower())
        # each part of a name joined by "và", a comma or a dash opens with a capital ("Bộ
        # Văn hóa, Thể thao và Du lịch", "Bộ Lao động - Thương binh và Xã hội")
        cap_next = in_name and (fold(w) == fold("và") or w.endswith(",") or w in ("-", "–"))
        i += 1
    if out:
        out[0] = out[0][:1].upper() + out[0][1:]
    return " ".join(out)
