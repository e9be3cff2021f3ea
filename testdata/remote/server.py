#!/usr/bin/env python3
"""server.py - the chart repositories the remote cases fetch from.

    testdata/remote/server.py        # serves until killed; prints "ready"

Serves testdata/remote/www on 127.0.0.1:
  18765  plain HTTP
  18766  HTTP with basic auth (alice / s3cret)
  18767  HTTPS, certificate from certs/ca.crt (for --ca-file and
         --insecure-skip-tls-verify)
  18768  HTTPS that requires a client certificate signed by certs/ca.crt
         (--cert-file / --key-file)
  18769  a forward proxy (HTTP_PROXY / HTTPS_PROXY) for the made-up host
         charts.example: www over http, a tunnel to 18767 for https
  18770  the same proxy behind TLS (https:// proxy URLs), certificate as 18767
On the plain and TLS ports /v2/ is an OCI registry holding charts/hello
(one tag per www/hello-*.tgz), charts/signed (www/signed, with
provenance layers), charts/paged and charts/badlink (charts/hello with
its tag list paged by Link headers, well-formed or not), and charts/hello
as private/hello behind a bearer
token from /token: anonymous or for alice's password (GET), or for an
identity token (the OAuth2 POST, see oauth2()); private/multi only
challenges, with several scopes, for a realm that shows the token
request it got; private/norealm challenges without a realm.  On the plain port, /redir/P answers 302 to /P, /loop redirects forever,
/chunked/P sends P with chunked transfer encoding and /status/N answers N.
/v2/tokens/NAME/hello is charts/hello behind a Bearer challenge whose realm,
/tokens/NAME, answers GET and POST with TOKEN_BODIES[NAME] (token answers
that are not what ORAS expects).
tests/run.py and scripts/gen-remote-expected start it around testdata/remote.
"""
import base64, hashlib, http.server, json, os, select, socket, ssl, sys, threading, time

HERE = os.path.dirname(os.path.abspath(__file__))
WWW = os.path.join(HERE, "www")
CERTS = os.path.join(HERE, "certs")
AUTH = "Basic " + base64.b64encode(b"alice:s3cret").decode()


# /tokens/NAME's answers (see oci()): token fields of other JSON kinds,
# field names as encoding/json folds them, what a Decoder leaves unread
TOKEN_BODIES = {
    "number": b'{"token":1}', "float": b'{"token":-1.5e3}', "object": b'{"token":{"a":[1]}}',
    "array": b'{"token":[]}', "bool": b'{"token":true}', "null": b'{"token":null}',
    "access-number": b'{"access_token":2}', "first-error": b'{"access_token":[],"token":1}',
    "error-then-good": b'{"token":1,"access_token":"t0k3n"}', "duplicate": b'{"token":1,"token":"t0k3n"}',
    "upper": b'{"TOKEN":1}', "kelvin": b'{"to\\u212aen":false}', "long-s": b'{"acce\\u017f\\u017f_token":{}}',
    "escaped-key": b'{"tok\\u0065n":1}', "null-after": b'{"token":"t0k3n","token":null}',
    "mixed-case-good": b'{"ToKeN":"t0k3n"}', "trailing": b'{"token":"t0k3n"} junk',
    "big-ignored": b'{"x":[1e999],"token":"t0k3n"}', "big-token": b'{"token":1e999}', "big-top": b'1e999',
    "nul": b'{"token":"\\u0000"}', "del": b'{"token":"a\\u007fb"}', "truncated": b'{"token":1,',
    "access-upper": b'{"ACCESS_TOKEN":1}',
}


class Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    need_auth = False

    def __init__(self, *a, **kw):
        super().__init__(*a, directory=WWW, **kw)

    def log_message(self, *a):
        pass

    def reply(self, code, body=b"", headers=(), head=False):
        self.send_response(code)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def do_HEAD(self):
        p = self.path.split("?", 1)[0]
        if p.startswith("/v2"):
            return oci(self, p, True)
        return super().do_HEAD()

    def do_GET(self):
        if self.need_auth and self.headers.get("Authorization") != AUTH:
            return self.reply(401, b"unauthorized\n", [("WWW-Authenticate", 'Basic realm="charts"')])
        p = self.path.split("?", 1)[0]
        if p.startswith("/v2"):
            return oci(self, p, False)
        if p == "/token":
            q = self.path.partition("?")[2]
            if "account=chartc" in q:
                # private/multi's realm: the query as it came, to be shown
                return self.reply(400, json.dumps({"errors": [{"code": "DENIED", "message": "query " + q}]}).encode(),
                                  [("Content-Type", "application/json")])
            ok = "scope=repository%3Aprivate%2Fhello%3Apull" in q and "service=test" in q
            if self.headers.get("Authorization") not in (None, AUTH):
                return self.reply(401, b'{"errors":[{"code":"UNAUTHORIZED","message":"bad credentials"}]}',
                                  [("Content-Type", "application/json")])
            return self.reply(200 if ok else 400, b'{"token":"t0k3n"}' if ok else b"bad token request\n",
                              [("Content-Type", "application/json")])
        if p.startswith("/tokens/") and p[len("/tokens/"):] in TOKEN_BODIES:
            return self.reply(200, TOKEN_BODIES[p[len("/tokens/"):]], [("Content-Type", "application/json")])
        if p.startswith("/redir/"):
            return self.reply(302, b"", [("Location", p[len("/redir"):])])
        if p == "/loop":
            return self.reply(302, b"", [("Location", "/loop")])
        if p.startswith("/status/"):
            return self.reply(int(p[len("/status/"):].split("/")[0]), b"status body\n")
        if p.startswith("/chunked/"):
            f = os.path.join(WWW, p[len("/chunked/"):])
            if not os.path.isfile(f):
                return self.reply(404, b"404 page not found\n")
            data = open(f, "rb").read()
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for i in range(0, len(data), 100):
                c = data[i:i + 100]
                self.wfile.write(b"%x\r\n%s\r\n" % (len(c), c))
            self.wfile.write(b"0\r\n\r\n")
            return
        return super().do_GET()

    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n).decode("utf-8", "replace") if n > 0 else ""
        p = self.path.split("?", 1)[0]
        if p.startswith("/tokens/") and p[len("/tokens/"):] in TOKEN_BODIES:
            return self.reply(200, TOKEN_BODIES[p[len("/tokens/"):]], [("Content-Type", "application/json")])
        if p != "/token":
            return self.reply(404, b"404 page not found\n")
        return oauth2(self, body)


def oauth2(h, body):
    """POST /token: the OAuth2 token endpoint (distribution's auth/oauth),
    as registries answer identity tokens: refresh token "idt0k" (or
    alice's password) for repository:private/hello:pull and service test
    gets the access token; the other refresh tokens pick an answer:
    "bad" 401 with a registry error, "empty" {}, "tokenonly" only a
    "token" field, "notjson" a text, "gone" 404, "teapot" 418 with an
    OAuth2 error.  Every answer names the form it got in X-Form."""
    from urllib.parse import parse_qs
    if "multi" in body:
        return h.reply(400, json.dumps({"errors": [{"code": "DENIED", "message": "form " + body}]}).encode(),
                       [("Content-Type", "application/json")])
    f = {k: v[0] for k, v in parse_qs(body, keep_blank_values=True).items()}
    form = [("X-Form", "&".join("%s=%s" % kv for kv in sorted(f.items())))]
    js = [("Content-Type", "application/json")] + form
    ok_scope = f.get("scope") == "repository:private/hello:pull" and f.get("service") == "test"
    grant = f.get("grant_type")
    rt = f.get("refresh_token", "")
    good = (grant == "refresh_token" and rt == "idt0k") or \
        (grant == "password" and f.get("username") == "alice" and f.get("password") == "s3cret")
    if good and ok_scope and f.get("client_id") == "oras-go":
        return h.reply(200, b'{"access_token":"t0k3n","expires_in":300}', js)
    if grant == "refresh_token" and rt == "empty":
        return h.reply(200, b'{}', js)
    if grant == "refresh_token" and rt == "tokenonly":
        return h.reply(200, b'{"token":"t0k3n"}', js)
    if grant == "refresh_token" and rt == "notjson":
        return h.reply(200, b'oops', js)
    if grant == "refresh_token" and rt == "gone":
        return h.reply(404, b'404 page not found\n', form)
    if grant == "refresh_token" and rt == "teapot":
        return h.reply(418, b'{"error":"invalid_grant","error_description":"no tea"}', js)
    return h.reply(401, b'{"errors":[{"code":"UNAUTHORIZED","message":"invalid refresh token"}]}', js)


def registry():
    """An OCI registry's view of www: repository charts/hello with one tag
    per www/hello-*.tgz, and charts/signed (www/signed) whose manifests
    also carry the .prov as a provenance layer: tag 0.1.0 signed, 0.0.2
    a tampered archive with the good .prov, 0.0.1 no provenance layer."""
    blobs, repos = {}, {}
    def blob(data):
        d = "sha256:" + hashlib.sha256(data).hexdigest()
        blobs[d] = data
        return d, len(data)
    def add(repo, ver, tgz, prov=None):
        manifests, tags = repos.setdefault(repo, ({}, []))
        name = repo.rsplit("/", 1)[1]
        config = json.dumps({"apiVersion": "v2", "name": name, "version": ver}).encode()
        cd, cn = blob(config)
        layers = []
        for data, mt in ((tgz, "application/vnd.cncf.helm.chart.content.v1.tar+gzip"),
                         (prov, "application/vnd.cncf.helm.chart.provenance.v1.prov")):
            if data is not None:
                ld, ln = blob(data)
                layers.append({"mediaType": mt, "digest": ld, "size": ln})
        m = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                        "config": {"mediaType": "application/vnd.cncf.helm.config.v1+json", "digest": cd, "size": cn},
                        "layers": layers}).encode()
        md = "sha256:" + hashlib.sha256(m).hexdigest()
        manifests[ver] = manifests[md] = m
        tags.append(ver.replace("+", "_"))
    def read(*p):
        return open(os.path.join(WWW, *p), "rb").read()
    for f in sorted(os.listdir(WWW)):
        if f.startswith("hello-") and f.endswith(".tgz"):
            add("charts/hello", f[len("hello-"):-len(".tgz")], read(f))
    s = "signed-0.1.0.tgz"
    add("charts/signed", "0.0.1", read("signed", "noprov", s))
    add("charts/signed", "0.0.2", read("signed", "tampered", s), read("signed", "tampered", s + ".prov"))
    add("charts/signed", "0.1.0", read("signed", s), read("signed", s + ".prov"))
    # charts/hello again, its tag list served one tag per page (Link
    # headers, as registries page), and with a Link header lacking '<'
    repos["charts/paged"] = repos["charts/badlink"] = repos["charts/hello"]
    return blobs, repos


BLOBS, REPOS = registry()


def oci(h, p, head):
    """/v2/... on the plain port."""
    if p in ("/v2", "/v2/"):
        return h.reply(200, b"{}", [("Content-Type", "application/json")], head)
    if p.startswith("/v2/private/hello/") or p.startswith("/v2/private/forbid/"):
        # anonymous bearer-token flow, as public registries ask for it
        # (private/forbid challenges with 403, as some registries do)
        forbid = p.startswith("/v2/private/forbid/")
        if h.headers.get("Authorization") != "Bearer t0k3n":
            return h.reply(403 if forbid else 401, b'{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}',
                           [("Content-Type", "application/json"),
                            ("WWW-Authenticate", 'Bearer realm="http://127.0.0.1:18765/token",service="test",'
                                                 'scope="repository:private/hello:pull"')], head)
        p = "/v2/charts/hello/" + p.split("/", 4)[4]
    if p.startswith("/v2/tokens/") and p.count("/") >= 5:
        name = p.split("/")[3]
        if h.headers.get("Authorization") != "Bearer t0k3n":
            return h.reply(401, b'{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}',
                           [("Content-Type", "application/json"),
                            ("WWW-Authenticate", 'Bearer realm="http://127.0.0.1:18765/tokens/%s",service="test",'
                                                 'scope="repository:tokens/%s/hello:pull"' % (name, name))], head)
        p = "/v2/charts/hello/" + p.split("/", 5)[5]
    if p.startswith("/v2/private/norealm/"):
        return h.reply(401, b'{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}',
                       [("Content-Type", "application/json"), ("WWW-Authenticate", 'Bearer service="test"')], head)
    if p.startswith("/v2/private/multi/"):
        # a challenge with several scopes and a realm with a query of its own
        return h.reply(401, b'{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}',
                       [("Content-Type", "application/json"),
                        ("WWW-Authenticate", 'Bearer realm="http://127.0.0.1:18765/token?account=chartc&zz=a+b",'
                                             'service="test",scope="repository:private/multi:push,pull '
                                             'repository:other/x:pull repository:private/multi:delete"')], head)
    name = next((r for r in REPOS if p.startswith("/v2/%s/" % r)), None)
    if name is None:
        return h.reply(404, b'{"errors":[{"code":"NAME_UNKNOWN","message":"repository name not known to registry"}]}',
                       [("Content-Type", "application/json")], head)
    MANIFESTS, TAGS = REPOS[name]
    rest = p[len("/v2/%s/" % name):]
    if rest == "tags/list" and name in ("charts/paged", "charts/badlink"):
        q = dict(kv.partition("=")[::2] for kv in h.path.partition("?")[2].split("&") if kv)
        i = TAGS.index(q["last"]) + 1 if q.get("last") in TAGS else 0
        body = json.dumps({"name": name, "tags": TAGS[i:i + 1]}).encode()
        hdrs = [("Content-Type", "application/json")]
        if i + 1 < len(TAGS):
            nxt = "/v2/%s/tags/list?n=1&last=%s" % (name, TAGS[i])
            hdrs.append(("Link", '<%s>; rel="next"' % nxt if name == "charts/paged" else nxt + '; rel="next"'))
        return h.reply(200, body, hdrs, head)
    if rest == "tags/list":
        body = json.dumps({"name": name, "tags": TAGS}).encode()
        return h.reply(200, body, [("Content-Type", "application/json")], head)
    if rest.startswith("manifests/"):
        ref = rest[len("manifests/"):]
        m = MANIFESTS.get(ref)
        if m is None:
            return h.reply(404, b'{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}',
                           [("Content-Type", "application/json")], head)
        return h.reply(200, m, [("Content-Type", "application/vnd.oci.image.manifest.v1+json"),
                                ("Docker-Content-Digest", "sha256:" + hashlib.sha256(m).hexdigest())], head)
    if rest.startswith("blobs/"):
        b = BLOBS.get(rest[len("blobs/"):])
        if b is None:
            return h.reply(404, b'{"errors":[{"code":"BLOB_UNKNOWN","message":"blob unknown to registry"}]}',
                           [("Content-Type", "application/json")], head)
        return h.reply(200, b, [("Content-Type", "application/octet-stream"),
                                ("Docker-Content-Digest", rest[len("blobs/"):])], head)
    return h.reply(404, b"404 page not found\n", [], head)


class ProxyHandler(Handler):
    """A forward proxy for the made-up host charts.example: absolute-form
    GETs are served from www, CONNECT charts.example:18767 tunnels to the
    TLS port; anything else is refused."""

    def do_GET(self):
        pre = "http://charts.example"
        if not self.path.startswith(pre + "/"):
            return self.reply(502, b"bad gateway\n")
        self.path = self.path[len(pre):]
        return super().do_GET()

    def do_CONNECT(self):
        if self.path != "charts.example:18767":
            return self.reply(403, b"forbidden\n")
        up = socket.create_connection(("127.0.0.1", 18767))
        self.send_response(200, "Connection established")
        self.end_headers()
        self.wfile.flush()
        conns = [self.connection, up]
        try:
            while True:
                r, _, _ = select.select(conns, [], [], 30)
                if not r:
                    break
                for c in r:
                    data = c.recv(65536)
                    if not data:
                        return
                    (up if c is self.connection else self.connection).sendall(data)
        except OSError:
            pass
        finally:
            up.close()
            self.close_connection = True


class AuthHandler(Handler):
    need_auth = True


def serve(srv, tls=None):
    srv.daemon_threads = True
    srv.handle_error = lambda *a: None   # clients that hang up mid-request are expected
    if tls:
        srv.socket = tls.wrap_socket(srv.socket, server_side=True)
    threading.Thread(target=srv.serve_forever, daemon=True).start()


def bind_all(ports):
    """All the servers, or none: while another test run holds the ports
    (two suites at once on one machine; tests/run.py holds them only
    while the remote cases run) wait for it, for a minute at most, and
    not after our parent is gone."""
    parent = os.getppid()
    for _ in range(120):
        if os.getppid() != parent:
            sys.exit(0)
        got = []
        try:
            for port, handler in ports:
                got.append(http.server.ThreadingHTTPServer(("127.0.0.1", port), handler))
            return got
        except OSError:
            for g in got:
                g.server_close()
            time.sleep(0.5)
    sys.exit("server.py: ports 18765-18770 stay busy")  # run.py goes on: cases fail if nobody serves


def tls_ctx(client_auth):
    c = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    c.load_cert_chain(os.path.join(CERTS, "server.crt"), os.path.join(CERTS, "server.key"))
    if client_auth:
        c.verify_mode = ssl.CERT_REQUIRED
        c.load_verify_locations(os.path.join(CERTS, "ca.crt"))
    return c


def main():
    plain, auth, tls, mtls, proxy, tproxy = bind_all([(18765, Handler), (18766, AuthHandler), (18767, Handler),
                                                     (18768, Handler), (18769, ProxyHandler), (18770, ProxyHandler)])
    serve(plain)
    serve(auth)
    serve(tls, tls_ctx(False))
    serve(mtls, tls_ctx(True))
    serve(proxy)
    serve(tproxy, tls_ctx(False))
    print("ready", flush=True)
    try:
        sys.stdin.read() if "--stdin" in sys.argv else threading.Event().wait()
    except KeyboardInterrupt:
        pass


main()
