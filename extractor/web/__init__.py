"""The web side of vanban: ``vanban serve``'s FastAPI app (:mod:`.app`), its HTTP API
(:mod:`.api`), the review screens (:mod:`.review`) and the small store interface they
work against (:mod:`.store`). Jobs that run uploads on the batch's worker pool live in
:mod:`extractor.batch.jobs`.

Importing this package does not import FastAPI: ``vanban review`` uses the store alone.
"""
