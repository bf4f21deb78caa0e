#!/usr/bin/env bash
# Checks Hlas's frequent-word lists (src/main/resources/dev/hlas/text/words/*.txt) against the hunspell
# dictionaries Debian ships (apt-get install hunspell hunspell-cs hunspell-sk hunspell-en-us):
#  1. every word of a list is a word of its language (hunspell accepts it), and
#  2. a word that only one list has — so that it decides between two languages on short sentences — is not also
#     a correct word of the other language. Such words are printed for a person to judge: a frequent word of both
#     languages belongs in both lists; a rare homograph (Czech "len", flax) may stay in one.
# Usage: bench/wordlists/check.sh   (prints findings; exits 0)
set -euo pipefail
dir="$(cd "$(dirname "$0")/../.." && pwd)/src/main/resources/dev/hlas/text/words"
declare -A dict=([cs]=cs_CZ [sk]=sk_SK [en]=en_US)
words() { grep -v '^#' "$dir/$1.txt" | tr -s ' \t' '\n\n' | grep -v '^$' | sort -u; }
for l in cs sk en; do
  echo "== $l words hunspell ${dict[$l]} does not know:"
  words "$l" | hunspell -d "${dict[$l]}" -l | tr '\n' ' '; echo
done
for pair in "cs sk" "sk cs" "cs en" "en cs" "sk en" "en sk"; do
  set -- $pair
  echo "== only in the $1 list, yet a correct $2 word (${dict[$2]}):"
  only=$(comm -23 <(words "$1") <(words "$2"))
  wrong=$(printf '%s\n' $only | hunspell -d "${dict[$2]}" -l | sort -u)
  comm -23 <(printf '%s\n' $only | sort -u) <(printf '%s\n' $wrong) | tr '\n' ' '; echo
done
