"""A loopback HTTP reverse proxy that counts the requests passing through it.

Both clients in the registration benchmark talk to MLflow through this proxy, so their HTTP calls are counted the
same way. GET /__count returns the counters as JSON; POST /__reset clears them.
"""
import http.client
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

UPSTREAM = urlsplit(sys.argv[2])
COUNTS: dict[str, int] = {}
LOCK = threading.Lock()
HOP_HEADERS = {"connection", "keep-alive", "transfer-encoding", "host", "content-length"}


class Proxy(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _forward(self):
        if self.path == "/__count":
            with LOCK:
                body = json.dumps({"total": sum(COUNTS.values()), "by_endpoint": COUNTS}).encode()
            self._reply(200, {"Content-Type": "application/json"}, body)
            return
        if self.path == "/__reset":
            with LOCK:
                COUNTS.clear()
            self._reply(200, {}, b"{}")
            return
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        with LOCK:
            key = f"{self.command} {self.path.split('?')[0]}"
            COUNTS[key] = COUNTS.get(key, 0) + 1
        conn = http.client.HTTPConnection(UPSTREAM.hostname, UPSTREAM.port, timeout=120)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_HEADERS}
        conn.request(self.command, self.path, body=body, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        out = {k: v for k, v in resp.getheaders() if k.lower() not in HOP_HEADERS}
        self._reply(resp.status, out, data)
        conn.close()

    def _reply(self, status, headers, body):
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _forward


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Proxy).serve_forever()
