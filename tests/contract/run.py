"""Contract test of platform-sandbox against its OpenAPI document.

Starts the sandbox on a fresh database, creates an owner key and seeds a few
services and integrations. Then it checks that the served document describes
the nine External Integrations operations exactly as the published document
in spec/ does, and runs schemathesis against the server.

Run by `cargo xtask test contract` with the venv's Python. Environment:
SANDBOX_BIN (default target/release/platform-sandbox), SCHEMATHESIS (default
.tools/venv/bin/schemathesis), TMPDIR for the database and logs.
"""

from __future__ import annotations

import json
import os
import queue
import re
import subprocess
import sys
import tempfile
import threading
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SANDBOX_BIN = Path(os.environ.get("SANDBOX_BIN", REPO / "target/release/platform-sandbox"))
SCHEMATHESIS = Path(os.environ.get("SCHEMATHESIS", REPO / ".tools/venv/bin/schemathesis"))
PUBLISHED = REPO / "spec/external-integrations.openapi.json"
CONFIG = REPO / "tests/contract/schemathesis.toml"

READY_TIMEOUT_S = 30
CLI_TIMEOUT_S = 30
# Upper bound for the schemathesis run, well above the few minutes it takes.
SCHEMATHESIS_TIMEOUT_S = 15 * 60
LISTENING = re.compile(r"^platform-sandbox listening on (http://\S+)$")
# The sandbox logs one line per request with `status=NNN`.
STATUS_IN_LOG = re.compile(r"\bstatus=(\d{3})\b")
HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}

CHECKS = [
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
]
PHASES = ["examples", "coverage", "fuzzing", "stateful"]
MAX_EXAMPLES = 30
WORKERS = 2


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="contract-"))
    database = workdir / "sandbox.db"
    log_path = workdir / "sandbox.log"
    print(f"contract: working in {workdir}", flush=True)

    with open(log_path, "w", encoding="utf-8") as log:
        server, base_url = start_sandbox(database, log)
        try:
            status = run_checks(base_url, database, workdir)
        finally:
            stop_sandbox(server)
            print(f"contract: sandbox log: {log_path}", flush=True)

    if count_server_errors(log_path) > 0:
        status = 1
    print("contract: passed" if status == 0 else "contract: FAILED", flush=True)
    return status


def count_server_errors(log_path: Path) -> int:
    """Print how many requests the sandbox logged per status code, and return
    the number of 5xx responses among them.

    This repeats `not_a_server_error` from the server's side, so a 5xx that
    schemathesis did not attribute to a check still fails the run.
    """
    counts: dict[str, int] = {}
    for line in log_path.read_text(encoding="utf-8").splitlines():
        match = STATUS_IN_LOG.search(line)
        if match:
            counts[match.group(1)] = counts.get(match.group(1), 0) + 1
    summary = ", ".join(f"{code}: {counts[code]}" for code in sorted(counts))
    print(f"contract: responses logged by the sandbox by status: {summary}", flush=True)

    server_errors = sum(count for code, count in counts.items() if code.startswith("5"))
    if server_errors:
        print(f"contract: FAILED: the sandbox logged {server_errors} responses with status 5xx",
              flush=True)
    return server_errors


def run_checks(base_url: str, database: Path, workdir: Path) -> int:
    key = json.loads(sandbox_cli("api-key", "create", "--database", str(database),
                                 "--role", "owner", "--name", "contract test"))
    workspace = key["workspace_id"]
    print(f"contract: created an owner key in workspace {workspace}", flush=True)
    sandbox_cli("seed", "--database", str(database), "--workspace", workspace,
                "--integrations", "5", "--services", "3")
    print("contract: seeded 5 integrations and 3 services", flush=True)

    served = fetch_json(f"{base_url}/openapi.json")
    published = json.loads(PUBLISHED.read_text(encoding="utf-8"))
    differences = compare_operations(published, served)
    if differences:
        print("contract: FAILED: the served document differs from "
              f"{PUBLISHED.relative_to(REPO)}:", flush=True)
        for difference in differences:
            print(f"  - {difference}", flush=True)
        return 1
    print(f"contract: the served document matches the {count_operations(published)} "
          "published External Integrations operations", flush=True)

    records = create_records(base_url, key)
    return run_schemathesis(base_url, key, records, workdir)


def api_request(base_url: str, key: dict, method: str, path: str, body=None):
    """Call `/v1/{workspace_id}{path}` with the owner key and return the JSON body."""
    url = f"{base_url}/v1/{key['workspace_id']}{path}"
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Authorization", f"Bearer {key['api_key']}")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=CLI_TIMEOUT_S) as response:
        return json.load(response)


def create_records(base_url: str, key: dict) -> dict[str, str]:
    """Pick seeded integrations and create two credentials for the operations
    that need existing ids. Return them as the environment variables that
    schemathesis.toml reads."""
    integrations = api_request(base_url, key, "GET", "/external-integrations")["items"]
    services = api_request(base_url, key, "GET", "/services")["items"]
    if len(integrations) < 3 or not services:
        raise SystemExit("contract: seeding produced fewer than 3 integrations or no service")

    credentials_path = f"/external-integrations/{integrations[2]['id']}/credentials"
    body = {"service_ids": [services[0]["id"]], "name": "contract test"}
    credential = api_request(base_url, key, "POST", credentials_path, body)["credential"]
    revoked = api_request(base_url, key, "POST", credentials_path, body)["credential"]
    print("contract: created 2 credentials for the credential operations", flush=True)

    return {
        "SANDBOX_INTEGRATION_ID": integrations[0]["id"],
        "SANDBOX_DELETED_INTEGRATION_ID": integrations[1]["id"],
        "SANDBOX_CREDENTIALS_INTEGRATION_ID": integrations[2]["id"],
        "SANDBOX_CREDENTIAL_ID": credential["id"],
        "SANDBOX_REVOKED_CREDENTIAL_ID": revoked["id"],
    }


def start_sandbox(database: Path, log) -> tuple[subprocess.Popen, str]:
    """Start `platform-sandbox serve` on a free port and return its base URL."""
    command = [str(SANDBOX_BIN), "serve", "--listen", "127.0.0.1:0", "--database", str(database)]
    print(f"$ {' '.join(command)}", flush=True)
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log, text=True)

    lines: queue.Queue[str | None] = queue.Queue()

    def pump_stdout() -> None:
        assert server.stdout is not None
        for line in server.stdout:
            log.write(line)
            log.flush()
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump_stdout, daemon=True).start()
    while True:
        try:
            line = lines.get(timeout=READY_TIMEOUT_S)
        except queue.Empty:
            stop_sandbox(server)
            raise SystemExit(f"contract: the sandbox printed no listening line in {READY_TIMEOUT_S} s")
        if line is None:
            raise SystemExit(f"contract: the sandbox exited with {server.wait()} before listening")
        match = LISTENING.match(line.strip())
        if match:
            print(f"contract: sandbox listening on {match.group(1)}", flush=True)
            return server, match.group(1)


def stop_sandbox(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    server.terminate()
    try:
        server.wait(timeout=5)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def sandbox_cli(*args: str) -> str:
    """Run a sandbox CLI command and return its stdout, which may contain a key."""
    result = subprocess.run([str(SANDBOX_BIN), *args], capture_output=True, text=True,
                            timeout=CLI_TIMEOUT_S)
    if result.returncode != 0:
        raise SystemExit(f"contract: platform-sandbox {' '.join(args[:2])} failed "
                         f"({result.returncode}):\n{result.stderr}")
    return result.stdout


def fetch_json(url: str):
    with urllib.request.urlopen(url, timeout=CLI_TIMEOUT_S) as response:
        return json.load(response)


def count_operations(document: dict) -> int:
    return sum(1 for _path, _method, _operation in operations(document))


def operations(document: dict):
    for path, item in document.get("paths", {}).items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                yield path, method, operation


def resolve_refs(value, document: dict, seen: tuple[str, ...] = ()):
    """Return `value` with every local `$ref` replaced by what it points to.

    A reference back into one already being resolved stays as `{"$ref": ...}`,
    so recursive schemas terminate. Both documents are resolved the same way,
    so such references still compare equal.
    """
    if isinstance(value, list):
        return [resolve_refs(item, document, seen) for item in value]
    if not isinstance(value, dict):
        return value
    ref = value.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/"):
        if ref in seen:
            return {"$ref": ref}
        target = document
        for part in ref[2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        siblings = {key: item for key, item in value.items() if key != "$ref"}
        resolved = resolve_refs(target, document, seen + (ref,))
        return {**resolved, **resolve_refs(siblings, document, seen)} if siblings else resolved
    return {key: resolve_refs(item, document, seen) for key, item in value.items()}


def compare_operations(published: dict, served: dict) -> list[str]:
    """List how the served operations differ from the published ones.

    Parameters, request body and every published response must be equal
    after resolving references. The served document may add responses, such
    as the sandbox's 401, 403, 404 and 409, but not change published ones.
    """
    differences = []
    served_paths = served.get("paths", {})
    for path, method, operation in operations(published):
        name = f"{method.upper()} {path}"
        served_operation = served_paths.get(path, {}).get(method)
        if served_operation is None:
            differences.append(f"{name} is missing")
            continue
        expected = resolve_refs(operation, published)
        actual = resolve_refs(served_operation, served)
        for field in ("operationId", "parameters", "requestBody", "security"):
            if expected.get(field) != actual.get(field):
                differences.append(f"{name}: `{field}` differs")
        for status, response in expected.get("responses", {}).items():
            if actual.get("responses", {}).get(status) != response:
                differences.append(f"{name}: response {status} differs")
    return differences


def run_schemathesis(base_url: str, key: dict, records: dict[str, str], workdir: Path) -> int:
    # `--url` pins every request to the local sandbox, whatever `servers`
    # the document lists.
    command = [
        str(SCHEMATHESIS), "--config-file", str(CONFIG), "run", f"{base_url}/openapi.json",
        "--url", base_url,
        "--checks", ",".join(CHECKS),
        "--phases", ",".join(PHASES),
        "--max-examples", str(MAX_EXAMPLES),
        "--workers", str(WORKERS),
        "--seed", "1",
        "--report", "junit", "--report-dir", str(workdir / "report"),
        "--no-color",
    ]
    env = {
        **os.environ,
        "SANDBOX_API_KEY": key["api_key"],
        "SANDBOX_WORKSPACE_ID": key["workspace_id"],
        **records,
    }
    print(f"$ {' '.join(command)}", flush=True)
    try:
        result = subprocess.run(command, env=env, timeout=SCHEMATHESIS_TIMEOUT_S, cwd=workdir)
    except subprocess.TimeoutExpired:
        print(f"contract: FAILED: schemathesis ran longer than {SCHEMATHESIS_TIMEOUT_S} s",
              flush=True)
        return 1
    if result.returncode != 0:
        print(f"contract: FAILED: schemathesis exited with {result.returncode}", flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
