#!/bin/bash
# Differential check of byline.lock: usage bench/lock-diff.sh OLD-BYLINE NEW-BYLINE CORPUS
# (CORPUS: a `gen-corpus --markdown` folder). Each scenario is built by both binaries, and
# both must leave the same lock bytes, exit codes and messages.
set -u
OLD=$1; NEW=$2; SRC=$3; W=${WORK:-$(mktemp -d)}
rm -rf $W/seed; mkdir -p $W/seed/articles/2015
cp -r $SRC/articles/2015/01 $W/seed/articles/2015/01
mkdir -p $W/seed/articles/news-desk $W/seed/articles/news
cp $SRC/articles/2015/01/2015-01-01-story-0.md $W/seed/articles/news/2015-01-01-news-0.md
for f in $SRC/articles/2015/01/2015-01-02-story-*.md; do b=$(basename $f); cp $f $W/seed/articles/news-desk/${b/story/desk}; echo "Desk copy." >> $W/seed/articles/news-desk/${b/story/desk}; done
cp $SRC/feeds.toml $W/seed/
( cd $W/seed && $OLD build --out public --now 2026-01-01T00:00:00Z >/dev/null 2>&1 ) || { echo "seed build failed"; exit 1; }
pick() { ls $1/articles/2015/01 | sed -n "$2p"; }
scenario() { # name, then a shell snippet run in the site folder
  local name=$1 body=$2 fail=0
  for who in old new; do
    rm -rf $W/$who; cp -r $W/seed $W/$who
    ( cd $W/$who && eval "$body" )
    local bin=$OLD; [ $who = new ] && bin=$NEW
    for args in "build --locked" "build" "check" "build"; do
      ( cd $W/$who && $bin $args --now 2026-01-01T00:00:00Z >> out.txt 2>&1; echo "rc=$? ($args)" >> out.txt )
    done
  done
  if cmp -s $W/old/byline.lock $W/new/byline.lock && diff -q <(sed 's/in [0-9.]* *m\?s//g' $W/old/out.txt) <(sed 's/in [0-9.]* *m\?s//g' $W/new/out.txt) >/dev/null; then
    echo "same: $name"
  else
    echo "DIFFERS: $name"; diff <(sed 's/in [0-9.]* *m\?s//g' $W/old/out.txt) <(sed 's/in [0-9.]* *m\?s//g' $W/new/out.txt) | head -20; cmp $W/old/byline.lock $W/new/byline.lock
  fi
}
A=$(pick $W/seed 5); B=$(pick $W/seed 9); C=$(pick $W/seed 20)
scenario nothing 'true'
scenario rename "mv articles/2015/01/$A articles/2015/01/renamed-$A"
scenario edit-no-updated "echo 'More text.' >> articles/2015/01/$A"
scenario edit-and-rename "echo 'More text.' >> articles/2015/01/$A; mv articles/2015/01/$A articles/2015/01/x-$A"
scenario swap-names "mv articles/2015/01/$A ../lock-a.md; mv articles/2015/01/$B articles/2015/01/$A; mv ../lock-a.md articles/2015/01/z-$A"
scenario take-old-name "mv articles/2015/01/$A articles/2015/01/moved-$A; cp articles/2015/01/$C articles/2015/01/$A; echo 'Other.' >> articles/2015/01/$A"
scenario delete "rm articles/2015/01/$A"
scenario delete-two "rm articles/2015/01/$A articles/2015/01/$B"
scenario site-moved "sed -i 's#news.example.org#paper.example.com#' feeds.toml"
scenario site-moved-then-new "sed -i 's#news.example.org#paper.example.com#' feeds.toml; cp articles/2015/01/$A articles/2015/01/new-$A; echo 'x' >> articles/2015/01/new-$A"
scenario date-changed "sed -i '0,/^date = .*/s//date = 2015-01-03T10:00:00+01:00/' articles/2015/01/$A"
scenario new-article "cp articles/2015/01/$A articles/2015/01/2015-01-31-fresh.md; echo 'fresh' >> articles/2015/01/2015-01-31-fresh.md"
scenario new-same-slug-other-section "mkdir -p articles/sport; cp articles/2015/01/$A articles/sport/; echo 'sport' >> articles/sport/$A"
scenario copy-same-text "cp articles/2015/01/$A articles/2015/01/copy-$A"
scenario shuffled-lock "python3 -c \"
import sys
t=open('byline.lock').read(); top,rest=t.split('\n[',1); parts=('\n['+rest).split('\n[')[1:]
parts=['\n['+p for p in parts]; parts.reverse(); open('byline.lock','w').write(top+''.join(parts))\""
scenario no-lock "rm byline.lock"
scenario id-given "sed -i '0,/^title = /s//id = \"urn:x:1\"\ntitle = /' articles/2015/01/$A"
scenario gone-id-given "ID=\$(grep -A1 \"$A\" byline.lock | sed -n 's/^id = //p'); mv articles/2015/01/$A articles/2015/01/q-$A; echo 'edit' >> articles/2015/01/q-$A; sed -i \"0,/^title = /s//id = \$ID\ntitle = /\" articles/2015/01/q-$A"
