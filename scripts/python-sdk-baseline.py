"""The baseline issue 4 compares accesspolicy with: a plain sequential script on SailPoint's own Python SDK.

Usage: python3 scripts/python-sdk-baseline.py BASE_URL CLIENT_ID CLIENT_SECRET POLICY_DIR

It does what a careful hand-written script would, one request at a time: list every common-access item
(limit 250, offset paging), load the policy YAML with PyYAML (its libyaml-backed CSafeLoader when present,
the faster of its safe loaders, so the baseline is not slow on purpose), diff by (type, access id), create
the missing items one POST each, change statuses with update-status in batches of 250, and list once more to
check the tenant now matches. A 429 sleeps for its Retry-After and tries again. Prints one JSON object with the
seconds each phase took and the requests it sent; exits non-zero if the tenant does not match at the end.

Needs `pip install sailpoint==1.4.2 pyyaml`. accesspolicy-bench runs it with
`--python-baseline` against the same generated tenant, latency and rate limit as accesspolicy itself.
"""
import json
import pathlib
import sys
import time

import yaml
from sailpoint.configuration import Configuration, ConfigurationParams
import sailpoint.v2025
from sailpoint.v2025.exceptions import ApiException
from sailpoint.v2025.models.common_access_id_status import CommonAccessIDStatus
from sailpoint.v2025.models.common_access_item_access import CommonAccessItemAccess
from sailpoint.v2025.models.common_access_item_request import CommonAccessItemRequest

PAGE = 250
BATCH = 250
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

base_url, client_id, client_secret, policy_dir = sys.argv[1:5]
requests = {"token": 0, "list": 0, "create": 0, "update-status": 0, "429": 0}


def call(function, *args, **kwargs):
    """Sends one request; on 429 waits for Retry-After and sends it again."""
    while True:
        try:
            return function(*args, **kwargs)
        except ApiException as error:
            if error.status != 429:
                raise
            requests["429"] += 1
            time.sleep(float((error.headers or {}).get("Retry-After", "1")))


def list_all(api):
    first = call(api.get_common_access_with_http_info, limit=PAGE, offset=0, count=True)
    requests["list"] += 1
    total = int(first.headers["X-Total-Count"])
    items = list(first.data)
    while len(items) < total:
        page = call(api.get_common_access, limit=PAGE, offset=len(items))
        requests["list"] += 1
        if not page:
            break
        items.extend(page)
    return items


def load_policy(folder):
    wanted = {}
    for path in sorted(pathlib.Path(folder).rglob("*")):
        if path.suffix in (".yaml", ".yml") and path.is_file():
            for entry in (yaml.load(path.read_text(), Loader=LOADER) or {}).get("commonAccess") or []:
                wanted[(entry["type"], entry["id"])] = entry
    return wanted


timings = {}
started = time.monotonic()
params = ConfigurationParams()
params.base_url = base_url
params.client_id = client_id
params.client_secret = client_secret
configuration = Configuration(params)  # fetches the token from BASE_URL/oauth/token
requests["token"] += 1
configuration.experimental = True
configuration.suppress_experimental_warnings = True

with sailpoint.v2025.ApiClient(configuration) as client:
    api = sailpoint.v2025.IAICommonAccessApi(client)

    mark = time.monotonic()
    live = list_all(api)
    timings["list"] = time.monotonic() - mark

    mark = time.monotonic()
    wanted = load_policy(policy_dir)
    timings["yamlLoad"] = time.monotonic() - mark

    mark = time.monotonic()
    by_key = {(item.access.type, item.access.id): item for item in live}
    creates, confirm, deny = [], [], []
    for key, entry in wanted.items():
        item = by_key.get(key)
        if item is None:
            creates.append(entry)
        elif item.status != entry["status"]:
            (confirm if entry["status"] == "CONFIRMED" else deny).append(item.id)
    timings["diff"] = time.monotonic() - mark
    timings["plan"] = time.monotonic() - started

    mark = time.monotonic()
    for entry in creates:
        access = CommonAccessItemAccess(id=entry["id"], type=entry["type"], name=entry.get("name"))
        call(api.create_common_access, CommonAccessItemRequest(access=access, status=entry["status"]))
        requests["create"] += 1
    changes = [(item_id, "CONFIRMED") for item_id in confirm] + [(item_id, "DENIED") for item_id in deny]
    for start in range(0, len(changes), BATCH):
        batch = changes[start : start + BATCH]
        body = CommonAccessIDStatus(
            confirmed_ids=[i for i, s in batch if s == "CONFIRMED"], denied_ids=[i for i, s in batch if s == "DENIED"]
        )
        call(api.update_common_access_status_in_bulk, [body])
        requests["update-status"] += 1
    timings["writes"] = time.monotonic() - mark

    mark = time.monotonic()
    after = {(item.access.type, item.access.id): item.status for item in list_all(api)}
    timings["verify"] = time.monotonic() - mark
    timings["total"] = time.monotonic() - started

mismatched = sum(1 for key, entry in wanted.items() if after.get(key) != entry["status"])
print(
    json.dumps(
        {
            "seconds": timings,
            "requests": requests,
            "live": len(live),
            "creates": len(creates),
            "flips": len(confirm) + len(deny),
            "mismatched": mismatched,
        }
    )
)
sys.exit(1 if mismatched else 0)
