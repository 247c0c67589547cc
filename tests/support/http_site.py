"""A real HTTP server on 127.0.0.1 whose routes the test sets, and one that never answers."""

import http.server
import threading


class Site:
    """Routes for the test server and a log of every request it saw (path, headers)."""

    def __init__(self):
        self.routes = {}
        self.requests = []
        self.stop = threading.Event()
        self.counts = {}

    def add(self, path, status=200, body=b"", headers=None):
        self.routes[path] = (status, dict(headers or {}), body)

    def seen(self, path):
        return [h for p, h in self.requests if p == path]


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # keep test output clean
        pass

    def do_GET(self):
        site = self.server.site
        site.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
        site.counts[self.path] = site.counts.get(self.path, 0) + 1
        route = site.routes.get(self.path)
        if callable(route):
            return route(self, site)
        status, headers, body = route or (404, {"Content-Type": "text/plain"}, b"not found")
        self._send(status, headers, body)

    def _send(self, status, headers, body):
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        if "Content-Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # the client hung up on purpose (size cap, timeout)


def serve(site: Site):
    server = _Server(("127.0.0.1", 0), _Handler)
    server.site = site
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def etag_route(body: bytes, etag: str, ctype="application/rss+xml"):
    def route(handler, site):
        if handler.headers.get("If-None-Match") == etag:
            return handler._send(304, {"ETag": etag}, b"")
        handler._send(200, {"ETag": etag, "Content-Type": ctype}, body)

    return route


class SilentServer:
    """Accepts TCP connections and never answers (a hung upstream); counts connections."""

    def __init__(self):
        import socket

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.base = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.accepted, self._held = 0, []
        self._stop = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted += 1
            self._held.append(conn)  # held open, never read, never answered

    def close(self):
        self._stop.set()
        for conn in self._held:
            conn.close()
        self.sock.close()
