"""A one-event AWS Lambda Runtime API, for scripts/e2e.sh: hands EVENT (JSON) to the
first `GET .../invocation/next`, writes what the function answers to OUT (its response
body, or `ERROR ` and its error body), then exits. Prints its port on stdout first.

  python e2e_lambda_runtime.py EVENT OUT

https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html
"""

import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

EVENT, OUT = sys.argv[1], sys.argv[2]
REQUEST_ID = "e2e-0001"
done = threading.Event()
served = threading.Lock()


class RuntimeApi(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path != "/2018-06-01/runtime/invocation/next":
            return self.send_error(404)
        if not served.acquire(blocking=False):
            done.wait()  # one event only: later polls wait until we shut down
            return
        self.send_response(200)
        self.send_header("Lambda-Runtime-Aws-Request-Id", REQUEST_ID)
        self.send_header("Lambda-Runtime-Deadline-Ms", str(int(time.time() * 1000) + 60_000))
        self.send_header("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:123456789012:function:Api")
        self.send_header("Content-Type", "application/json")
        body = EVENT.encode()
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        if self.path == f"/2018-06-01/runtime/invocation/{REQUEST_ID}/response":
            result = body
        elif self.path == f"/2018-06-01/runtime/invocation/{REQUEST_ID}/error":
            result = f"ERROR {body}"
        else:
            result = f"ERROR unexpected POST {self.path}: {body}"
        self.send_response(202)
        self.send_header("Content-Length", "0")
        self.end_headers()
        with open(OUT, "w") as f:
            f.write(result)
        done.set()

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), RuntimeApi)
server.daemon_threads = True
print(server.server_address[1], flush=True)
threading.Thread(target=server.serve_forever, daemon=True).start()
if not done.wait(timeout=60):
    with open(OUT, "w") as f:
        f.write("ERROR the function did not answer within 60 s")
server.shutdown()
