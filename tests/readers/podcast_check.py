#!/usr/bin/env python3
"""Reads podcast feeds with gPodder's podcastparser, the parser of a real
podcast client, and fails unless every episode comes through whole.

    podcast_check.py OUTPUT_DIR BASE_URL FEED...

For each episode (an RSS item), podcastparser must read the enclosure's URL,
its size in bytes and its type as the XML states them, and the duration
(`itunes:duration`) in seconds; the size must equal the size of the
published file (the enclosure's URL, under BASE_URL, is a file in
OUTPUT_DIR), and the show must have its cover. Run by .ci/run on the
sample site's podcast.
"""

import os
import sys
import xml.etree.ElementTree as ET

import podcastparser

ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"


def check(out, base, path):
    problems = []
    with open(path, "rb") as stream:
        parsed = podcastparser.parse(base + os.path.basename(path), stream)
    items = ET.parse(path).getroot().findall("./channel/item")
    episodes = parsed.get("episodes", [])
    if not parsed.get("cover_url"):
        problems.append("no cover read")
    if len(episodes) != len(items) or not items:
        problems.append("%d episodes read, %d items in the file" % (len(episodes), len(items)))
    by_title = {episode["title"]: episode for episode in episodes}
    for item in items:
        title = item.findtext("title")
        episode = by_title.get(title)
        if episode is None:
            problems.append("episode %r not read" % title)
            continue
        enclosure = item.find("enclosure")
        wanted = (enclosure.get("url"), int(enclosure.get("length")), enclosure.get("type"))
        read = [(e["url"], e["file_size"], e["mime_type"]) for e in episode["enclosures"]]
        if read != [wanted]:
            problems.append("%r: enclosure %r read as %r" % (title, wanted, read))
        duration = int(item.findtext(ITUNES + "duration") or 0)
        if not duration or episode.get("total_time") != duration:
            problems.append(
                "%r: duration %r read as %r" % (title, duration, episode.get("total_time"))
            )
        url = wanted[0]
        if url.startswith(base):
            on_disk = os.path.getsize(os.path.join(out, url[len(base):]))
            if on_disk != wanted[1]:
                problems.append("%r: length %d, but the file has %d bytes" % (title, wanted[1], on_disk))
        else:
            problems.append("%r: the enclosure %s is not under %s" % (title, url, base))
    print(
        "%s: podcastparser read %d episodes%s"
        % (path, len(episodes), "" if problems else ", each with its enclosure, size, type and duration")
    )
    return problems


def main(out, base, paths):
    failed = 0
    for path in paths:
        for problem in check(out, base, path):
            print("%s: %s" % (path, problem))
            failed = 1
    return failed


if __name__ == "__main__":
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3:]))
