"""What people touch: the `solieu` command (cli/), output (tables, CSV, JSON, XLSX), the HTML report,
charts, alerts and webhooks, Datasette serving, source health and time specs.

solieu/ sits on top: it may import crawler, crawler.extract, nlp and db; nothing imports solieu.
"""
