"""The Scrapy project: settings, items, pipelines, middlewares, extensions, spiders, sources, workers.

crawler/ discovers and fetches pages (spiders), hands their bytes to crawler.extract and nlp in worker
processes (pipelines, jobs, workers) and stores the results through db. It may import crawler.extract,
nlp and db; it must never import solieu (the user-facing layer sits above it).
"""
