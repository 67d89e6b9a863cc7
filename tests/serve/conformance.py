#!/usr/bin/env python3
"""Conformance run of `pcf serve` (issue 15): a real server on a loopback port with a self-signed
certificate made here by openssl, and a real client (Python's standard library, TLS verified against
that certificate) running the PACT v3 conformance cases of docs/pact-host.md.

Usage: conformance.py PCF_BINARY SOURCE_DIR WORK_DIR

Every expected value is derived here from the footprints this script generates (by filtering its own
list), never pasted from a run. Response bodies are validated against the PACT v3 OpenAPI document in
SOURCE_DIR/../shared/reference/pact/v3/openapi.yaml (skipped, saying so, where it is absent). Exit 0 when
every case passes; otherwise the failed cases are listed and the exit status is 1.
"""
import base64
import http.client
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import ssl
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid

PCF, SOURCE, WORK = (os.path.abspath(a) for a in sys.argv[1:4])
OPENAPI = os.path.join(SOURCE, "..", "shared", "reference", "pact", "v3", "openapi.yaml")
failures = []
passed = []


def case(name, condition, detail=""):
    (passed if condition else failures).append(name if condition else f"{name}: {detail}")
    return condition


def run(*args, check=True):
    result = subprocess.run(list(args), capture_output=True, text=True)
    if check and result.returncode != 0:
        sys.exit(f"conformance: {' '.join(args)} failed ({result.returncode}): {result.stderr}")
    return result


# ---------------------------------------------------------------- schema validation (skipped if absent)
validators = None
if os.path.exists(OPENAPI):
    import jsonschema
    import yaml

    with open(OPENAPI, encoding="utf-8") as f:
        components = yaml.safe_load(f)["components"]

    def validator(name):
        schema = {"$ref": f"#/components/schemas/{name}", "components": components}
        return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())

    validators = {"ProductFootprint": validator("ProductFootprint"), "Error": validator("Error")}
else:
    print(f"conformance: {OPENAPI} is absent: response bodies are not validated against the v3 schema (skipped)")


def schema_errors(kind, instance):
    if validators is None:
        return []
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validators[kind].iter_errors(instance)]


def check_body(name, status, body):
    """Every body: JSON of the right shape, valid against the schema of its kind."""
    try:
        doc = json.loads(body)
    except ValueError:
        return case(f"{name}: body is JSON", False, body[:200])
    if status == 200 and isinstance(doc, dict) and "data" in doc:
        items = doc["data"] if isinstance(doc["data"], list) else [doc["data"]]
        errors = [e for item in items for e in schema_errors("ProductFootprint", item)]
    elif status >= 400 and "code" in doc:
        errors = schema_errors("Error", doc)
    else:
        errors = []
    case(f"{name}: body valid against the v3 schema", not errors, "; ".join(errors[:5]))
    return doc


# ---------------------------------------------------------------- the footprints of the test
shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
os.chdir(WORK)
product_yaml = os.path.join(SOURCE, "examples", "cement", "po425-cement.yaml")
shutil.copy(product_yaml, "po425-cement.yaml")
run(PCF, "calc", "po425-cement.yaml", "-o", "cement.result.json")
run(PCF, "calc", "po425-cement.yaml", "--format", "pact-v3", "-o", "template.json")
with open("template.json", encoding="utf-8") as f:
    template = json.load(f)

COMPANIES = ["urn:pcf:test:company-a", "urn:pcf:test:company-b", "urn:pcf:test:company-c"]
CLASSES = ["urn:pact:productclassification:un-cpc:3744", "urn:pact:productclassification:un-cpc:3755"]
generated = []  # in publish order
for i in range(23):
    fp = json.loads(json.dumps(template))
    fp["id"] = str(uuid.UUID(int=0x5EED0000 + i, version=4))
    fp["companyIds"] = [COMPANIES[i % 3]]
    fp["productIds"] = [f"urn:pcf:test:product-{i:02d}"]
    fp["productClassifications"] = [CLASSES[i % 2]]
    start_year = 2022 + i % 4
    fp["validityPeriodStart"] = f"{start_year}-01-01T00:00:00Z"
    fp["validityPeriodEnd"] = f"{start_year + 2}-01-01T00:00:00Z"
    for key in ("geographyCountrySubdivision", "geographyCountry", "geographyRegionOrSubregion"):
        fp["pcf"].pop(key, None)
    if i % 5 == 0:
        fp["pcf"]["geographyCountry"] = "DE"
    else:
        fp["pcf"]["geographyCountrySubdivision"] = "CN-HB"
    generated.append(fp)
    with open(f"fp{i:02d}.pact3.json", "w", encoding="utf-8") as f:
        json.dump(fp, f)

# A second version of product-03: published last, it names the first in precedingPfIds and deprecates it.
v2 = json.loads(json.dumps(generated[3]))
v2["id"] = str(uuid.UUID(int=0x5EED1000, version=4))
with open("fp03-v2.pact3.json", "w", encoding="utf-8") as f:
    json.dump(v2, f)

store = os.path.join(WORK, "store.sqlite")
# The pcf result is verified and converted with the PACT v3 exporter; then the generated files.
# A result whose figure was changed does not verify: refused (exit 3), and no store appears.
with open("cement.result.json", encoding="utf-8") as f:
    tampered = json.load(f)
claimed = tampered["method"]["total"]
tampered["method"]["total"] = claimed * 1.01
with open("tampered.result.json", "w", encoding="utf-8") as f:
    json.dump(tampered, f)
refused = run(PCF, "publish", "tampered.result.json", "--store", store, check=False)
case("publish: a result that does not verify is refused (exit 3), no store written",
     refused.returncode == 3 and "tampered.result.json: not published: the result does not verify (mismatch)" in refused.stderr
     and not os.path.exists(store), f"{refused.returncode} {refused.stderr}")
# The verified result, converted with the PACT v3 exporter, with its certificate attached.
run(PCF, "keygen", "-o", "body.key", "--issuer", "Test certification body")
run(PCF, "certify", "cement.result.json", "--key", "body.key", "-o", "cement.cert.json")
published = run(PCF, "publish", "cement.result.json", "--store", store, "--certificate", "cement.cert.json")
converted_id = template["id"]
case("publish: a pcf result is verified and converted (its PACT v3 id)", converted_id in published.stderr, published.stderr)
run(PCF, "publish", *[f"fp{i:02d}.pact3.json" for i in range(23)], "--store", store)
published = run(PCF, "publish", "fp03-v2.pact3.json", "--store", store)
case("publish: a new version deprecates the old one", f"deprecates {generated[3]['id']}" in published.stderr, published.stderr)

# What the store now holds, in store order, as this script expects it.
expected = [dict(template)] + generated + [v2]
expected[4] = dict(generated[3], status="Deprecated")
expected[-1] = dict(v2, precedingPfIds=[generated[3]["id"]])
all_ids = [fp["id"] for fp in expected]


def geography(fp):
    return [fp["pcf"][k] for k in ("geographyCountrySubdivision", "geographyCountry", "geographyRegionOrSubregion") if k in fp["pcf"]]


def valid_period(fp):
    return fp["validityPeriodStart"], fp["validityPeriodEnd"]


# ---------------------------------------------------------------- certificate, clients, server
subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem", "-out", "cert.pem",
                "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
               check=True, capture_output=True)
SECRETS = {"all": "secret-of-client-all-0001", "limited": "secret-of-client-limited-01"}
for client, secret in SECRETS.items():
    with open(f"{client}.secret", "w") as f:
        f.write(secret + "\n")
run(PCF, "clients", "add", "--clients", "clients.yaml", "--id", "all", "--secret-file", "all.secret")
run(PCF, "clients", "add", "--clients", "clients.yaml", "--id", "limited", "--secret-file", "limited.secret",
    "--company-id", COMPANIES[0])
with open("clients.yaml") as f:
    clients_text = f.read()
case("clients: secrets are stored hashed, never in plain text",
     all(s not in clients_text for s in SECRETS.values()) and clients_text.count("$argon2id$") == 2, clients_text)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


PORT = free_port()
server = None
server_log = None


def start_server(*extra):
    global server, server_log
    server_log = open("serve.log", "a")
    server = subprocess.Popen([PCF, "serve", "--store", store, "--listen", f"127.0.0.1:{PORT}", "--tls-cert", "cert.pem",
                               "--tls-key", "key.pem", "--clients", "clients.yaml", *extra], stderr=server_log)
    deadline = time.time() + 20
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", PORT), timeout=1):
                return
        except OSError:
            if server.poll() is not None:
                sys.exit(f"conformance: pcf serve exited with {server.returncode}: {open('serve.log').read()}")
            time.sleep(0.1)
    sys.exit("conformance: pcf serve did not start listening")


def stop_server():
    server.send_signal(signal.SIGTERM)
    code = server.wait(timeout=30)
    server_log.close()
    return code


context = ssl.create_default_context(cafile="cert.pem")


def connection():
    return http.client.HTTPSConnection("127.0.0.1", PORT, context=context, timeout=30)


def request(method, path, headers=None, body=None, conn=None):
    own = conn is None
    conn = conn or connection()
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    data = response.read().decode("utf-8")
    result = response.status, dict((k.lower(), v) for k, v in response.getheaders()), data
    if own:
        conn.close()
    return result


def token_request(client, secret, grant="client_credentials"):
    basic = base64.b64encode(f"{client}:{secret}".encode()).decode()
    return request("POST", "/auth/token", {"Authorization": f"Basic {basic}",
                                           "Content-Type": "application/x-www-form-urlencoded"},
                   f"grant_type={grant}")


def token(client):
    status, _, body = token_request(client, SECRETS[client])
    return json.loads(body)["access_token"]


def get(path, tok, conn=None):
    return request("GET", path, {"Authorization": f"Bearer {tok}"}, conn=conn)


def expect_error(name, result, status, code, message_part):
    got_status, _, body = result
    doc = check_body(name, got_status, body) if got_status >= 400 else {}
    case(name, got_status == status and isinstance(doc, dict) and doc.get("code") == code and message_part in doc.get("message", ""),
         f"got {got_status} {body[:300]}")


start_server()

# ---------------------------------------------------------------- authentication
status, headers, body = token_request("all", SECRETS["all"])
doc = json.loads(body) if status == 200 else {}
case("auth: valid credentials give a Bearer token",
     status == 200 and doc.get("token_type") == "Bearer" and isinstance(doc.get("expires_in"), int) and doc["expires_in"] == 3600
     and re.fullmatch(r"[0-9a-f]{64}", doc.get("access_token", "")) is not None, f"{status} {body}")
for name, (client, secret) in {"wrong secret": ("all", "not-the-secret-000"), "unknown client": ("nobody", "secret-of-client-all-0001")}.items():
    status, _, body = token_request(client, secret)
    doc = json.loads(body)
    case(f"auth: {name} is refused with invalid_client", status == 400 and doc.get("error") == "invalid_client"
         and "authentication failed" in doc.get("error_description", ""), f"{status} {body}")
status, _, body = request("POST", "/auth/token", {"Content-Type": "application/x-www-form-urlencoded"}, "grant_type=client_credentials")
case("auth: no credentials is refused with invalid_client", status == 400 and json.loads(body).get("error") == "invalid_client"
     and "HTTP Basic" in json.loads(body).get("error_description", ""), f"{status} {body}")
status, _, body = token_request("all", SECRETS["all"], grant="password")
case("auth: another grant type is refused", status == 400 and json.loads(body).get("error") == "unsupported_grant_type", f"{status} {body}")

TOKEN = token("all")
LIMITED = token("limited")

# ---------------------------------------------------------------- invalid token
expect_error("token: an invalid token gives 400 BadRequest", get("/3/footprints", "0" * 64), 400, "BadRequest", "invalid or has expired")
expect_error("token: no token gives 400 BadRequest", request("GET", "/3/footprints"), 400, "BadRequest", "Bearer access token")


# ---------------------------------------------------------------- list and get
def list_ids(query, tok=TOKEN):
    status, headers, body = get("/3/footprints?" + query, tok)
    doc = check_body(f"list ?{query}", status, body)
    return status, [fp["id"] for fp in doc.get("data", [])] if isinstance(doc, dict) else None


status, ids = list_ids("limit=1000")
case("list: every footprint, in publish order", status == 200 and ids == all_ids, f"{status} {ids}")
status, headers, body = get(f"/3/footprints/{generated[7]['id']}", TOKEN)
doc = check_body("get", status, body)
case("get: 200 with the footprint as published", status == 200 and doc.get("data") == generated[7], f"{status} {body[:200]}")
status, headers, body = get(f"/3/footprints/{expected[4]['id']}", TOKEN)
doc = check_body("get deprecated", status, body)
case("get: the old version is Deprecated", status == 200 and doc["data"]["status"] == "Deprecated", body[:200])
status, headers, body = get(f"/3/footprints/{v2['id']}", TOKEN)
doc = check_body("get new version", status, body)
case("get: the new version names the old one in precedingPfIds",
     status == 200 and doc["data"].get("precedingPfIds") == [generated[3]["id"]] and doc["data"]["status"] == "Active", body[:300])
status, headers, body = get(f"/3/footprints/{converted_id}/certificate", TOKEN)
with open("cement.cert.json", encoding="utf-8") as f:
    certificate_text = f.read()
case("certificate: served with its footprint, byte for byte", status == 200 and body == certificate_text, f"{status} {body[:100]}")
status, headers, body = get(f"/3/footprints/{converted_id}", TOKEN)
case("certificate: the footprint links to it", f'</3/footprints/{converted_id}/certificate>; rel="describedby"' in headers.get("link", ""),
     str(headers))
expect_error("certificate: none published gives 404 NotFound", get(f"/3/footprints/{generated[0]['id']}/certificate", TOKEN), 404,
             "NotFound", "no certificate")
expect_error("get: an unknown id gives 404 NotFound", get(f"/3/footprints/{uuid.UUID(int=1, version=4)}", TOKEN), 404, "NotFound",
             "could not be found")

# ---------------------------------------------------------------- paging through every page
LINK = re.compile(r'<([^>]*)>;\s*rel="([a-z]+)"')


def links(headers):
    return {rel: url for url, rel in LINK.findall(headers.get("link", ""))}


def walk(start, rel, tok=TOKEN, conn=None):
    """Follows `rel` links from `start`; returns the pages' id lists and whether every link was absolute on our host."""
    pages, url, absolute = [], start, True
    while url is not None and len(pages) < 100:
        status, headers, body = get(url, tok, conn)
        if status != 200:
            return None, f"{status} {body[:200]}"
        doc = check_body(f"page {len(pages) + 1}", status, body) if conn is None else json.loads(body)
        pages.append([fp["id"] for fp in doc["data"]])
        nxt = links(headers).get(rel)
        if nxt is not None:
            parsed = urllib.parse.urlsplit(nxt)
            absolute = absolute and parsed.scheme == "https" and parsed.netloc == f"127.0.0.1:{PORT}"
            nxt = parsed.path + "?" + parsed.query
        url = nxt
    return pages, absolute


pages, absolute = walk("/3/footprints?limit=4", "next")
chunks = [all_ids[i:i + 4] for i in range(0, len(all_ids), 4)]
case("paging: next links walk every page once, in order", pages == chunks, f"{pages}")
case("paging: links are absolute https URLs on the request's host", absolute is True, str(absolute))
status, headers, body = get("/3/footprints?limit=4", TOKEN)
first_links = links(headers)
case("paging: the first page has first, next and last but no prev",
     set(first_links) == {"first", "next", "last"}, str(first_links))
last = urllib.parse.urlsplit(first_links["last"])
back, _ = walk(last.path + "?" + last.query, "prev")
case("paging: prev links from the last page reach the first footprint", back is not None and
     [i for page in reversed(back) for i in page] == all_ids, f"{back}")
status, _, body = get("/3/footprints?limit=4&geography=DE", TOKEN)
de = [fp["id"] for fp in expected if "DE" in geography(fp)]
pages, _ = walk("/3/footprints?limit=2&geography=DE", "next")
case("paging: filters stay in the page links", pages is not None and [i for p in pages for i in p] == de, f"{pages}")
expect_error("paging: a forged cursor gives 400 BadRequest", get("/3/footprints?page=bm90LWEtY3Vyc29y", TOKEN), 400, "BadRequest",
             "cursor")
expect_error("paging: limit 0 gives 400 BadRequest", get("/3/footprints?limit=0", TOKEN), 400, "BadRequest", "limit")

# ---------------------------------------------------------------- filters (OR within, AND across) and their negatives
p = lambda fp: [x.lower() for x in fp["productIds"]]
filters = {
    "productId": ("productId=URN:PCF:TEST:PRODUCT-05&productid=urn:pcf:test:product-09",
                  lambda fp: any(x in p(fp) for x in ("urn:pcf:test:product-05", "urn:pcf:test:product-09")),
                  "productId=urn:pcf:test:no-such-product"),
    "companyId (repeated: OR)": (f"companyId={COMPANIES[1]}&companyId={COMPANIES[2]}",
                                 lambda fp: fp["companyIds"][0] in COMPANIES[1:], "companyId=urn:pcf:test:nobody"),
    "geography": ("geography=cn-hb", lambda fp: "CN-HB" in geography(fp), "geography=FR"),
    "classification": (f"classification={CLASSES[1]}", lambda fp: CLASSES[1] in fp["productClassifications"],
                       "classification=urn:pact:productclassification:un-cpc:0000"),
    "validOn": ("validOn=2025-06-01T00:00Z", lambda fp: valid_period(fp)[0] <= "2025-06-01T00:00:00Z" <= valid_period(fp)[1],
                "validOn=1990-01-01T00:00:00Z"),
    "validAfter": ("validAfter=2024-06-01T00:00:00Z", lambda fp: valid_period(fp)[0] > "2024-06-01T00:00:00Z",
                   "validAfter=2100-01-01T00:00:00Z"),
    "validBefore": ("validBefore=2025-06-01T00:00:00Z", lambda fp: valid_period(fp)[1] < "2025-06-01T00:00:00Z",
                    "validBefore=1990-01-01T00:00:00Z"),
    "status": ("status=Deprecated", lambda fp: fp["status"] == "Deprecated", None),
    "AND across criteria": (f"companyId={COMPANIES[0]}&geography=DE",
                            lambda fp: fp["companyIds"][0] == COMPANIES[0] and "DE" in geography(fp),
                            f"companyId={COMPANIES[1]}&productId=urn:pcf:test:product-00"),
}
for name, (query, match, negative) in filters.items():
    want = [fp["id"] for fp in expected if match(fp)]
    status, ids = list_ids(query + "&limit=1000")
    case(f"filter {name}: exactly the matching footprints", status == 200 and ids == want and 0 < len(want) < len(all_ids),
         f"{status} got {ids} want {want}")
    if negative:
        status, headers, body = get("/3/footprints?" + negative, TOKEN)
        case(f"filter {name}: no match gives 200 with data []", status == 200 and json.loads(body) == {"data": []}, f"{status} {body}")
status, ids = list_ids("status=active&limit=1000")
case("filter status=active (case-insensitive): all but the deprecated one",
     ids == [fp["id"] for fp in expected if fp["status"] == "Active"], str(ids))
expect_error("filter: validOn that is no date-time gives 400 BadRequest", get("/3/footprints?validOn=yesterday", TOKEN), 400,
             "BadRequest", "RFC 3339")
expect_error("filter: status other than Active/Deprecated gives 400 BadRequest", get("/3/footprints?status=Gone", TOKEN), 400,
             "BadRequest", "Active or Deprecated")

# ---------------------------------------------------------------- grants
status, ids = list_ids("limit=1000", LIMITED)
case("grants: a limited client lists only its companies' footprints",
     ids == [fp["id"] for fp in expected if fp["companyIds"][0] == COMPANIES[0]], str(ids))
expect_error("grants: a footprint of another company gives 403 AccessDenied", get(f"/3/footprints/{generated[1]['id']}", LIMITED),
             403, "AccessDenied", "may not read")

# ---------------------------------------------------------------- events
EVENT_PREFIX = "org.wbcsd.pact.ProductFootprint."
events = {
    "RequestCreatedEvent.3": {"productId": ["urn:pcf:test:product-01"], "geography": ["CN-HB"], "validAfter": "2025-01-01T00:00:00Z"},
    "RequestFulfilledEvent.3": {"requestEventId": "req-1", "pfs": [generated[0]]},
    "RequestRejectedEvent.3": {"requestEventId": "req-2", "error": {"code": "NotFound", "message": "no such footprint"}},
    "PublishedEvent.3": {"pfIds": [generated[2]["id"]]},
}


def post_event(kind, data, event_id, content_type="application/cloudevents+json"):
    event = {"type": EVENT_PREFIX + kind, "specversion": "1.0", "id": event_id, "source": "//client.example/3/events",
             "time": "2025-03-05T17:31:00Z", "data": data}
    return request("POST", "/3/events", {"Authorization": f"Bearer {TOKEN}", "Content-Type": content_type}, json.dumps(event))


for n, (kind, data) in enumerate(events.items()):
    status, _, body = post_event(kind, data, f"event-{n}")
    case(f"events: {kind} is accepted with 200 and an empty body", status == 200 and body == "", f"{status} {body}")
expect_error("events: an unknown event type gives 400 BadRequest", post_event("SomethingElse.3", {}, "event-x"), 400, "BadRequest",
             "unsupported event type")
expect_error("events: a RequestFulfilled without pfs gives 400 BadRequest", post_event("RequestFulfilledEvent.3", {"requestEventId": "r"}, "e-y"),
             400, "BadRequest", "data.pfs")
expect_error("events: another media type gives 400 BadRequest", post_event("PublishedEvent.3", {"pfIds": []}, "e-z", "application/json"),
             400, "BadRequest", "application/cloudevents+json")
with sqlite3.connect(f"file:{store}?mode=ro", uri=True) as db:
    recorded = [row[0] for row in db.execute("SELECT type FROM events ORDER BY seq")]
case("events: each accepted event is recorded in the store, the refused ones are not",
     recorded == [EVENT_PREFIX + k for k in events], str(recorded))

# ---------------------------------------------------------------- plain HTTP refused
with socket.create_connection(("127.0.0.1", PORT), timeout=10) as s:
    s.sendall(f"GET /3/footprints HTTP/1.1\r\nHost: 127.0.0.1:{PORT}\r\nAuthorization: Bearer {TOKEN}\r\n\r\n".encode())
    try:
        answer = s.recv(4096)
    except (ConnectionResetError, socket.timeout):
        answer = b""
case("plain HTTP is refused (no HTTP answer, no footprint)", not answer.startswith(b"HTTP/") and b"specVersion" not in answer, repr(answer[:80]))

# ---------------------------------------------------------------- 200 concurrent requests from 8 threads
results = []


def worker(n):
    conn = connection()
    url, position = "/3/footprints?limit=5", 0
    mine = []
    for _ in range(25):  # 8 × 25 = 200 requests, each thread on one keep-alive connection
        try:
            status, headers, body = get(url, TOKEN, conn)
            ids = [fp["id"] for fp in json.loads(body)["data"]]
            mine.append(status == 200 and ids == all_ids[position:position + 5])
            nxt = links(headers).get("next")
            if nxt:
                parsed = urllib.parse.urlsplit(nxt)
                url, position = parsed.path + "?" + parsed.query, position + 5
            else:
                url, position = "/3/footprints?limit=5", 0
        except Exception as e:  # noqa: BLE001 — every failure counts
            mine.append(f"{type(e).__name__}: {e}")
    conn.close()
    results.extend(mine)


threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
for t in threads:
    t.start()
for t in threads:
    t.join()
case("concurrency: 200 requests from 8 threads, no error, every page consistent",
     len(results) == 200 and all(r is True for r in results), str([r for r in results if r is not True][:5]))

# ---------------------------------------------------------------- restart mid-run loses nothing
with sqlite3.connect(f"file:{store}?mode=ro", uri=True) as db:
    events_before = db.execute("SELECT count(*) FROM events").fetchone()[0]
stop_loop = threading.Event()
in_flight = []


def reader():
    while not stop_loop.is_set():
        try:
            status, _, body = get("/3/footprints?limit=1000", TOKEN)
            in_flight.append(status == 200 and [fp["id"] for fp in json.loads(body)["data"]] == all_ids)
        except (ConnectionError, OSError):
            in_flight.append("refused")  # a new connection after the listener closed
            time.sleep(0.05)
        except Exception as e:  # noqa: BLE001 — e.g. a response cut short
            in_flight.append(f"{type(e).__name__}: {e}")


readers = [threading.Thread(target=reader) for _ in range(3)]
for t in readers:
    t.start()
time.sleep(1.0)
exit_code = stop_server()
stop_loop.set()
for t in readers:
    t.join()
answered = [r for r in in_flight if r != "refused"]
case("SIGTERM: the server drains and exits 0", exit_code == 0, str(exit_code))
case("SIGTERM: every request answered during the stop was complete and right", answered and all(r is True for r in answered),
     str([r for r in in_flight if r is not True and r != "refused"][:5]))
start_server("--token-lifetime", "2")
case("restart: the old token is refused after a restart (tokens live in memory)",
     get("/3/footprints", TOKEN)[0] == 400)
TOKEN = token("all")
status, ids = list_ids("limit=1000", TOKEN)
case("restart: every footprint is still served", ids == all_ids, str(ids))
with sqlite3.connect(f"file:{store}?mode=ro", uri=True) as db:
    events_after = db.execute("SELECT count(*) FROM events").fetchone()[0]
case("restart: every recorded event is still in the store", events_after == events_before == len(events),
     f"{events_before} → {events_after}")
time.sleep(3)
expect_error("token: an expired token gives 400 BadRequest", get("/3/footprints", TOKEN), 400, "BadRequest", "invalid or has expired")
stop_server()

# ---------------------------------------------------------------- the request log
with open("serve.log") as f:
    log = f.read()
log_lines = [line for line in log.splitlines() if not line.startswith("pcf serve:")]
pattern = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ (GET|POST|PUT|DELETE|PATCH|OPTIONS) \S+ \d{3} \d+\.\dms client=\S+$")
case("log: one line per request (time, method, path, status, ms, client)",
     len(log_lines) >= 250 and all(pattern.match(line) for line in log_lines),
     f"{len(log_lines)} lines; first bad: {next((l for l in log_lines if not pattern.match(l)), None)}")
case("log: the client is named", " GET /3/footprints 200 " in log and "client=limited" in log and "client=all" in log)

for name in passed:
    print(f"PASS {name}")
for name in failures:
    print(f"FAIL {name}")
print(f"conformance: {len(passed)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
