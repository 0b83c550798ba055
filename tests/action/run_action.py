#!/usr/bin/env python3
"""Runs action.yml's shell steps as the runner would, outside GitHub.

Reads the composite action with a YAML parser, checks its shape (every
`run` step names its shell, every `uses` step is pinned to a major
version), then runs each `run` step in order with bash: `${{ … }}`
expressions of the `inputs`, `steps.<id>.outputs`, `runner` and `github`
contexts are replaced as the runner replaces them, and what a step
appends to $GITHUB_OUTPUT becomes its outputs. `actions/cache` is taken
as a miss (`cache-hit` is empty), so the download step runs.

    run_action.py ACTION_YML KEY=VALUE... (inputs), with RUNNER_OS_NAME,
    RUNNER_ARCH_NAME, RUNNER_TOOL_CACHE and BYLINE_RELEASES in the environment.
Prints the PATH entries the action added, one a line.
"""
import os
import re
import subprocess
import sys
import tempfile

import yaml


def main():
    action = yaml.safe_load(open(sys.argv[1]))
    inputs = {k: str(v.get("default", "")) for k, v in action["inputs"].items()}
    for pair in sys.argv[2:]:
        key, value = pair.split("=", 1)
        assert key in inputs, f"unknown input {key}"
        inputs[key] = value
    for key, spec in action["inputs"].items():
        assert not spec.get("required") or inputs[key], f"input {key} is required"
    assert action["runs"]["using"] == "composite"
    context = {
        "inputs": inputs,
        "steps": {},
        "runner": {"os": os.environ["RUNNER_OS_NAME"], "arch": os.environ["RUNNER_ARCH_NAME"]},
        "github": {"token": "", "action_repository": "example/byline"},
    }
    here = os.path.dirname(os.path.abspath(sys.argv[1]))
    work = tempfile.mkdtemp()
    path_file = os.path.join(work, "path")
    open(path_file, "w").close()
    for step in action["runs"]["steps"]:
        if "uses" in step:
            assert re.fullmatch(r"[\w-]+/[\w-]+@v\d+", step["uses"]), step["uses"]
            if step["uses"].startswith("actions/cache@"):
                context["steps"][step["id"]] = {"outputs": {"cache-hit": ""}}
            continue
        assert step.get("shell") == "bash", f"step {step.get('name')} names no shell"
        if "if" in step and evaluate(step["if"], context) in ("", "false"):
            continue
        output = os.path.join(work, "output")
        open(output, "w").close()
        env = dict(os.environ)
        env.update({k: substitute(str(v), context) for k, v in step.get("env", {}).items()})
        env.update({"GITHUB_ACTION_PATH": here, "GITHUB_OUTPUT": output, "GITHUB_PATH": path_file})
        result = subprocess.run(
            ["bash", "-e", "-c", substitute(step["run"], context)], env=env, stdout=sys.stderr
        )
        if result.returncode != 0:
            sys.exit(f"step `{step.get('name')}` failed with exit code {result.returncode}")
        outputs = dict(line.split("=", 1) for line in open(output).read().splitlines() if "=" in line)
        if "id" in step:
            context["steps"][step["id"]] = {"outputs": outputs}
    print(open(path_file).read(), end="")


def lookup(expression, context):
    value = context
    for part in expression.strip().split("."):
        value = value.get(part, "") if isinstance(value, dict) else ""
    return value


def evaluate(expression, context):
    """The few expression forms action.yml uses: a context path, `a || b`,
    and `a != 'x'`."""
    expression = expression.strip()
    if expression.startswith("${{"):
        expression = expression[3:-2].strip()
    if "!=" in expression:
        left, right = (part.strip() for part in expression.split("!=", 1))
        return "true" if str(lookup(left, context)) != right.strip("'") else "false"
    for option in expression.split("||"):
        value = lookup(option, context)
        if value:
            return str(value)
    return ""


def substitute(text, context):
    return re.sub(r"\$\{\{(.*?)\}\}", lambda m: evaluate(m.group(1), context), text)


if __name__ == "__main__":
    main()
