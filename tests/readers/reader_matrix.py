#!/usr/bin/env python3
"""The reader matrix: what subscribers see, reader by reader and field by field.

Builds a site with byline, reads every RSS, Atom and JSON Feed file it wrote
with five real reader libraries, and compares each item, field by field,
with what byline meant to publish. The expectation comes from byline's own
data, never from a reader: the same site built once more with one extra
JSON Feed that holds every published article (its `_byline` extension
carries the credit line), keyed by item id.

    reader_matrix.py --byline BIN --site DIR [--site DIR...]
                     --gofeed BIN --feedrs BIN --rss-parser JS [--node-path DIR]

Readers: feedparser (in this Python), gofeed (a Go program built against
Debian's package), rss-parser (npm, run by node), feed-rs (a cargo example)
and newsboat (Debian, headless; its sqlite cache is read). Fields per item:
title, link, id, date (to the second), authors (every name, in order),
enclosure (URL and, where the reader reports them, type and length), image
(the lead image's URL, as a media element or as an <img> in the content),
credit (the credit line's text, in the content or the summary), notes
(each correction's and retraction's text, likewise); per file:
home (the channel's site link, RSS and JSON only: an Atom feed's alternate
is its HTML page by design).

Prints one table per site, `reader x field: right/total`, then every wrong
field. A wrong field is allowed only when it matches a limitation in
KNOWN_LIMITATIONS (the README's readers table lists the same); any other
is a regression, and the script exits 1. So does a limitation that no
longer matches anything (fix the list when a reader or byline gets better).
"""

import argparse
import calendar
import html
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import tomllib
import urllib.parse
from datetime import datetime

import feedparser

FIELDS = ["title", "link", "id", "date", "authors", "enclosure", "image", "credit", "notes", "home"]
READERS = ["feedparser", "gofeed", "rss-parser", "feed-rs", "newsboat"]
# Which reader reads which kind of file. feedparser 6, rss-parser 3 and
# newsboat 2.21 do not read JSON Feed.
READS = {
    "feedparser": {"rss", "atom"},
    "gofeed": {"rss", "atom", "json"},
    "rss-parser": {"rss", "atom"},
    "feed-rs": {"rss", "atom", "json"},
    "newsboat": {"rss", "atom"},
}
EXPECT_FEED = "_reader-matrix-expectation.json"


def several_authors(expected, kind):
    return len(expected["authors"]) > 1


# (reader, field, kinds, predicate, what the subscriber sees). Keep in step
# with the README's "What each reader shows" table.
def always(expected, kind):
    return True


def json_duration(expected, kind):
    return expected["enclosure"].get("duration_in_seconds") is not None


KNOWN_LIMITATIONS = [
    ("gofeed", "enclosure", {"json"}, json_duration,
     "JSON Feed: an attachment's length is its duration in seconds"),
    ("gofeed", "authors", {"rss"}, several_authors,
     "RSS: only the first dc:creator"),
    ("rss-parser", "authors", {"rss", "atom"}, several_authors,
     "only the first dc:creator / Atom author"),
    ("rss-parser", "enclosure", {"atom"}, always,
     "Atom: no enclosure (rel=\"enclosure\" links are not read)"),
    ("newsboat", "authors", {"rss"}, several_authors,
     "RSS: only the last dc:creator"),
]


def kind_of(path, data):
    head = data.lstrip()[:1]
    if head in (b"{", b"["):
        return "json"
    return "atom" if b"http://www.w3.org/2005/Atom\"" in data[:400] and b"<rss" not in data[:400] else "rss"


def seconds(text):
    """Seconds since 1970 of an RFC 3339 date, its fraction dropped."""
    text = re.sub(r"\.\d+", "", text)
    return int(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp())


def plain(text):
    """An HTML fragment as the words a reader shows."""
    block = r"</?(?:p|br|div|li|ul|ol|h[1-6]|figure|figcaption|blockquote|table|tr|td|th)\b[^>]*>"
    text = re.sub(block, " ", text or "", flags=re.I)
    text = re.sub(r"<[^>]*>", "", text)
    return " ".join(html.unescape(text).split())


def norm(text):
    return " ".join(html.unescape(text or "").split())


# The readers --------------------------------------------------------------

def read_feedparser(files):
    out = {}
    for path in files:
        d = feedparser.parse(path)
        items = []
        for e in d.entries:
            date = e.get("published_parsed") or e.get("updated_parsed")
            content = " ".join(c.get("value", "") for c in e.get("content", []))
            media = e.get("media_content") or []
            image = next((m.get("url") for m in media if (m.get("medium") == "image"
                          or (m.get("type") or "").startswith("image/"))), None)
            items.append({
                "id": e.get("id"),
                "title": e.get("title"),
                "link": e.get("link"),
                "published": calendar.timegm(date) if date else None,
                "authors": [a.get("name") for a in e.get("authors", []) if a.get("name")],
                "enclosures": [{"url": l.get("href"), "length": l.get("length"), "type": l.get("type")}
                               for l in e.get("enclosures", [])],
                "image": image,
                "content": content,
                "summary": e.get("summary", ""),
            })
        out[path] = {"error": ("bozo: %s" % d.bozo_exception) if d.bozo else None,
                     "link": d.feed.get("link"), "items": items}
    return out


def read_lines(command, files, env=None):
    """Runs a dump program over the files; one JSON object per line."""
    if not files:
        return {}
    pr = subprocess.run(command + files, capture_output=True, text=True, env=env, timeout=600)
    if pr.returncode != 0:
        sys.exit("%s failed (%d): %s" % (command[0], pr.returncode, pr.stderr[-2000:]))
    out = {}
    for line in pr.stdout.splitlines():
        result = json.loads(line)
        out[result["file"]] = result
    return out


def read_newsboat(files):
    out = {}
    for path in files:
        tmp = tempfile.mkdtemp(prefix="reader-matrix-nb.")
        try:
            url = "file://" + urllib.parse.quote(os.path.abspath(path))
            with open(os.path.join(tmp, "urls"), "w") as f:
                f.write(url + "\n")
            log = os.path.join(tmp, "error.log")
            with open(os.path.join(tmp, "config"), "w") as f:
                f.write('error-log "%s"\n' % log)
            cache = os.path.join(tmp, "cache.db")
            env = dict(os.environ, HOME=tmp, XDG_CONFIG_HOME=tmp + "/c", XDG_DATA_HOME=tmp + "/d",
                       TERM="dumb", TZ="America/New_York")
            subprocess.run(["newsboat", "-x", "reload", "-u", tmp + "/urls", "-c", cache,
                            "-C", tmp + "/config"], stdin=subprocess.DEVNULL,
                           capture_output=True, env=env, timeout=120)
            errors = [l.strip() for l in open(log, errors="replace")] if os.path.exists(log) else []
            errors = [l for l in errors if l and "USERERROR" not in l]
            if not os.path.exists(cache):
                out[path] = {"error": "no cache: %s" % errors, "items": []}
                continue
            con = sqlite3.connect(cache)
            feed = con.execute("select url from rss_feed where rssurl=?", (url,)).fetchone()
            rows = con.execute("select guid, title, url, pubDate, author, content, enclosure_url, "
                               "enclosure_type from rss_item where feedurl=?", (url,)).fetchall()
            con.close()
            items = [{
                "id": guid, "title": title, "link": link, "published": date or None,
                # One string; several Atom authors are joined by ", ".
                "authors": [author] if author else [], "joined": True,
                "enclosures": [{"url": eu, "length": None, "type": et or None}] if eu else [],
                "image": None, "content": content or "", "summary": "",
            } for guid, title, link, date, author, content, eu, et in rows]
            out[path] = {"error": "; ".join(errors) or None, "link": feed[0] if feed else None,
                         "items": items}
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return out


# What byline meant --------------------------------------------------------

def build(byline, site, out, extra=""):
    work = tempfile.mkdtemp(prefix="reader-matrix-site.")
    shutil.copytree(site, work, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("expected", "public", "target", ".git"))
    with open(os.path.join(work, "feeds.toml"), "a") as f:
        f.write(extra)
    pr = subprocess.run([byline, "build", "--out", out], cwd=work, capture_output=True, text=True)
    shutil.rmtree(work, ignore_errors=True)
    if pr.returncode != 0:
        sys.exit("byline build failed in %s:\n%s" % (site, pr.stderr))


def expectation(byline, site):
    out = tempfile.mkdtemp(prefix="reader-matrix-expect.")
    build(byline, site, out, '\n[[feeds]]\njson = "%s"\nlimit = "all"\n' % EXPECT_FEED)
    with open(os.path.join(out, EXPECT_FEED)) as f:
        feed = json.load(f)
    shutil.rmtree(out, ignore_errors=True)
    expected = {}
    for item in feed["items"]:
        extension = item.get("_byline", {})
        enclosure = next((a for a in item.get("attachments", [])
                          if not a["mime_type"].startswith("text/")), None)
        expected[item["id"]] = {
            "title": item["title"],
            "link": item["url"],
            "id": item["id"],
            "date": seconds(item["date_published"]),
            "authors": [a["name"] for a in item["authors"]],
            "enclosure": enclosure,
            "image": item.get("image"),
            "credit": extension.get("credit"),
            "notes": extension.get("notes"),
        }
    return expected


# The comparison -----------------------------------------------------------

def judge(field, want, got, kind):
    """Returns true if and only if the reader shows the field right."""
    if field == "title":
        return norm(got.get("title")) == norm(want["title"])
    if field == "link":
        return got.get("link") == want["link"]
    if field == "id":
        return got.get("id") == want["id"]
    if field == "date":
        return got.get("published") == want["date"]
    if field == "authors":
        shown = [norm(a) for a in got.get("authors") or []]
        if got.get("joined"):
            return shown == ([", ".join(want["authors"])] if want["authors"] else [])
        return shown == want["authors"]
    if field == "enclosure":
        e = want["enclosure"]
        for g in got.get("enclosures") or []:
            if (g.get("url") == e["url"]
                    and g.get("type") in (None, "", e["mime_type"])
                    and g.get("length") in (None, "", str(e.get("size_in_bytes")))):
                return True
        return False
    if field == "image":
        if got.get("image") == want["image"]:
            return True
        shown = html.unescape((got.get("content") or "") + (got.get("summary") or ""))
        return 'src="%s"' % want["image"] in shown
    if field == "credit":
        shown = plain(got.get("content")) + " " + plain(got.get("summary"))
        return norm(want["credit"]) in shown
    if field == "notes":
        shown = plain(got.get("content")) + " " + plain(got.get("summary"))
        return all(norm(note) in shown for note in want["notes"])
    raise ValueError(field)


def applies(field, want):
    if field in ("enclosure", "image", "credit", "notes"):
        return want[field] is not None
    return True


def limitation(reader, field, kind, want):
    for r, f, kinds, predicate, why in KNOWN_LIMITATIONS:
        if r == reader and f == field and kind in kinds and predicate(want, kind):
            return why
    return None


def matrix(name, byline, site, readers):
    expected = expectation(byline, site)
    with open(os.path.join(site, "feeds.toml"), "rb") as f:
        home = tomllib.load(f)["site"]["base_url"]
    out = tempfile.mkdtemp(prefix="reader-matrix-out.")
    build(byline, site, out)
    files, kinds = [], {}
    for root, _, names in os.walk(out):
        for n in names:
            path = os.path.join(root, n)
            if n.startswith(".") or "/media/" in path or n.endswith((".html", ".opml")):
                continue
            with open(path, "rb") as f:
                kinds[path] = kind_of(path, f.read())
            files.append(path)
    files.sort()
    seen = {}
    for reader, read in readers.items():
        seen[reader] = read([p for p in files if kinds[p] in READS[reader]])
    counts = {(r, f): [0, 0] for r in READERS for f in FIELDS}
    wrong, known, used = [], [], set()
    for reader in READERS:
        for path, result in sorted(seen[reader].items()):
            rel = os.path.relpath(path, out)
            kind = kinds[path]
            if result.get("error"):
                wrong.append((reader, rel, "-", "file", result["error"], "a readable feed"))
            if kind in ("rss", "json"):
                c = counts[(reader, "home")]
                c[1] += 1
                if result.get("link") == home:
                    c[0] += 1
                else:
                    wrong.append((reader, rel, "-", "home", result.get("link"), home))
            for got in result["items"]:
                want = expected.get(got.get("id"))
                if want is None:
                    wrong.append((reader, rel, got.get("id"), "id", got.get("id"), "a published id"))
                    continue
                for field in FIELDS[:-1]:
                    if not applies(field, want):
                        continue
                    c = counts[(reader, field)]
                    c[1] += 1
                    if judge(field, want, got, kind):
                        c[0] += 1
                        continue
                    shown = got.get(field if field != "enclosure" else "enclosures")
                    if field == "date":
                        shown = got.get("published")
                    why = limitation(reader, field, kind, want)
                    entry = (reader, rel, want["id"], field, shown, want[field])
                    if why:
                        known.append(entry + (why,))
                        used.add((reader, field))
                    else:
                        wrong.append(entry)
    shutil.rmtree(out, ignore_errors=True)

    print("\n## %s: %d files, %d articles" % (name, len(files), len(expected)))
    print("%-11s" % "reader" + "".join("%12s" % f for f in FIELDS))
    for r in READERS:
        row = ""
        for f in FIELDS:
            right, total = counts[(r, f)]
            row += "%12s" % ("%d/%d" % (right, total) if total else "-")
        print("%-11s" % r + row)
    right = sum(c[0] for c in counts.values())
    total = sum(c[1] for c in counts.values())
    print("right: %d of %d fields (%.1f%%); %d known reader limitation(s), %d other wrong"
          % (right, total, 100.0 * right / max(total, 1), len(known), len(wrong)))
    if known:
        print("\nknown limitations met (README, \"What each reader shows\"):")
        for reader, rel, ident, field, shown, want, why in known:
            print("  %s %s %s %s: %s" % (reader, field, rel, ident, why))
    for reader, rel, ident, field, shown, want in wrong:
        print("WRONG %s %s %s %s: shows %r, byline meant %r" % (reader, field, rel, ident, shown, want))
    return wrong, used


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--byline", required=True)
    ap.add_argument("--site", action="append", required=True)
    ap.add_argument("--gofeed", required=True)
    ap.add_argument("--feedrs", required=True)
    ap.add_argument("--rss-parser", required=True)
    ap.add_argument("--node-path", default=None)
    args = ap.parse_args()
    node_env = dict(os.environ)
    if args.node_path:
        node_env["NODE_PATH"] = os.path.abspath(args.node_path)
    readers = {
        "feedparser": read_feedparser,
        "gofeed": lambda files: read_lines([os.path.abspath(args.gofeed)], files),
        "rss-parser": lambda files: read_lines(["node", os.path.abspath(args.rss_parser)], files,
                                               node_env),
        "feed-rs": lambda files: read_lines([os.path.abspath(args.feedrs)], files),
        "newsboat": read_newsboat,
    }
    byline = os.path.abspath(args.byline)
    failures, used = [], set()
    for site in args.site:
        wrong, u = matrix(site, byline, os.path.abspath(site), readers)
        failures += wrong
        used |= u
    stale = [(r, f, why) for r, f, _, _, why in KNOWN_LIMITATIONS if (r, f) not in used]
    for r, f, why in stale:
        print("STALE limitation %s %s (%s): no item meets it any more; drop it here and in the README"
              % (r, f, why))
    if failures or stale:
        print("\nreader matrix: %d wrong field(s) not known as a reader's limitation" % len(failures))
        return 1
    print("\nreader matrix: every field right but the known limitations")
    return 0


if __name__ == "__main__":
    sys.exit(main())
