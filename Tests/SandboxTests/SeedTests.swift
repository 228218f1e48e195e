import Foundation
import Sandbox
import Testing

@Suite("The seeded demo tenant")
struct SeedTests {
    let seed = TenantSnapshot.seeded()

    private func isHexID(_ id: String) -> Bool {
        id.count == 32 && id.allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }

    @Test("it has a few dozen roles and access profiles with 32-hex ids, owners and descriptions")
    func catalog() {
        #expect(seed.roles.count >= 24)
        #expect(seed.accessProfiles.count >= 24)
        let ids = seed.roles.map(\.id) + seed.accessProfiles.map(\.id)
        #expect(ids.allSatisfy(isHexID))
        #expect(Set(ids).count == ids.count)
        #expect(seed.roles.allSatisfy { isHexID($0.owner.id) && !$0.owner.name.isEmpty })
        #expect(seed.accessProfiles.allSatisfy { isHexID($0.source.id) && !$0.source.name.isEmpty })
        #expect(seed.roles.filter { $0.description != nil }.count > seed.roles.count / 2)
        #expect(seed.roles.contains { $0.description == nil })
        for name in ["Engineering Base", "Finance Approver"] { #expect(seed.roles.contains { $0.name == name }) }
        for name in ["Domain Admins", "VPN Access", "Salesforce Sales User"] {
            #expect(seed.accessProfiles.filter { $0.name == name }.count == 1)
        }
    }

    @Test("it has the awkward cases: a shared access-profile name and role names with +, \", # and &")
    func awkwardCases() {
        let shared = seed.accessProfiles.filter { $0.name == "Finance Shared Drive" }
        #expect(shared.count == 2)
        #expect(Set(shared.map(\.source.id)).count == 2)
        #expect(seed.roles.contains { $0.name.contains("+") })
        #expect(seed.roles.contains { $0.name.contains("\"") })
        #expect(seed.roles.contains { $0.name.contains("#") })
        #expect(seed.roles.contains { $0.name.contains("&") })
        #expect(!seed.accessProfiles.contains { $0.name.contains("+") })
    }

    @Test("its common-access items mix statuses and suggestions, and all point into the catalog")
    func items() {
        let items = seed.commonAccess
        #expect((10...15).contains(items.count))
        #expect(items.allSatisfy { UUID(uuidString: $0.id) != nil && $0.id == $0.id.lowercased() })
        #expect(items.contains { $0.status == .confirmed } && items.contains { $0.status == .denied })
        #expect(items.contains { !$0.reviewedByUser && $0.lastReviewed == nil })
        #expect(items.contains { $0.createdByUser })
        #expect(items.contains { $0.accessType == .role } && items.contains { $0.accessType == .accessProfile })
        for item in items {
            switch item.accessType {
            case .role:
                let role = seed.roles.first { $0.id == item.accessID }
                #expect(role?.name == item.name && role?.owner.id == item.ownerID)
            case .accessProfile:
                let profile = seed.accessProfiles.first { $0.id == item.accessID }
                #expect(profile?.name == item.name && profile?.owner.id == item.ownerID)
            }
        }
        let keys = items.map { "\($0.accessType.rawValue) \($0.accessID)" }
        #expect(Set(keys).count == keys.count)
        #expect(seed.pendingWrites.isEmpty)
    }

    @Test("it is the same every time")
    func deterministic() {
        #expect(TenantSnapshot.seeded() == seed)
    }
}

@Suite("TenantSnapshot.generated")
struct GeneratedSnapshotTests {
    @Test("the same arguments give the same tenant; another seed gives another")
    func deterministic() {
        let first = TenantSnapshot.generated(roles: 50, accessProfiles: 60, commonAccess: 70, seed: 42)
        #expect(first == TenantSnapshot.generated(roles: 50, accessProfiles: 60, commonAccess: 70, seed: 42))
        #expect(first != TenantSnapshot.generated(roles: 50, accessProfiles: 60, commonAccess: 70, seed: 43))
    }

    @Test("it has the requested sizes, unique ids and names, and items that point into the catalog")
    func shape() {
        let snapshot = TenantSnapshot.generated(roles: 400, accessProfiles: 300, commonAccess: 500, seed: 1)
        #expect(snapshot.roles.count == 400)
        #expect(snapshot.accessProfiles.count == 300)
        #expect(snapshot.commonAccess.count == 500)
        let ids = snapshot.roles.map(\.id) + snapshot.accessProfiles.map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.count == 32 && $0.allSatisfy(\.isHexDigit) })
        #expect(Set(snapshot.roles.map(\.name)).count == 400)
        #expect(Set(snapshot.accessProfiles.map(\.name)).count == 300)
        let itemIDs = snapshot.commonAccess.map(\.id)
        #expect(Set(itemIDs).count == itemIDs.count)
        #expect(itemIDs.allSatisfy { UUID(uuidString: $0) != nil })
        let catalog = Set(ids)
        #expect(snapshot.commonAccess.allSatisfy { catalog.contains($0.accessID) })
        let keys = snapshot.commonAccess.map { "\($0.accessType.rawValue) \($0.accessID)" }
        #expect(Set(keys).count == keys.count)
        #expect(snapshot.commonAccess.contains { !$0.reviewedByUser })
        #expect(snapshot.commonAccess.contains { $0.status == .denied })
    }

    @Test("more items than catalog entries are capped at one item per entry")
    func capped() {
        let snapshot = TenantSnapshot.generated(roles: 3, accessProfiles: 2, commonAccess: 100, seed: 5)
        #expect(snapshot.commonAccess.count == 5)
        #expect(TenantSnapshot.generated(roles: 0, accessProfiles: 0, commonAccess: 10, seed: 5).commonAccess.isEmpty)
    }
}
