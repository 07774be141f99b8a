#!/usr/bin/env python3
"""make_corpus.py -- write the seed corpora of fuzz_door and fuzz_claimreview.

    python3 tests/fuzz/make_corpus.py      (from the repository root)

corpus/door/: every request envelope of the route pages (docs/routes/*.md,
"Request envelope:" blocks), the fixture of fuzz_door.c and a few more,
each in fuzz_door's input format: route byte, flags byte (actor, {id},
raw), then the {id} segment and 0x00 when the id is not one of the route's
usual three, then the body or query as compact JSON. The route and id
tables are read from fuzz_door.c itself, so the seeds follow its tables;
an envelope no route of the table expresses (another method, headers) is
written in raw form. corpus/claimreview/: the documents of
tests/claimreview/, a small generated feed, the import bodies of the route
page and the shapes tests/test_claimreview_import.c imports.

door.dict and claimreview.dict (libFuzzer dictionaries, which fuzz.sh
passes with -dict): every object key and short string value of those
requests and documents as a JSON token ("text":, "rebutted"), and the
words of src/vocabulary.txt (statuses, kinds, events, roles, ratings).
"""
import glob
import json
import os
import re
import subprocess

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FUZZ = os.path.join(ROOT, "tests", "fuzz")

ACTORS = {None: 1, ("", "reader"): 2, ("r1", "reader"): 3, ("e1", "editor"): 4,
          ("m1", "moderator"): 5, ("a1", "admin"): 6, ("e2", "editor"): 7}
ROLE_ACTOR = {"reader": 3, "editor": 4, "moderator": 5, "admin": 6}


def compact(value):
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def door_tables():
    source = open(os.path.join(FUZZ, "fuzz_door.c"), encoding="utf-8").read()
    table = source[source.index("static const route routes[]"):]
    table = table[:table.index("};")]
    routes = re.findall(r'\{"([A-Z]+)",\s*"([^"]+)",\s*(P_[A-Z]+),\s*"([a-z]+)"\}', table)
    ids = {}
    for kind, values in re.findall(r'\[(P_[A-Z]+)\]\s*=\s*\{([^}]*)\}', source):
        ids[kind] = re.findall(r'"([^"]*)"', values)
    return routes, ids


def matches(template, path):
    want, got = template.strip("/").split("/"), path.strip("/").split("/")
    if len(want) != len(got):
        return None
    segment = None
    for w, g in zip(want, got):
        if w == "{id}":
            segment = g
        elif w != g:
            return None
    return segment if segment is not None else ""


def actor_index(actor):
    if actor is None:
        return 1
    role = actor.get("role")
    key = (actor.get("id", ""), role)
    if key in ACTORS:
        return ACTORS[key]
    return ROLE_ACTOR.get(role, 1)


def door_input(envelope, routes, ids):
    """fuzz_door's input for a request envelope."""
    method, path = envelope.get("method"), envelope.get("path")
    if set(envelope) - {"method", "path", "actor", "body", "query"}:
        return raw(envelope)
    for index, (r_method, template, kind, _role) in enumerate(routes):
        if r_method != method:
            continue
        segment = matches(template, path)
        if segment is None:
            continue
        writes = method in ("POST", "PUT")
        body, query = envelope.get("body"), envelope.get("query")
        if body is not None and query is not None:
            return raw(envelope)
        payload, swap = (body, False) if writes else (query, False)
        if payload is None and (query if writes else body) is not None:
            payload, swap = (query if writes else body), True
        flags = actor_index(envelope.get("actor"))
        prefix = b""
        if kind != "P_NONE" and segment in ids[kind]:
            flags |= ids[kind].index(segment) << 3
        elif kind != "P_NONE":
            flags |= 3 << 3
            prefix = segment.encode() + b"\0"
        if swap:
            flags |= 0x80
        text = compact(payload).encode() if payload is not None else b""
        return bytes([index, flags]) + prefix + text
    return raw(envelope)


def raw(envelope):
    return bytes([0, 0x40]) + compact(envelope).encode()


def route_examples():
    for page in sorted(glob.glob(os.path.join(ROOT, "docs", "routes", "*.md"))):
        text = open(page, encoding="utf-8").read()
        name = os.path.basename(page)[:-3]
        blocks = re.findall(r"Request envelope:\s*\n+```json\n(.*?)```", text, re.S)
        for n, block in enumerate(blocks, 1):
            yield "%s-%d" % (name, n), json.loads(block)


def fixture_requests():
    source = open(os.path.join(FUZZ, "fuzz_door.c"), encoding="utf-8").read()
    table = source[source.index("static const char *const fixture[]"):]
    table = table[:table.index("};")]
    for n, literal in enumerate(re.split(r'(?<="),\s*\n\s*(?="\{\\"method)', table), 1):
        parts = re.findall(r'"((?:[^"\\]|\\.)*)"', literal)
        text = "".join(parts).encode().decode("unicode_escape")
        yield "fixture-%d" % n, json.loads(text)


EXTRA = [
    ("idempotent-claim", None),
    ("raw-unknown-key", {"method": "GET", "path": "/health", "verb": "x"}),
    ("raw-lower-method", {"method": "get", "path": "/claims"}),
    ("raw-patch", {"method": "PATCH", "path": "/claims/1", "actor": {"id": "e1", "role": "editor"}}),
    ("raw-percent-path", {"method": "GET", "path": "/cl%61ims/1/"}),
    ("raw-headers", {"method": "POST", "path": "/claims/1/review",
                     "actor": {"id": "m1", "role": "moderator"},
                     "headers": {"idempotency-key": "a0b1c2"},
                     "body": {"expected_version": 3, "status": "rebutted"}}),
    ("review-queue", {"method": "GET", "path": "/review-queue",
                      "actor": {"id": "m1", "role": "moderator"}}),
    ("claims-filter", {"method": "GET", "path": "/claims",
                       "actor": {"id": "e1", "role": "editor"},
                       "query": {"status": "rebutted", "q": "caracas", "language": "en",
                                 "limit": "3", "cursor": "2"}}),
    ("notices-kk", {"method": "GET", "path": "/articles/fuzz-article/notices",
                    "query": {"lang": "kk", "format": "html"}}),
    ("feed-jsonld", {"method": "GET", "path": "/feeds/claimreview", "query": {"limit": "10"}}),
    ("put-rating", {"method": "PUT", "path": "/ratings/False", "actor": {"id": "a1", "role": "admin"},
                    "body": {"labels": {"en": "Wrong", "ru": "Неверно", "kk": "Жалған"},
                             "value": 1, "colour": "#aa0000", "position": 3}}),
    ("subscription-pause", {"method": "PUT", "path": "/subscriptions/1",
                            "actor": {"id": "a1", "role": "admin"},
                            "body": {"active": False, "events": ["claim.published"]}}),
    ("rotate", {"method": "POST", "path": "/subscriptions/1/rotate",
                "actor": {"id": "a1", "role": "admin"}, "body": {"overlap_s": 0}}),
    ("mention-position", {"method": "POST", "path": "/claims/2/mentions",
                          "actor": {"id": "e1", "role": "editor"},
                          "body": {"article_id": "fuzz-article",
                                   "quote": {"exact": "Caracas", "prefix": "like ", "suffix": " in"},
                                   "position": {"start": 40, "end": 47}}}),
]


def claimreview_documents():
    for path in sorted(glob.glob(os.path.join(ROOT, "tests", "claimreview", "*.json"))):
        yield os.path.basename(path)[:-5], json.load(open(path, encoding="utf-8"))
    feed = subprocess.run(["sh", os.path.join(ROOT, "tests", "claimreview", "make-feed.sh"), "4"],
                          check=True, capture_output=True, text=True).stdout
    yield "generated-feed", json.loads(feed)
    for name, envelope in route_examples():
        if envelope.get("path") == "/import/claimreview" and envelope.get("body") is not None:
            yield name.replace("post-import-claimreview", "route-page"), envelope["body"]
    review = {"@context": "https://schema.org", "@type": "ClaimReview",
              "url": "https://factcheck.afp.com/doc.afp.com.caracas",
              "claimReviewed": "Astana is like Caracas.",
              "author": {"@type": "Organization", "name": "AFP Fact Check",
                         "url": "https://factcheck.afp.com"},
              "datePublished": "2025-12-03",
              "reviewRating": {"@type": "Rating", "ratingValue": 1, "bestRating": 5,
                               "worstRating": 1, "alternateName": "False"},
              "itemReviewed": {"@type": "Claim",
                               "author": {"@type": "Person", "name": "Talgat Ergaliev",
                                          "jobTitle": "deputy"},
                               "datePublished": "2025-12-01",
                               "firstAppearance": {"@type": "CreativeWork",
                                                   "url": "https://www.youtube.com/watch?v=abc"}}}
    yield "afp-review", review
    yield "html-text", dict(review, url="HTTP://WWW.Factcheck.AFP.com:443/doc/?utm_source=x&b=1#top",
                            claimReviewed="&lt;p&gt;Astana &amp;amp; <b>Caracas</b>&nbsp;alike&lt;/p&gt;",
                            name="<h1>Headline &quot;quoted&quot;</h1>")
    yield "values-and-iris", {
        "@context": "https://schema.org",
        "@graph": [
            {"@id": "#org", "@type": "NGO", "url": "https://www.factcheck.kz/"},
            {"@type": "WebPage", "url": "https://factcheck.kz/page",
             "mainEntity": {"@type": "schema:ClaimReview",
                            "https://schema.org/claimReviewed": [{"@value": "Crime is up."}],
                            "author": {"@id": "#org"},
                            "reviewRating": {"ratingValue": {"@value": "-1"}, "bestRating": "-1",
                                             "worstRating": "-1", "name": "Misleading"},
                            "itemReviewed": {"@type": "Claim",
                                             "author": "Someone on Telegram",
                                             "appearance": ["not a url",
                                                            "https://t.me/channel/1"],
                                             "datePublished": "2025-12-01T10:00:00+0500"},
                            "inLanguage": {"alternateName": "RU_kz"}}}]}
    yield "google-claim", {
        "@context": "https://schema.org", "@type": "DataFeed",
        "dataFeedElement": [
            {"@type": "DataFeedItem", "dateCreated": "2025-11-30T08:00:00Z",
             "item": [{"@type": "Claim", "text": "Water is dry.",
                       "author": {"@type": "Organization", "name": "Ministry"},
                       "review": [{"@type": "ClaimReview",
                                   "url": "https://example.org/r/1",
                                   "author": {"@type": "Organization",
                                              "url": "https://example.org"},
                                   "reviewRating": "Pants on Fire"}]}]},
            {"@type": "DataFeedItem"}, None, 42,
            {"@type": "DataFeedItem", "item": {"@type": "Article"}}]}
    yield "duplicates", [review, dict(review), dict(review, url="https://factcheck.afp.com/doc.afp.com.caracas/")]
    yield "no-review", {"@type": "Article", "name": "x"}


def tokens(value, keys, words):
    if isinstance(value, dict):
        for k, v in value.items():
            keys.add(k)
            tokens(v, keys, words)
    elif isinstance(value, list):
        for v in value:
            tokens(v, keys, words)
    elif isinstance(value, str) and 0 < len(value) <= 40:
        words.add(value)


def vocabulary_words():
    words = set()
    for line in open(os.path.join(ROOT, "src", "vocabulary.txt"), encoding="utf-8"):
        fields = line.rstrip("\n").split("\t")
        if line.startswith("#") or len(fields) < 2:
            continue
        if fields[0] in ("status", "kind", "event", "role", "rating"):
            words.add(fields[1])
    return words


def write_dict(path, keys, words):
    def escape(text):
        out = []
        for byte in text.encode():
            c = chr(byte)
            out.append("\\x%02x" % byte if byte < 0x20 or byte > 0x7e or c in '"\\' else c)
        return "".join(out)
    entries = sorted({compact(k) + ":" for k in keys} | {compact(w) for w in words})
    with open(path, "w", encoding="ascii") as f:
        f.write("# generated by make_corpus.py: JSON keys and words of the seeds\n")
        for n, entry in enumerate(entries):
            f.write('kw%d="%s"\n' % (n, escape(entry)))


def write(directory, name, data):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, name), "wb") as f:
        f.write(data)


def main():
    routes, ids = door_tables()
    door = os.path.join(FUZZ, "corpus", "door")
    for old in glob.glob(os.path.join(door, "*")):
        os.remove(old)
    seen = set()
    requests = list(route_examples()) + list(fixture_requests())
    for name, envelope in EXTRA:
        if envelope is not None:
            requests.append((name, envelope))
    for name, envelope in requests:
        data = door_input(envelope, routes, ids)
        if data not in seen:
            seen.add(data)
            write(door, name + ".bin", data)
    # the first fixture claim with an Idempotency-Key (flag 0x20)
    claim = dict(fixture_requests())["fixture-2"]
    data = bytearray(door_input(claim, routes, ids))
    data[1] |= 0x20
    write(door, "idempotent-claim.bin", bytes(data))
    # every route with the least role it needs and nothing else
    for index, (method, template, kind, role) in enumerate(routes):
        write(door, "route-%02d.bin" % index, bytes([index, 0]))

    keys, words = set(), vocabulary_words()
    for _name, envelope in requests:
        tokens(envelope, keys, words)
    write_dict(os.path.join(FUZZ, "door.dict"), keys, words)

    cr = os.path.join(FUZZ, "corpus", "claimreview")
    for old in glob.glob(os.path.join(cr, "*")):
        os.remove(old)
    keys, words = set(), set()
    for name, doc in claimreview_documents():
        write(cr, name + ".json", compact(doc).encode())
        tokens(doc, keys, words)
    write_dict(os.path.join(FUZZ, "claimreview.dict"), keys, words)


if __name__ == "__main__":
    main()
