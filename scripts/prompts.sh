#!/usr/bin/env bash
# Regenerates prompts/<lang>/<key>.wav (8 kHz, mono, 16-bit PCM) from prompts/<lang>.txt
# with espeak-ng and sox (Debian packages espeak-ng, sox).
#   scripts/prompts.sh            all languages
#   scripts/prompts.sh de         one language
#   COMPANY="ACME" scripts/prompts.sh   name said in the callback confirmation ({company});
#                                       default: company.name from config.yaml (or $HOLDLESS_CONFIG)
#   ONLY="company" scripts/prompts.sh   only these keys (e.g. after renaming the company)
# A line is "key: text". "@tone <seconds>" makes soft hold music instead of speech.
# To use a studio recording, drop it in as prompts/<lang>/<key>.wav (8 kHz mono 16-bit)
# and remove its line from the .txt file so it is not overwritten.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v espeak-ng >/dev/null || { echo "espeak-ng missing: apt-get install -y espeak-ng" >&2; exit 1; }
command -v sox >/dev/null || { echo "sox missing: apt-get install -y sox" >&2; exit 1; }
config_company() { # company.name from the config file, read with the yaml package holdless uses
  node -e 'const y=require("yaml");const c=y.parse(require("fs").readFileSync(process.argv[1],"utf8"));process.stdout.write(String(c?.company?.name??""))' "${HOLDLESS_CONFIG:-config.yaml}" 2>/dev/null || true
}
COMPANY="${COMPANY:-$(config_company)}"
[ -n "$COMPANY" ] || { echo "no company name: set COMPANY or company.name in config.yaml" >&2; exit 1; }
ONLY=" ${ONLY:-} "
declare -A VOICE=([en]=en-us [de]=de)
langs=("$@")
[ ${#langs[@]} -eq 0 ] && langs=($(ls prompts/*.txt | xargs -n1 basename | sed 's/\.txt$//'))
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for lang in "${langs[@]}"; do
  list="prompts/$lang.txt"; out="prompts/$lang"; voice="${VOICE[$lang]:-$lang}"
  [ -f "$list" ] || { echo "no $list" >&2; exit 1; }
  mkdir -p "$out"; n=0
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in ''|'#'*) continue;; esac
    key="${line%%:*}"; text="${line#*:}"; text="${text# }"; text="${text//\{company\}/$COMPANY}"
    [[ "$key" =~ ^[a-z0-9_]+$ ]] || { echo "$list: bad key '$key'" >&2; exit 1; }
    [ "$ONLY" = "  " ] || [[ "$ONLY" == *" $key "* ]] || continue
    if [[ "$text" == @tone* ]]; then
      secs="${text#@tone }"
      # Two soft alternating chords with a fade: unobtrusive hold music that loops cleanly.
      sox -n -r 8000 -c 1 -b 16 -e signed-integer "$out/$key.wav" \
        synth "$secs" sine 440 sine 554 sine 659 remix - tremolo 0.5 40 gain -18 fade 0.2 "$secs" 0.2
    else
      espeak-ng -v "$voice" -s 150 -w "$tmp/raw.wav" "$text"
      # Trim leading/trailing silence, keep 50 ms, normalise, resample to telephony format.
      sox "$tmp/raw.wav" -r 8000 -c 1 -b 16 -e signed-integer "$out/$key.wav" \
        silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse pad 0.05 0.05 norm -3
    fi
    n=$((n+1))
  done < "$list"
  echo "prompts/$lang: $n prompts"
done
