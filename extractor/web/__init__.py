"""The review screens of ``vanban serve`` (a FastAPI router, :mod:`extractor.web.review`)
and the small store interface they work against (:mod:`extractor.web.store`).

Importing this package does not import FastAPI: ``vanban review`` uses the store alone.
"""
