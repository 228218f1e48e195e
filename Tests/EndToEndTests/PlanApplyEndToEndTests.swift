import AccessPolicy
import Foundation
import ISCClient
import Sandbox
import Testing
import YAMLTree

@Suite("Plan and apply against the sandbox over loopback HTTP")
struct PlanApplyEndToEndTests {
    @Test("plan, apply, plan again: the second plan is empty and nothing is written twice")
    func converges() async throws {
        let set = try policy(demoPolicy)
        try await withSandboxClient { client, _, metrics in
            let first = try await Planner(tenant: client).plan(set, options: planOptions).plan
            #expect(first.summary.create == 5)  // GitHub Engineering, Okta Admin and the three names with + " #
            #expect(first.summary.update == 2)  // VPN Access → DENIED, Finance Approver → CONFIRMED
            #expect(first.summary.unchanged == 2)

            let report = await Applier(tenant: client).apply(first)
            #expect(report.succeeded)
            #expect(report.writeRequests == 5 + 1)

            let second = try await Planner(tenant: client).plan(set, options: planOptions).plan
            #expect(second.isEmpty)
            let counts = await metrics.snapshot().requestsByRoute
            #expect(counts["POST /v2025/common-access"] == 5)
            #expect(counts["POST /v2025/common-access/update-status"] == 1)
        }
    }

    @Test("plan never calls a write endpoint", arguments: [APIVersion.v2025, .v2024, .beta, .v1])
    func planIsReadOnly(version: APIVersion) async throws {
        let set = try policy(demoPolicy)
        try await withSandboxClient(apiVersion: version) { client, _, metrics in
            let options = Planner.Options(tenant: "sandbox", apiVersion: version, unmanaged: .deny)
            let plan = try await Planner(tenant: client).plan(set, options: options).plan
            #expect(!plan.isEmpty)
            let requests = await metrics.snapshot().requestsByRoute
            #expect(requests.keys.filter { $0.hasPrefix("POST") && !$0.contains("/oauth/token") }.isEmpty)
            #expect(requests.keys.contains { $0.hasPrefix("GET") && $0.contains("common-access") })
        }
    }

    @Test("unmanaged: deny denies every live item no policy mentions, once")
    func unmanagedDeny() async throws {
        let set = try policy([
            "one.yaml": "commonAccess:\n  - {type: ROLE, id: 2c91806f2eabc9d960416a6d56612ef3, status: CONFIRMED}\n"
        ])
        try await withSandboxClient { client, _, _ in
            let options = Planner.Options(tenant: "sandbox", apiVersion: .v2025, unmanaged: .deny)
            let plan = try await Planner(tenant: client).plan(set, options: options).plan
            #expect(plan.changes.allSatisfy { $0.isUnmanaged && $0.to == .denied })
            #expect(await Applier(tenant: client).apply(plan).succeeded)
            let live = try await client.listCommonAccess()
            #expect(live.filter { $0.status == .confirmed }.map(\.access.id) == ["2c91806f2eabc9d960416a6d56612ef3"])
            #expect(try await Planner(tenant: client).plan(set, options: options).plan.isEmpty)
        }
    }

    @Test("names resolve through the catalog; ambiguous and unknown names are located errors")
    func nameResolution() async throws {
        let yaml = """
            commonAccess:
              - {type: ACCESS_PROFILE, name: Finance Shared Drive, status: DENIED}
              - {type: ROLE, name: No Such Role, status: DENIED}
            """
        let set = try policy(["names.yaml": yaml])
        // Two access profiles share the name "Finance Shared Drive"; take the live one off the list so the
        // name must be resolved through the catalog.
        var snapshot = TenantSnapshot.seeded()
        snapshot.commonAccess.removeAll { $0.name == "Finance Shared Drive" }
        try await withSandboxClient(store: TenantStore(snapshot: snapshot)) { client, _, _ in
            let errors = try await #require(throws: PolicyErrors.self) {
                try await Planner(tenant: client).plan(set, options: planOptions)
            }
            try #require(errors.diagnostics.count == 2)
            #expect(
                errors.diagnostics.map { $0.location?.description } == [
                    "policies/names.yaml:2:5", "policies/names.yaml:3:5",
                ])
            #expect(errors.diagnostics[0].message.hasPrefix("2 access profiles are named \"Finance Shared Drive\""))
            #expect(errors.diagnostics[1].message == "no role named \"No Such Role\" in the tenant")
        }
    }

    @Test("a name on the live list resolves to that item even when the catalog has two of that name")
    func liveListFirst() async throws {
        let set = try policy([
            "names.yaml": "commonAccess:\n  - {type: ACCESS_PROFILE, name: Finance Shared Drive, status: DENIED}\n"
        ])
        try await withSandboxClient { client, _, metrics in
            let plan = try await Planner(tenant: client).plan(set, options: planOptions).plan
            #expect(plan.changes.map(\.key.id) == ["2c91804aa0e134ba30de7666dadb988a"])
            #expect(await metrics.snapshot().requestsByRoute["GET /v2025/access-profiles"] == nil)
        }
    }

    @Test("export writes files whose plan is empty")
    func exportRoundTrip() async throws {
        try await withSandboxClient { client, _, _ in
            let live = try await client.listCommonAccess()
            let files = PolicyExporter(header: "test export").render(live)
            #expect(files.map(\.name) == ["roles.yaml", "access-profiles.yaml"])
            let set = try PolicyLoader().load(files.map { ("exported/\($0.name)", Array($0.contents.utf8)) })
            #expect(set.entries.count == live.count)
            let options = Planner.Options(tenant: "sandbox", apiVersion: .v2025, unmanaged: .deny)
            let plan = try await Planner(tenant: client).plan(set, options: options).plan
            #expect(plan.isEmpty)
            #expect(plan.summary.unchanged == live.count)
            #expect(plan.summary.unmanaged == 0)
        }
    }
}
