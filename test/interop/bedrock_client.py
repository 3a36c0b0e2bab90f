"""A plain-HTTP client of latchkey's Bedrock-compatible scope API, standard library only.

Run by test/rest-scopes.test.ts against a real server: LATCHKEY_URL (the base
URL, such as http://127.0.0.1:8080), LATCHKEY_KEY (an instance key). It builds
the reference's user-governance tree (type_org with permissionMode define,
type_dept and type_team inheriting), evaluates in it, provokes two errors, and
prints one JSON object with what it saw.
"""
import json
import os
import urllib.error
import urllib.request

BASE = os.environ["LATCHKEY_URL"]
KEY = os.environ["LATCHKEY_KEY"]


def call(method, path, body=None):
    """Sends one request; returns (status, parsed JSON body)."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(BASE + path, data=data, method=method)
    request.add_header("Authorization", f"Bearer {KEY}")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def must(method, path, body=None):
    status, answer = call(method, path, body)
    if status >= 300:
        raise SystemExit(f"{method} {path}: {status} {answer}")
    return answer


must("POST", "/scope-types", {"id": "type_org", "name": "Organization", "config": {"permissionMode": "define"}})
must("POST", "/scope-types", {"id": "type_dept", "name": "Department", "config": {"permissionMode": "inherit"},
                              "allowedParentTypeIds": ["type_org"]})
must("POST", "/scope-types", {"id": "type_team", "name": "Team", "config": {"permissionMode": "inherit"},
                              "allowedParentTypeIds": ["type_dept"]})
must("POST", "/roles", {"id": "role_admin", "name": "Admin", "permissions": ["docs:*"]})
must("POST", "/subjects", {"id": "subject_jane", "subjectType": "user", "displayName": "Jane"})
created = must("POST", "/scopes/batch", [
    {"id": "scope_acme", "name": "Acme", "typeId": "type_org",
     "memberships": [{"subjectId": "subject_jane", "roleIds": ["role_admin"]}]},
    {"id": "scope_engineering", "name": "Engineering", "typeId": "type_dept", "parentScopeId": "scope_acme"},
    {"id": "scope_marketing", "name": "Marketing", "typeId": "type_dept", "parentScopeId": "scope_acme"},
    {"id": "scope_platform", "name": "Platform", "typeId": "type_team", "parentScopeId": "scope_engineering"},
    {"id": "scope_frontend", "name": "Frontend", "typeId": "type_team", "parentScopeId": "scope_engineering"},
])
decision = must("POST", "/evaluate", {"actor": {"subjectId": "subject_jane", "subjectType": "user"},
                                      "scopeId": "scope_platform", "action": "docs:write"})
unknown_status, unknown = call("POST", "/scopes", {"name": "x", "typeId": "type_team", "parent_scope_id": "scope_acme"})
missing_status, missing = call("GET", "/scopes/scope_nowhere")

print(json.dumps({
    "created": [scope["id"] for scope in created],
    "children": [scope["id"] for scope in must("GET", "/scopes/scope_engineering/children")],
    "parents": [scope["id"] for scope in must("GET", "/scopes/scope_platform/parents")],
    "allowed": decision["allowed"],
    "matches": decision["matches"],
    "unknownParameter": [unknown_status, unknown["error"]["param"]],
    "missingScope": [missing_status, missing["error"]["reason"]],
    "deleted": must("DELETE", "/scopes/scope_frontend"),
}))
