// Prints what the npm package rss-parser reads from each feed file named on
// the command line: one JSON object per line, {"file", "error", "link",
// "items"}, the items as reader_matrix.py compares them. rss-parser is found
// through NODE_PATH (.ci/run installs it under target/).
'use strict';
const fs = require('fs');
const Parser = require('rss-parser');

function seconds(text) {
  if (!text) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
}

function authorsOf(item) {
  // rss-parser keeps one `creator` (dc:creator, or Atom's first author's
  // name) and, for RSS, the raw `author` element.
  const names = [];
  if (item.creator) names.push(String(item.creator));
  else if (item.author) names.push(typeof item.author === 'string' ? item.author : JSON.stringify(item.author));
  return names;
}

async function main() {
  const parser = new Parser();
  for (const file of process.argv.slice(2)) {
    const result = { file, items: [], link: null };
    try {
      const feed = await parser.parseString(fs.readFileSync(file, 'utf8'));
      result.link = feed.link || null;
      for (const item of feed.items) {
        const enclosure = item.enclosure;
        result.items.push({
          id: item.guid || item.id || null,
          title: item.title || null,
          link: item.link || null,
          published: seconds(item.isoDate || item.pubDate),
          updated: null,
          authors: authorsOf(item),
          enclosures: enclosure ? [{ url: enclosure.url, length: String(enclosure.length || ''), type: enclosure.type || '' }] : [],
          image: null,
          content: item['content:encoded'] || item.content || '',
          summary: item.summary || item.content || '',
        });
      }
    } catch (error) {
      result.error = String(error && error.message || error);
    }
    process.stdout.write(JSON.stringify(result) + '\n');
  }
}

main();
