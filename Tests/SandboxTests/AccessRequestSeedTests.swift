import Foundation
import HTTPTypes
import HummingbirdTesting
import Sandbox
import Testing

@Suite("Access requests in the seed, in generated tenants and in old state files")
struct AccessRequestSeedTests {
    let seed = TenantSnapshot.seeded()
    static let day: TimeInterval = 86_400

    private func isHexID(_ id: String) -> Bool {
        id.count == 32 && id.allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }

    private func age(_ item: TenantSnapshot.AccessRequestItem, now: Date = Date()) -> TimeInterval {
        now.timeIntervalSince(item.created) / Self.day
    }

    @Test("every id is 32-hex and unique; items of one identity request share it; the named ones are there")
    func ids() throws {
        let requests = seed.accessRequests
        #expect(requests.count == SeededRequests.totalCount)
        #expect(requests.filter(\.isPending).count == SeededRequests.pendingCount)
        let ids = requests.flatMap { [$0.id, $0.accountActivityItemID] } + requests.flatMap(\.approvals).map(\.id)
        #expect(ids.allSatisfy(isHexID))
        #expect(Set(ids).count == ids.count)
        #expect(Set(ids).isDisjoint(with: requests.map(\.accessRequestID)))
        let byRequest = Dictionary(grouping: requests, by: \.accessRequestID)
        #expect(byRequest.values.contains { $0.count > 1 })
        #expect(
            byRequest.values.allSatisfy { Set($0.map(\.created)).count == 1 && Set($0.map(\.requester)).count == 1 })

        let named = [
            SeededRequests.slack.item, SeededRequests.domainAdmins.item, SeededRequests.oldCancelable.item,
            SeededRequests.oldStuck.item, SeededRequests.revoke.item,
        ]
        for id in named { #expect(requests.contains { $0.id == id }, "\(id)") }
        for id in [SeededRequests.twoItems, SeededRequests.mixed, SeededRequests.completed, SeededRequests.cancelled] {
            #expect(byRequest[id] != nil, "\(id)")
        }
    }

    @Test("roles and access profiles requested are catalog entries of that type and name")
    func catalog() throws {
        for item in seed.accessRequests {
            switch item.itemType {
            case .role:
                #expect(seed.roles.first { $0.id == item.itemID }?.name == item.name)
            case .accessProfile:
                #expect(seed.accessProfiles.first { $0.id == item.itemID }?.name == item.name)
            case .entitlement:
                #expect(item.itemID.map(isHexID) == true)
                #expect(!seed.roles.contains { $0.id == item.itemID })
            }
        }
    }

    @Test("it mixes the cases a policy must tell apart")
    func cases() throws {
        let pending = seed.accessRequests.filter(\.isPending)
        func commonAccess(_ item: TenantSnapshot.AccessRequestItem) -> TenantSnapshot.Status? {
            seed.commonAccess.first { $0.accessID == item.itemID && $0.accessType.rawValue == item.itemType.rawValue }?
                .status
        }
        let hasPendingApproval = { (item: TenantSnapshot.AccessRequestItem) in
            item.approvals.contains { $0.status == .pending }
        }
        // Grants for CONFIRMED common access with approvals to decide, for several catalog names.
        let confirmed = pending.filter {
            $0.requestType == .grantAccess && commonAccess($0) == .confirmed && hasPendingApproval($0)
        }
        #expect(
            Set(confirmed.map(\.name)).isSuperset(of: [
                "Slack Workspace Member", "Office 365 E3", "VPN Access", "Engineering Base",
            ]))
        // Privileged items with approvals to decide.
        let privileged = pending.filter { ["Domain Admins", "AWS Production Admin"].contains($0.name) }
        #expect(privileged.count == 2)
        #expect(privileged.allSatisfy { commonAccess($0) == .denied && hasPendingApproval($0) })
        // Old and recent, cancelable and stuck.
        #expect(pending.contains { (40...120).contains(age($0)) && $0.cancelable })
        #expect(pending.contains { (40...121).contains(age($0)) && !$0.cancelable && !hasPendingApproval($0) })
        #expect(pending.filter { (1...10).contains(age($0)) }.count >= 6)
        // One revoke, for an item that is CONFIRMED common access, and an entitlement named like one.
        #expect(pending.filter { $0.requestType == .revokeAccess }.map(\.id) == [SeededRequests.revoke.item])
        #expect(pending.contains { $0.itemType == .entitlement && $0.name == "Office 365 E3" })
        // Finished requests.
        #expect(
            Set(seed.accessRequests.filter { !$0.isPending }.map(\.state)) == [
                .requestCompleted, .cancelled, .rejected,
            ])
    }

    @Test("dates are relative to now: the same ages on any day, the same value within a process")
    func relativeDates() throws {
        let slack = try #require(seed.accessRequests.first { $0.id == SeededRequests.slack.item })
        #expect((5...5.2).contains(age(slack)))
        let stuck = try #require(seed.accessRequests.first { $0.id == SeededRequests.oldStuck.item })
        #expect((120...120.6).contains(age(stuck)))

        let someDay = Date(timeIntervalSince1970: 1_900_000_000)
        let then = TenantSnapshot.seeded(now: someDay)
        for (now, original) in zip(then.accessRequests, seed.accessRequests) {
            #expect(now.id == original.id)
            #expect(abs(age(now, now: someDay) - age(original)) < 0.01)
            #expect(now.modified >= now.created && now.modified <= someDay)
        }
        #expect(then.roles == seed.roles && then.commonAccess == seed.commonAccess)
        #expect(TenantSnapshot.seeded() == seed)
    }

    @Test("a state file written before access requests existed still loads, with none; reset brings them")
    func oldStateFile() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sandbox-old-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent(".accesspolicy/sandbox-tenant.json")
        // Write a file with the current store, with a pending create, then drop the key older versions lacked.
        let denied = try #require(seed.commonAccess.first { $0.status == .denied })
        let writer = try TenantStore.open(at: file)
        try await withSandbox(store: writer, configuration: .init(writeDelay: .seconds(3600))) { client in
            let response = try await client.authorized().post(
                "/v2025/common-access/update-status", json: #"[{"confirmedIds":["\#(denied.id)"]}]"#)
            #expect(response.status == .accepted)
        }
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        #expect(object["accessRequests"] != nil)
        object["accessRequests"] = nil
        try JSONSerialization.data(withJSONObject: object).write(to: file)

        let store = try TenantStore.open(at: file)
        let loaded = await store.snapshot()
        #expect(loaded.accessRequests.isEmpty)
        #expect(loaded.commonAccess == seed.commonAccess)
        #expect(loaded.pendingWrites.count == 1)
        try await withSandbox(store: store) { client in
            let client = try await client.authorized()
            #expect(try await client.requestedItems().isEmpty)
            let close = try await client.post(
                "/v2025/access-requests/close", object: ["accessRequestIds": [SeededRequests.oldStuck.request]])
            #expect(close.status == .badRequest)
        }
        try await store.reset()
        #expect(await store.snapshot().accessRequests.count == SeededRequests.totalCount)
    }

    @Test("generated tenants add access requests on request, leaving the rest as it was")
    func generated() async throws {
        let plain = TenantSnapshot.generated(roles: 40, accessProfiles: 40, commonAccess: 30, seed: 11)
        let withRequests = TenantSnapshot.generated(
            roles: 40, accessProfiles: 40, commonAccess: 30, accessRequests: 600, seed: 11)
        #expect(plain.accessRequests.isEmpty)
        #expect(withRequests.roles == plain.roles && withRequests.commonAccess == plain.commonAccess)
        #expect(
            withRequests
                == TenantSnapshot.generated(
                    roles: 40, accessProfiles: 40, commonAccess: 30, accessRequests: 600, seed: 11))
        let requests = withRequests.accessRequests
        #expect(requests.count == 600)
        let ids = requests.map(\.id) + requests.flatMap(\.approvals).map(\.id)
        #expect(Set(ids).count == ids.count && ids.allSatisfy(isHexID))
        #expect(
            requests.contains { $0.isPending && $0.cancelable } && requests.contains { $0.isPending && !$0.cancelable })
        #expect(requests.contains { !$0.isPending })
        let catalog = Set(withRequests.roles.map(\.id) + withRequests.accessProfiles.map(\.id))
        #expect(requests.allSatisfy { $0.itemID.map(catalog.contains) == true })
        let emptyCatalog = TenantSnapshot.generated(
            roles: 0, accessProfiles: 0, commonAccess: 0, accessRequests: 5, seed: 1)
        #expect(emptyCatalog.accessRequests.allSatisfy { $0.itemType == .entitlement })

        // Paging through them in the default order gives each once.
        let store = TenantStore(snapshot: withRequests)
        try await withSandbox(store: store) { client in
            let client = try await client.authorized()
            var seen: [String] = []
            for offset in stride(from: 0, to: 600, by: 250) {
                seen += try await client.requestedItems("offset=\(offset)&limit=250").compactMap(\.id)
            }
            let expected = requests.sorted { ($0.created, $0.id) < ($1.created, $1.id) }.map(\.id)
            #expect(seen == expected)
            let pending = try await client.get(
                "/v2025/access-request-status?request-state=EXECUTING&count=true&limit=1", experimental: false)
            #expect(pending.totalCount == requests.filter(\.isPending).count)
        }
    }
}
