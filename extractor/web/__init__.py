"""``vanban serve``: the FastAPI app (:mod:`.app`), its HTTP API (:mod:`.api`) and the
jobs that run uploads on the batch's worker pool (:mod:`extractor.batch.jobs`)."""
