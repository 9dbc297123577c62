"""Schemathesis hooks for `npm run fuzz`.

Each operation is called with a token of a role it allows: the roles come from the operation's `x-roles` in the OpenAPI
document, the tokens from the FUZZ_TOKEN_<ROLE> variables that scripts/fuzz.sh mints (the agent's subject is A-1001).
Refusals of other roles are the role test's business (test/integration/roles.test.ts).

Half of the generated path parameters are replaced by the ids of the records the seed made (FUZZ_IDS, a JSON file), so
that updates and queries reach live workflows and stored rows instead of answering 404.
"""
import json
import os
import zlib

import schemathesis

AGENT_ID = "A-1001"
TOKENS = {key[len("FUZZ_TOKEN_"):].lower(): value for key, value in os.environ.items() if key.startswith("FUZZ_TOKEN_")}
# Where several roles may call an operation, the one that may do most there: managers assign and verify cases.
PREFERENCE = ["after_sales_manager", "general_manager", "administrator", "sales_system", "agent", "department_owner", "operator"]
SEEDED = json.load(open(os.environ["FUZZ_IDS"])) if os.environ.get("FUZZ_IDS") else {}


@schemathesis.auth(refresh_interval=None)
class RoleToken:
    def get(self, case, context):
        roles = context.operation.definition.raw.get("x-roles") or []
        for role in sorted(roles, key=lambda r: PREFERENCE.index(r) if r in PREFERENCE else len(PREFERENCE)):
            if role in TOKENS:
                return TOKENS[role]
        if roles:
            raise RuntimeError(f"no FUZZ_TOKEN_<ROLE> for any of {roles} ({context.operation.label})")
        return None

    def set(self, case, data, context):
        if data is not None:
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


@schemathesis.hook
def map_body(context, body):
    # An agent acts in their own name only (403 otherwise): a string agentId becomes the caller's own.
    if isinstance(body, dict) and isinstance(body.get("agentId"), str):
        return {**body, "agentId": AGENT_ID}
    return body


@schemathesis.hook
def map_path_parameters(context, path_parameters):
    if not path_parameters or not SEEDED:
        return path_parameters
    # Deterministic for a given draw (no random state of our own), so the fixed seed reproduces the run.
    if zlib.crc32(json.dumps(path_parameters, sort_keys=True, default=str).encode()) % 2:
        return path_parameters
    return {name: SEEDED.get(name, value) for name, value in path_parameters.items()}
