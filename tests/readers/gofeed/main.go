// Command gofeed-dump prints what the gofeed library (Debian's
// golang-github-mmcdole-gofeed-dev) reads from each feed file named on the
// command line: one JSON object per file, {"file", "error", "items"}, the
// items as reader_matrix.py compares them. Built offline in GOPATH mode
// against /usr/share/gocode (see .ci/run).
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/mmcdole/gofeed"
)

type enclosure struct {
	URL    string `json:"url"`
	Length string `json:"length"`
	Type   string `json:"type"`
}

type item struct {
	ID         string      `json:"id"`
	Title      string      `json:"title"`
	Link       string      `json:"link"`
	Published  *int64      `json:"published"`
	Updated    *int64      `json:"updated"`
	Authors    []string    `json:"authors"`
	Enclosures []enclosure `json:"enclosures"`
	Image      string      `json:"image"`
	Content    string      `json:"content"`
	Summary    string      `json:"summary"`
}

type result struct {
	File  string `json:"file"`
	Error string `json:"error,omitempty"`
	Link  string `json:"link"`
	Items []item `json:"items"`
}

func main() {
	out := json.NewEncoder(os.Stdout)
	for _, path := range os.Args[1:] {
		r := result{File: path, Items: []item{}}
		f, err := os.Open(path)
		if err != nil {
			r.Error = err.Error()
			out.Encode(r)
			continue
		}
		feed, err := gofeed.NewParser().Parse(f)
		f.Close()
		if err != nil {
			r.Error = err.Error()
			out.Encode(r)
			continue
		}
		r.Link = feed.Link
		for _, it := range feed.Items {
			i := item{ID: it.GUID, Title: it.Title, Link: it.Link, Content: it.Content, Summary: it.Description, Authors: []string{}, Enclosures: []enclosure{}}
			if it.PublishedParsed != nil {
				s := it.PublishedParsed.Unix()
				i.Published = &s
			}
			if it.UpdatedParsed != nil {
				s := it.UpdatedParsed.Unix()
				i.Updated = &s
			}
			for _, a := range it.Authors {
				i.Authors = append(i.Authors, a.Name)
			}
			for _, e := range it.Enclosures {
				i.Enclosures = append(i.Enclosures, enclosure{e.URL, e.Length, e.Type})
			}
			if it.Image != nil {
				i.Image = it.Image.URL
			}
			r.Items = append(r.Items, i)
		}
		if err := out.Encode(r); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
	}
}
