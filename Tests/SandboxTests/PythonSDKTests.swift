import AccessPolicyTestSupport
import Foundation
import Sandbox
import Testing

/// Runs SailPoint's own Python SDK (PyPI `sailpoint==1.4.2`) against the sandbox: the proof that a client
/// nobody here wrote works against it unchanged (DESIGN.md §5).
///
/// Opt-in, because importing the SDK's thousands of models takes 10-40 s: set `SANDBOX_SDK_PYTHON` to a
/// Python that has `sailpoint==1.4.2` (e.g. `SANDBOX_SDK_PYTHON=python3 swift test --filter SandboxTests`).
/// EndToEndTests run the SDK in CI; this one pins the sandbox's own behaviour while working on it.
@Suite("SailPoint's Python SDK against the sandbox")
struct PythonSDKTests {
    static let python: String? = {
        guard let python = ProcessInfo.processInfo.environment["SANDBOX_SDK_PYTHON"] else { return nil }
        return PythonProcess.hasSailPointSDK(python) ? python : nil
    }()

    @Test(
        "sailpoint.v2025 lists with paging, filters and count, resolves names, creates and updates",
        .enabled(if: python != nil, "set SANDBOX_SDK_PYTHON to a Python with sailpoint==1.4.2"), .timeLimit(.minutes(5))
    )
    func sdkSmoke() async throws {
        let python = try #require(Self.python)
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("sandbox-sdk-\(UUID()).py")
        try Data(Self.script.utf8).write(to: script)
        defer { try? FileManager.default.removeItem(at: script) }

        let result = try await Sandbox.withRunningServer(store: TenantStore()) { port in
            try await PythonProcess.run(python, [script.path, "http://127.0.0.1:\(port)"])
        }
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("SDK OK"))
    }

    /// The SDK session: everything it checks is an `assert`, so any mismatch exits non-zero with a trace.
    static let script = #"""
        import sys, warnings
        warnings.filterwarnings("ignore")
        from sailpoint.configuration import Configuration, ConfigurationParams
        import sailpoint.v2025, sailpoint.beta
        from sailpoint.v2025.models.common_access_id_status import CommonAccessIDStatus
        from sailpoint.v2025.models.common_access_item_request import CommonAccessItemRequest
        from sailpoint.v2025.models.common_access_item_access import CommonAccessItemAccess
        from sailpoint.paginator import Paginator

        base = sys.argv[1]
        p = ConfigurationParams()
        p.base_url = base
        p.client_id = "sandbox-client"
        p.client_secret = "sandbox-secret"
        cfg = Configuration(p)
        assert cfg.access_token, "no token"
        cfg.experimental = True
        cfg.suppress_experimental_warnings = True

        with sailpoint.v2025.ApiClient(cfg) as c:
            api = sailpoint.v2025.IAICommonAccessApi(c)
            r = api.get_common_access_with_http_info(limit=250, offset=0, count=True, filters='access.type eq "ROLE"', sorters='access.name')
            assert r.status_code == 200, r.status_code
            total = int(r.headers["X-Total-Count"])
            assert total == len(r.data) and total > 0, (total, len(r.data))
            everything = Paginator.paginate(api.get_common_access, 1000, limit=4)
            print("paginated", len(everything))
            assert len(everything) == 15, len(everything)
            names = [i.access.name for i in everything]
            assert names == sorted(names), names

            roles = sailpoint.v2025.RolesApi(c).list_roles(limit=50, filters='name eq "C++ Developers"')
            assert [r.name for r in roles] == ["C++ Developers"], roles
            role = sailpoint.v2025.RolesApi(c).list_roles(filters='name eq "Legal Counsel"')[0]
            aps = sailpoint.v2025.AccessProfilesApi(c).list_access_profiles(filters='name eq "Finance Shared Drive"')
            assert len(aps) == 2 and aps[0].source.name != aps[1].source.name

            created = api.create_common_access(CommonAccessItemRequest(
                access=CommonAccessItemAccess(id=role.id, type="ROLE", name=role.name), status="CONFIRMED"))
            assert created.created_by_user == "true" and created.access.name == "Legal Counsel", created
            print("created", created.id)

            denied = [i for i in everything if i.status == "DENIED"][0]
            out = api.update_common_access_status_in_bulk([CommonAccessIDStatus(confirmed_ids=[denied.id, created.id], denied_ids=[])])
            print("update-status ->", out)
            after = {i.id: i for i in Paginator.paginate(api.get_common_access, 1000, limit=250)}
            assert after[denied.id].status == "CONFIRMED" and after[denied.id].reviewed_by_user
            assert after[created.id].created_by_user is True

            try:
                api.create_common_access(CommonAccessItemRequest(
                    access=CommonAccessItemAccess(id=role.id, type="ROLE"), status="DENIED"))
                raise SystemExit("duplicate create was accepted")
            except sailpoint.v2025.exceptions.BadRequestException as e:
                print("duplicate refused:", e.status)

        with sailpoint.beta.ApiClient(cfg) as c:
            items = sailpoint.beta.IAICommonAccessApi(c).get_common_access(limit=10, filters='status eq "DENIED"')
            print("beta denied", len(items))

        print("SDK OK")
        """#
}
