#!/usr/bin/env bash
# Regenerates the evaluation data in this directory (trusted.csv, typos.csv, legit.txt, dnstwist/,
# SOURCES.md) from pinned npm packages and Debian's dnstwist and publicsuffix packages.
#
#   core/eval/build-eval-data.sh            # packages already installed
#   core/eval/build-eval-data.sh --install  # first install them (root for apt; npm into $EVAL_WORK)
#
# EVAL_WORK (default /tmp/evalwork) holds node_modules; nothing outside this directory and EVAL_WORK
# is written. The npm packages are installed with --ignore-scripts: free-email-domains' postinstall
# would otherwise refresh its list from the web and the data would no longer match the version.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
export EVAL_WORK="${EVAL_WORK:-/tmp/evalwork}"

NPM_PACKAGES=(
  mailcheck@1.1.1
  email-misspelled@4.4.0
  @zootools/email-spell-checker@1.12.0
  deep-email-validator@0.1.27
  free-email-domains@1.12.6
  disposable-email-domains@1.0.62
  mailchecker@6.0.21
  freemail@1.7.0
  email-providers@2.26.0
  top-sites@1.1.222
)

if [[ "${1:-}" == "--install" ]]; then
  apt-get install -y dnstwist publicsuffix     # dnstwist 0~20221213-1 on Debian 12
  mkdir -p "$EVAL_WORK"
  (cd "$EVAL_WORK" && { [[ -f package.json ]] || npm init -y >/dev/null; } \
     && npm install --ignore-scripts --no-audit --no-fund "${NPM_PACKAGES[@]}")
fi

command -v dnstwist >/dev/null || { echo "dnstwist missing: run with --install (or apt-get install dnstwist)" >&2; exit 1; }
[[ -f /usr/share/publicsuffix/public_suffix_list.dat ]] || { echo "publicsuffix missing: apt-get install publicsuffix" >&2; exit 1; }
for p in "${NPM_PACKAGES[@]}"; do
  name="${p%@*}"; want="${p##*@}"
  have="$(node -p "require('$EVAL_WORK/node_modules/$name/package.json').version" 2>/dev/null || true)"
  [[ "$have" == "$want" ]] || { echo "$name: need $want in $EVAL_WORK/node_modules, have '${have:-none}' (run with --install)" >&2; exit 1; }
done

# Debian's python3: the dnstwist module is installed there. Standard library only otherwise.
exec /usr/bin/python3 "$HERE/build_eval_data.py"
