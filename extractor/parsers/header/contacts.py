"""Contacts anywhere in the text: e-mail addresses (OCR's letter confusions repaired) and
phone numbers (after a cue such as "ĐT:", "Fax:", or a mobile number)."""
from __future__ import annotations

import re
from functools import lru_cache

from vanban.extractor import vocab
from vanban.extractor.normalize import fold
from vanban.extractor.parsers.header.model import ContactsPart
from vanban.extractor.parsers.header.patterns import (EMAIL, EMAIL_ASCII, EMAIL_CHAR, PHONE_CUED,
                                               PHONE_MOBILE, SIGNED_AT)
from vanban.extractor.text import Text
from vanban.models import Contacts


def _emails(s: str):
    """``EMAIL.finditer(s)``, tried only just before each ``@``: a match is a run of
    EMAIL_CHAR ending at an "@" (which the run cannot hold), so it can only start in the
    run right before an "@". The pattern tried at every word of the text cost more than
    the rest of the contacts.

    >>> [m.group(0) for m in _emails("Email: pgd@longbien.edu.vn; a@b, c.d@x.vn")]
    ['pgd@longbien.edu.vn', 'c.d@x.vn']
    """
    pos = 0
    while True:
        at = s.find("@", pos)
        if at < 0:
            return
        start = at
        while start > pos and EMAIL_CHAR.match(s, start - 1):
            start -= 1
        m = None
        for p in range(start, at):
            m = EMAIL.match(s, p)
            if m:
                break
        if m:
            yield m
            pos = m.end()
        else:
            pos = at + 1


# Vietnamese numbers have ten digits (mobiles, and landlines before 2017 with their area
# code) or eleven (landlines since): a cued number cut short by a line break goes on with
# the digits that open the next line when, together, they make one of these lengths.
PHONE_DIGITS = (10, 11)
_NOT_WORD = re.compile(r"\W+")
_WRAPPED_REST = re.compile(r"[ ]*\n[ *_]*(?P<rest>\d[\d .]*?\d|\d)(?![\w/])")


@lru_cache(maxsize=1)
def _labelled_not_phone() -> re.Pattern:
    """A label of another number ending the text before a phone-shaped number."""
    cues = "|".join(re.escape(fold(c)) for c in vocab.header_cues().not_phone_cues)
    return re.compile(rf"(?:^| )(?:{cues})(?: số)?$")


def _labelled_other(s: str, start: int) -> bool:
    """Is the number at ``start`` labelled as a tax code, account or identity number?

    >>> s = "Công ty X, mã số\\nthuế: 0303087289"
    >>> _labelled_other(s, s.index("0"))
    True
    >>> s = "Công ty X, điện thoại: 0303087289"
    >>> _labelled_other(s, s.index("0"))
    False
    """
    # punctuation out before folding: fold puts a word's tone after its last character
    before = " ".join(_NOT_WORD.sub(" ", s[max(0, start - 40):start]).split())
    return bool(_labelled_not_phone().search(fold(before)))


def _wrapped(s: str, value: str, end: int) -> tuple[str, int]:
    """``value`` (ending at ``end``) with the rest of its digits from the next line, when
    the line break cut it short; else as it is."""
    digits = sum(c.isdigit() for c in value)
    if digits >= PHONE_DIGITS[0]:
        return value, end
    m = _WRAPPED_REST.match(s, end)
    if m and digits + sum(c.isdigit() for c in m.group("rest")) in PHONE_DIGITS:
        return f"{value} {m.group('rest')}", m.end()
    return value, end


def _signing_stamp(s: str, a: int, b: int) -> bool:
    """Whether the address at [a, b) is a digital signature's stamp printed on the page:
    alone on its line, the signing time on the next ("ttcb@…" / "09.01.2025 10:21:11
    +07:00"). It is the signer's system's, not a contact of the document.

    >>> s = "VĂN PHÒNG\\n   vp@tinh.gov.vn\\n   09.01.2025 10:21:11 +07:00\\n"
    >>> _signing_stamp(s, s.index("vp@"), s.index(".vn") + 3)
    True
    >>> s = "Email: vp@tinh.gov.vn\\nĐiện thoại: 0255 3822 111\\n"
    >>> _signing_stamp(s, s.index("vp@"), s.index(".vn") + 3)
    False
    """
    start = s.rfind("\n", 0, a) + 1
    end = s.find("\n", b)
    if end < 0 or s[start:a].strip() or s[b:end].strip():
        return False
    nxt = s.find("\n", end + 1)
    return bool(SIGNED_AT.fullmatch(s[end + 1:nxt if nxt >= 0 else len(s)]))


def parse_contacts(text: Text) -> ContactsPart:
    emails, phones = [], []
    first_email = first_phone = None
    repairs = str.maketrans(vocab.header_cues().email_ocr_repairs)
    for m in _emails(text.text):
        value = m.group(0).rstrip(".").translate(repairs)
        if not value.isascii() or not EMAIL_ASCII.fullmatch(value):
            continue
        if _signing_stamp(text.text, m.start(), m.end()):
            continue
        if value not in emails:
            emails.append(value)
            first_email = first_email or (m.start(), m.start() + len(value))
    spans = []
    for m in PHONE_CUED.finditer(text.text):
        spans.append((m.start("phone"), m.end("phone")))
    for m in PHONE_MOBILE.finditer(text.text):
        if not any(a <= m.start() < b for a, b in spans) and not _labelled_other(text.text, m.start()):
            spans.append((m.start(), m.end()))
    for a, b in sorted(spans):
        b = a + len(text.text[a:b].rstrip(" .-"))
        value = text.text[a:b].lstrip(" .-")
        if value.endswith(")") and "(" not in value:
            value = value[:-1]
        value, b = _wrapped(text.text, value, b)
        if sum(c.isdigit() for c in value) < 6:
            continue
        if value not in phones:
            phones.append(value)
            first_phone = first_phone or (a, b)
    prov = None
    if first_email or first_phone:
        a, b = first_email or first_phone
        prov = text.provenance(a, b, rule="contacts")
    return ContactsPart(contacts=Contacts(emails=emails, phones=phones), provenance=prov)
