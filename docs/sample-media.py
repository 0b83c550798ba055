#!/usr/bin/env python3
"""Makes the sample site's media files, with nothing but Python's standard
library: the lead image of the medal-table article (a bar chart of its
table), the podcast's cover (1400 x 1400 pixels, as Apple asks), and two
short silent MP3 episodes with their transcripts (WebVTT, SRT, a French
WebVTT) and the second one's JSON chapters file.

    python3 docs/sample-media.py

The files are committed; this script says how they were made and remakes
them byte for byte.
"""

import json
import pathlib
import struct
import zlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "articles"


def png(path, width, height, pixel):
    """Writes an RGB PNG whose pixel (x, y) is pixel(x, y)."""
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # no filter
        for x in range(width):
            rows.extend(pixel(x, y))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    data = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + chunk(b"IEND", b"")
    )
    path.write_bytes(data)


def medal_chart(x, y):
    """Gold and silver bars of the United States and China, on cream."""
    background = (250, 247, 238)
    bars = [  # (left, right, height in pixels, colour)
        (120, 180, 240, (212, 175, 55)),  # United States, 40 gold
        (190, 250, 264, (170, 170, 178)),  # United States, 44 silver
        (390, 450, 240, (212, 175, 55)),  # China, 40 gold
        (460, 520, 162, (170, 170, 178)),  # China, 27 silver
    ]
    baseline = 320
    if baseline <= y < baseline + 3 and 80 <= x < 560:
        return (60, 60, 60)
    for left, right, height, colour in bars:
        if left <= x < right and baseline - height <= y < baseline:
            return colour
    return background


def cover(x, y):
    """Three bands, with a square in the middle: the Gazette's colours."""
    if 500 <= x < 900 and 500 <= y < 900:
        return (212, 175, 55)
    if y < 467:
        return (11, 92, 173)
    if y < 934:
        return (250, 247, 238)
    return (27, 27, 27)


def silent_mp3(path, seconds):
    """MPEG-1 Layer III frames of silence: 32 kHz, 32 kbit/s, mono.

    Each frame is 144 bytes and 36 milliseconds: a four-byte header, side
    information of zeros (no audio data), and zero padding.
    """
    header = bytes([0xFF, 0xFB, 0x18, 0xC0])
    frame = header + bytes(144 - len(header))
    frames = round(seconds * 32000 / 1152)
    path.write_bytes(frame * frames)


def transcript(path, lines):
    cues = ["WEBVTT", ""]
    for n, (start, end, text) in enumerate(lines, 1):
        cues += [str(n), f"00:00:{start:06.3f} --> 00:00:{end:06.3f}", text, ""]
    path.write_text("\n".join(cues), encoding="utf-8")


def subrip(path, lines):
    cues = []
    for n, (start, end, text) in enumerate(lines, 1):
        times = f"00:00:{start:06.3f} --> 00:00:{end:06.3f}".replace(".", ",")
        cues += [str(n), times, text, ""]
    path.write_text("\n".join(cues), encoding="utf-8")


def chapters(path, file):
    path.write_text(json.dumps(file, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def main():
    olympics = ARTICLES / "olympics"
    png(olympics / "medal-table.png", 640, 360, medal_chart)
    # The cover is beside feeds.toml (its `podcast.image`), so that it stays
    # when the sample articles are replaced; the episodes' files are beside
    # their articles.
    png(ROOT / "podcast" / "cover.png", 1400, 1400, cover)
    podcast = ARTICLES / "podcast"
    podcast.mkdir(exist_ok=True)
    silent_mp3(podcast / "episode-1.mp3", 3)
    silent_mp3(podcast / "episode-2.mp3", 4)
    transcript(
        podcast / "episode-1.vtt",
        [(0, 1.5, "Welcome to the Gazette Daily."), (1.5, 3, "Today: the medal table.")],
    )
    transcript(
        podcast / "episode-2.vtt",
        [(0, 2, "The flag goes to Los Angeles."), (2, 4, "Our guest explains the plans.")],
    )
    subrip(
        podcast / "episode-1.srt",
        [(0, 1.5, "Welcome to the Gazette Daily."), (1.5, 3, "Today: the medal table.")],
    )
    transcript(
        podcast / "episode-2.fr.vtt",
        [(0, 2, "Le drapeau part pour Los Angeles."), (2, 4, "Notre invitée explique les projets.")],
    )
    chapters(
        podcast / "episode-2.chapters.json",
        {
            "version": "1.2.0",
            "title": "Gazette Daily 2: what Los Angeles has to build by 2028",
            "podcastName": "The Gazette Daily",
            "chapters": [
                {
                    "startTime": 0,
                    "title": "The flag changes hands",
                    "url": "https://gazette.example.org/news/2024/08/cruise-carries-olympic-flag-to-los-angeles/",
                },
                {"startTime": 2, "title": "The venues still to build", "endTime": 4},
            ],
        },
    )


if __name__ == "__main__":
    main()
