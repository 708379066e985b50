"""``python -m crawler.demo [--host H] [--port P]``: serve the demo news site."""

from __future__ import annotations

import argparse
import sys

from .site import DemoServer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.demo",
                                     description="Serve the solieu demo news site.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    args = parser.parse_args(argv)
    server = DemoServer(args.host, args.port)
    print(f"Demo news site: {server.url}/ ({len(server.site.articles)} articles)", flush=True)
    print("Press Ctrl+C to stop.", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.httpd.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
