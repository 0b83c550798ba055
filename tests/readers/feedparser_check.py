#!/usr/bin/env python3
"""Reads feeds with Python's feedparser, as most feed readers do, and fails
unless it reads each one cleanly: no `bozo` flag, every item, and the same
titles and dates that the XML holds, and each item's lead image
(`media_content`, `media_credit`) and enclosure (URL, length, type) as the
XML writes them. Run by .ci/run on what byline builds.

    feedparser_check.py FILE...
"""
import sys
import xml.etree.ElementTree as ET

import feedparser

ATOM = "{http://www.w3.org/2005/Atom}"
MEDIA = "{http://search.yahoo.com/mrss/}"


def media_of(item, enclosure):
    """(image URL, credit, enclosure (url, length, type)) of an item."""
    content = item.find(MEDIA + "content")
    image = credit = None
    if content is not None:
        image = content.get("url")
        credit = content.findtext(MEDIA + "credit")
    attached = None
    if enclosure is not None:
        url = enclosure.get("url") or enclosure.get("href")
        attached = (url, enclosure.get("length"), enclosure.get("type"))
    return image, credit, attached


def expected(path):
    """(titles, dated) of the items or entries, read with a plain XML parser."""
    root = ET.parse(path).getroot()
    if root.tag == "rss":
        items = root.findall("./channel/item")
        return (
            [i.findtext("title") for i in items],
            [i.find("pubDate") is not None for i in items],
            [media_of(i, i.find("enclosure")) for i in items],
        )
    entries = root.findall(ATOM + "entry")
    return (
        [e.findtext(ATOM + "title") for e in entries],
        [True for _ in entries],
        [media_of(e, e.find(ATOM + "link[@rel='enclosure']")) for e in entries],
    )


def check(path):
    problems = []
    feed = feedparser.parse(path)
    if feed.bozo:
        problems.append("bozo: %s" % feed.bozo_exception)
    try:
        titles, dated, media = expected(path)
    except ET.ParseError as error:
        return problems + ["not well-formed XML: %s" % error]
    if len(feed.entries) != len(titles):
        problems.append("%d entries read, %d in the file" % (len(feed.entries), len(titles)))
    for entry, title, has_date, (image, credit, attached) in zip(
        feed.entries, titles, dated, media
    ):
        if image is not None:
            read = [m.get("url") for m in entry.get("media_content", [])]
            if read != [image]:
                problems.append("media_content %r read as %r for %r" % (image, read, title))
        if credit is not None:
            read = [c.get("content") for c in entry.get("media_credit", [])]
            if read != [credit]:
                problems.append("media_credit %r read as %r for %r" % (credit, read, title))
        if attached is not None:
            read = [(e.get("href"), e.get("length"), e.get("type")) for e in entry.get("enclosures", [])]
            if read != [attached]:
                problems.append("enclosure %r read as %r for %r" % (attached, read, title))
        if entry.get("title") != title:
            problems.append("title %r read as %r" % (title, entry.get("title")))
        if has_date and not (entry.get("published_parsed") or entry.get("updated_parsed")):
            problems.append("no date read for %r" % title)
        if not entry.get("link", "").startswith(("http://", "https://")):
            problems.append("no absolute link for %r" % title)
    return problems


def main(paths):
    failed = 0
    for path in paths:
        problems = check(path)
        if problems:
            failed += 1
            for problem in problems:
                print("%s: %s" % (path, problem))
    print("feedparser %s: %d passed, %d failed" % (feedparser.__version__, len(paths) - failed, failed))
    return 1 if failed or not paths else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
