"""Building review flags: the one way a parser, a loader or a check says "unsure".

A field is flagged by adding a :class:`models.ReviewReason` to its :class:`models.Review`;
``finish`` then sets ``needs_review`` on every review below the threshold or with a reason,
and the result-level summary. Messages are Vietnamese (what a clerk reads); the reason
codes are stable slugs for programs.
"""
from __future__ import annotations

from vanban.models import Document, ExtractionResult, Review, ReviewReason

#: below this confidence a field is flagged even when nothing else is wrong with it
REVIEW_THRESHOLD = 0.6


def flag(doc: Document, field: str, code: str, message: str,
         confidence: float | None = None) -> Review:
    """Add a reason to ``doc.review[field]`` (creating it), lowering its confidence."""
    review = doc.review.setdefault(field, Review())
    add_reason(review, code, message, confidence)
    return review


def add_reason(review: Review, code: str, message: str,
               confidence: float | None = None) -> None:
    if not any(r.code == code and r.message == message for r in review.reasons):
        review.reasons.append(ReviewReason(code=code, message=message))
    review.needs_review = True
    if confidence is not None:
        review.confidence = (confidence if review.confidence is None
                             else min(review.confidence, confidence))


def settle(review: Review | None, threshold: float = REVIEW_THRESHOLD) -> bool:
    """Set ``needs_review`` from the confidence and reasons; return it."""
    if review is None:
        return False
    if review.confidence is not None and review.confidence < threshold and not review.reasons:
        review.reasons.append(ReviewReason(
            code="low_confidence",
            message=f"độ tin cậy thấp ({review.confidence:.2f} < {threshold:.2f})"))
    review.needs_review = bool(review.reasons)
    return review.needs_review


def finish(result: ExtractionResult, threshold: float = REVIEW_THRESHOLD) -> None:
    """Settle every review of ``result`` and set ``result.needs_review``."""
    flagged = False
    for review in result.document.review.values():
        flagged |= settle(review, threshold)
    for family in (result.references, result.targets, result.timetable):
        for item in family:
            flagged |= settle(item.review, threshold)
    result.needs_review = flagged
