#!/usr/bin/env python3
"""Writes out the RELAX NG Compact grammar of RFC 4287 (appendix B).

    rfc4287_grammar.py RFC4287.html "WHERE IT CAME FROM" > tests/readers/atom.rnc

The input is the RFC as HTML: the copy in the W3C Feed Validation
Service's repository (w3c/feedvalidator, docs/rfc4287.html). The grammar
is the text of the one <pre> block that runs from `# -*- rnc -*-` to
`# EOF`; its markup (links to the RFC's sections) is dropped and its
character references decoded, nothing else changed. CI has no network,
so the output is committed as tests/readers/atom.rnc; this script says
how it was made and lets anyone make it again. The output starts with two
comment lines naming this script and the copy it read (the second
argument), then the grammar.

The committed grammar was made with

    git --git-dir=MIRROR show HEAD:docs/rfc4287.html > rfc4287.html
    rfc4287_grammar.py rfc4287.html \
        "w3c/feedvalidator docs/rfc4287.html, commit 43dabeb217bd8d8b0a3f12f3a6e7c39a8619d9a8"
"""
import html
import re
import sys


def grammar(page):
    start = page.index("# -*- rnc -*-")
    end = page.index("# EOF", start) + len("# EOF")
    text = re.sub(r"<[^>]*>", "", page[start:end])
    text = html.unescape(text).replace("\r\n", "\n").replace("\r", "\n")
    return text + "\n"


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    # The page declares no charset and holds Latin-1 bytes (no-break spaces).
    with open(sys.argv[1], encoding="iso-8859-1") as f:
        page = f.read()
    sys.stdout.write("# RFC 4287, appendix B, written out by tests/readers/rfc4287_grammar.py\n")
    sys.stdout.write("# from %s\n" % sys.argv[2])
    sys.stdout.write(grammar(page))


if __name__ == "__main__":
    main()
