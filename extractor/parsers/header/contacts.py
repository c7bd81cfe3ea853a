"""Contacts anywhere in the text: e-mail addresses (OCR's letter confusions repaired) and
phone numbers (after a cue such as "ĐT:", "Fax:", or a mobile number)."""
from __future__ import annotations

from vanban.extractor import vocab
from vanban.extractor.parsers.header.model import ContactsPart
from vanban.extractor.parsers.header.patterns import (EMAIL, EMAIL_ASCII, EMAIL_CHAR, PHONE_CUED,
                                               PHONE_MOBILE)
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


def parse_contacts(text: Text) -> ContactsPart:
    emails, phones = [], []
    first_email = first_phone = None
    repairs = str.maketrans(vocab.header_cues().email_ocr_repairs)
    for m in _emails(text.text):
        value = m.group(0).rstrip(".").translate(repairs)
        if not value.isascii() or not EMAIL_ASCII.fullmatch(value):
            continue
        if value not in emails:
            emails.append(value)
            first_email = first_email or (m.start(), m.start() + len(value))
    spans = []
    for m in PHONE_CUED.finditer(text.text):
        spans.append((m.start("phone"), m.end("phone")))
    for m in PHONE_MOBILE.finditer(text.text):
        if not any(a <= m.start() < b for a, b in spans):
            spans.append((m.start(), m.end()))
    for a, b in sorted(spans):
        value = text.text[a:b].strip(" .-")
        if value.endswith(")") and "(" not in value:
            value = value[:-1]
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
