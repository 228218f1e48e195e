"""SailPoint's own Python SDK (PyPI sailpoint==1.4.2) against the accesspolicy sandbox.

Usage: python3 sdk_roundtrip.py BASE_URL CLIENT_ID CLIENT_SECRET
Lists with paging, filters and sorters, creates an item, denies it in bulk, and checks each answer.
Prints one line per step; exits non-zero on the first surprise.
"""
import sys

from sailpoint.configuration import Configuration, ConfigurationParams
import sailpoint.v2025
from sailpoint.v2025.models.common_access_id_status import CommonAccessIDStatus
from sailpoint.v2025.models.common_access_item_access import CommonAccessItemAccess
from sailpoint.v2025.models.common_access_item_request import CommonAccessItemRequest

base_url, client_id, client_secret = sys.argv[1:4]
params = ConfigurationParams()
params.base_url = base_url
params.client_id = client_id
params.client_secret = client_secret
configuration = Configuration(params)  # fetches a token from BASE_URL/oauth/token
assert configuration.access_token, "no token from /oauth/token"
configuration.experimental = True
configuration.suppress_experimental_warnings = True

GITHUB_ENGINEERING = "2c918004af0d75019e3d9b10f16ed644"

with sailpoint.v2025.ApiClient(configuration) as client:
    api = sailpoint.v2025.IAICommonAccessApi(client)

    first = api.get_common_access_with_http_info(limit=5, offset=0, count=True, sorters="access.name")
    total = int(first.headers["X-Total-Count"])
    assert first.status_code == 200 and len(first.data) == 5, (first.status_code, len(first.data))
    rest = api.get_common_access(limit=250, offset=5, sorters="access.name")
    names = [item.access.name for item in first.data + rest]
    assert len(names) == total and names == sorted(names), names
    print(f"listed {total} items in two pages")

    roles = api.get_common_access(filters='access.type eq "ROLE" and status eq "CONFIRMED"')
    assert roles and all(item.access.type == "ROLE" and item.status == "CONFIRMED" for item in roles)
    print(f"filtered {len(roles)} confirmed roles")

    request = CommonAccessItemRequest(
        access=CommonAccessItemAccess(id=GITHUB_ENGINEERING, type="ACCESS_PROFILE", name="GitHub Engineering"),
        status="CONFIRMED",
    )
    created = api.create_common_access(request)
    assert created.id and created.access.id == GITHUB_ENGINEERING and created.status == "CONFIRMED", created
    print(f"created item {created.id}")

    api.update_common_access_status_in_bulk([CommonAccessIDStatus(confirmed_ids=[], denied_ids=[created.id])])
    after = api.get_common_access(filters=f'access.id eq "{GITHUB_ENGINEERING}"')
    assert [(item.id, item.status) for item in after] == [(created.id, "DENIED")], after
    print("denied it in bulk")

print("ok")
