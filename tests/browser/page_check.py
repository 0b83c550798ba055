#!/usr/bin/env python3
"""Loads a feed's HTML page in headless Chromium and checks the rendered DOM.

Usage: page_check.py PAGE FEED.json [FEED.xml|FEED.atom ...]

Chromium renders PAGE (`--dump-dom` prints the document after parsing and
layout), and the rendered DOM must show, for every item of the JSON Feed
twin, its title linked to its URL, its date and its credit line
(`_byline.credit`), in the feed's order, and for an item with a lead
image, that image with its alt text and then its credit as visible text;
and a subscribe link and an autodiscovery `<link rel="alternate">` for the
JSON file and for each RSS or Atom file given (their own `rel="self"`
URL). It must load nothing else: no script, frame, stylesheet, or image
that is not an item's lead image. Exits 1 with every problem found.
"""

import json
import pathlib
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

ATOM = "{http://www.w3.org/2005/Atom}"


class Dom(HTMLParser):
    """The parts of the rendered DOM the check reads."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.alternates = []  # (type, href) of <link rel=alternate>
        self.anchors = []  # href of every <a>
        self.loads = []  # tags that would load something
        self.articles = []  # per <article>: {"title", "href", "times", "credit", "images", "caption"}
        self.stack = []
        self.text_sink = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link":
            rel = (attrs.get("rel") or "").split()
            if "alternate" in rel:
                self.alternates.append((attrs.get("type"), attrs.get("href")))
            elif "stylesheet" in rel or "icon" in rel or "preload" in rel:
                self.loads.append(tag)
            return
        if tag in ("script", "iframe", "object", "embed", "video", "audio"):
            self.loads.append(tag)
        if tag == "img":
            if self.in_("article"):
                self.articles[-1]["images"].append((attrs.get("src"), attrs.get("alt")))
            else:
                self.loads.append(tag)
        if tag == "article":
            self.articles.append(
                {"title": "", "href": None, "times": [], "credit": "", "images": [], "caption": ""}
            )
        if tag == "a":
            self.anchors.append(attrs.get("href"))
        article = self.articles[-1] if self.in_("article") else None
        if article is not None:
            if tag == "a" and self.in_("h2") and article["href"] is None:
                article["href"] = attrs.get("href")
            if tag == "time":
                article["times"].append(attrs.get("datetime"))
        self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        if not self.in_("article"):
            return
        article = self.articles[-1]
        if self.in_("h2"):
            article["title"] += data
        if self.in_("em"):
            article["credit"] += data
        if self.in_("figcaption"):
            article["caption"] += data

    def in_(self, tag):
        return tag in self.stack


def rendered_dom(page):
    result = subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--dump-dom",
            page.resolve().as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    if result.returncode != 0 or "<html" not in result.stdout:
        sys.exit(f"{page}: chromium did not render it:\n{result.stderr}")
    return result.stdout


def self_link(path):
    """The rel="self" URL of an RSS or Atom file."""
    root = ET.parse(path).getroot()
    for link in root.iter(ATOM + "link"):
        if link.get("rel") == "self":
            return link.get("type"), link.get("href")
    sys.exit(f"{path}: no rel=self link")


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    page = pathlib.Path(sys.argv[1])
    feed = json.loads(pathlib.Path(sys.argv[2]).read_text(encoding="utf-8"))
    files = [("application/feed+json", feed["feed_url"])]
    files += [self_link(path) for path in sys.argv[3:]]

    dom = Dom()
    dom.feed(rendered_dom(page))
    problems = []
    items = feed["items"]
    if len(dom.articles) != len(items):
        problems.append(f"{len(dom.articles)} articles shown, the feed has {len(items)}")
    for n, (shown, item) in enumerate(zip(dom.articles, items)):
        where = f"article {n + 1} ({item['title']!r})"
        if shown["title"].strip() != item["title"]:
            problems.append(f"{where}: the title shown is {shown['title']!r}")
        if shown["href"] != item["url"]:
            problems.append(f"{where}: the title links to {shown['href']!r}, not {item['url']}")
        if not shown["times"] or shown["times"][0] != item["date_published"]:
            problems.append(f"{where}: the date is {shown['times']!r}, not {item['date_published']}")
        image = item.get("image")
        wanted = [(image, item["_byline"]["image"]["alt"])] if image else []
        if shown["images"] != wanted:
            problems.append(f"{where}: the images shown are {shown['images']!r}, not {wanted!r}")
        image_credit = item.get("_byline", {}).get("image", {}).get("credit")
        if image_credit and image_credit not in shown["caption"]:
            problems.append(f"{where}: the image's credit {image_credit!r} is not shown after it")
        credit = item.get("_byline", {}).get("credit")
        if credit is not None and shown["credit"].strip() != credit:
            problems.append(f"{where}: the credit line shown is {shown['credit']!r}, not {credit!r}")
    for kind, url in files:
        if (kind, url) not in dom.alternates:
            problems.append(f'no <link rel="alternate" type="{kind}" href="{url}">')
        if url not in dom.anchors:
            problems.append(f"no subscribe link to {url}")
    if dom.loads:
        problems.append(f"the page loads something: {sorted(set(dom.loads))}")

    for problem in problems:
        print(f"{page}: {problem}")
    credited = sum(1 for item in items if item.get("_byline", {}).get("credit"))
    images = sum(1 for item in items if item.get("image"))
    print(
        f"{page}: chromium rendered {len(dom.articles)} articles "
        f"({credited} credit lines, {images} credited images) and {len(files)} subscribe links: "
        f"{'ok' if not problems else f'{len(problems)} problems'}"
    )
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
