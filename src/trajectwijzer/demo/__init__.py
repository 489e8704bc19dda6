"""Demo data taken from the pilot reports in the seeds, and its idempotent loader.

``catalogue_data`` and ``people_data`` hold the records as plain Python structures
(texts in Dutch, as the sources are); ``loader.load_demo`` upserts them by natural
key in one transaction. The ``load_demo`` management command lives in ``web``.
"""
