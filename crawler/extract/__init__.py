"""Pure extraction: the bytes or text of a page (later a document) -> a record, with no fetching.

article (title, sapo, body, author, dates, canonical URL), byline, dates, outlet and urls (canonical
URLs, shared with the spiders). No Scrapy import, no I/O; it imports nothing else from crawler/ and
nothing from solieu/ (nlp and db are below it and may be used).
"""
