import Sandbox

/// A policy over the seeded sandbox, by id: `creates` catalog items not yet on the common-access list, made
/// CONFIRMED, and `flips` items on the list set to the other status. Shared by the command-line and end-to-end
/// tests, which check the tenant against it after every fault.
public struct SeededChanges: Sendable {
    /// `"TYPE id"` of each item the policy creates, in the order the policy lists them.
    public private(set) var creates: [String] = []
    /// `"TYPE id"` of each item on the list the policy flips.
    public private(set) var flips: [String] = []
    /// `"TYPE id"` → status, for every entry.
    public private(set) var desired: [String: String] = [:]
    public private(set) var yaml = "commonAccess:\n"

    public init(creates: Int, flips: Int) {
        let seed = TenantSnapshot.seeded()
        let listed = Set(seed.commonAccess.map(\.key))
        let catalog = seed.roles.map { "ROLE \($0.id)" } + seed.accessProfiles.map { "ACCESS_PROFILE \($0.id)" }
        self.creates = Array(catalog.filter { !listed.contains($0) }.prefix(creates))
        precondition(self.creates.count == creates, "the seed has only \(self.creates.count) items to create")
        for key in self.creates { add(key, "CONFIRMED") }
        for item in seed.commonAccess.prefix(flips) {
            self.flips.append(item.key)
            add(item.key, item.status == .confirmed ? "DENIED" : "CONFIRMED")
        }
        precondition(self.flips.count == flips, "the seed has only \(self.flips.count) items to flip")
    }

    /// The policy folder's files: one, `changes.yaml`.
    public var policies: [String: String] { ["changes.yaml": yaml] }
    public var count: Int { desired.count }

    /// How many of the changes the tenant shows now.
    public func done(in store: TenantStore) async -> Int {
        let live = await store.snapshot().commonAccess
        return live.filter { desired[$0.key] == $0.status.rawValue }.count
    }

    /// How the tenant differs from the policy, in words (empty when it matches): an item the policy names without
    /// its status, an item on the list twice, or an item the policy does not name that is not exactly as it was
    /// `before` (a needless write).
    public func mismatches(in store: TenantStore, before: TenantSnapshot = .seeded()) async -> [String] {
        let live = await store.snapshot().commonAccess
        let byKey = Dictionary(grouping: live, by: \.key)
        var problems = byKey.filter { $0.value.count > 1 }.keys.sorted().map { "\($0) is on the list more than once" }
        for (key, status) in desired.sorted(by: { $0.key < $1.key }) where byKey[key]?.first?.status.rawValue != status
        {
            problems.append("\(key) is not \(status)")
        }
        let now = Dictionary(live.map { ($0.id, $0) }) { first, _ in first }
        for item in before.commonAccess where desired[item.key] == nil && now[item.id] != item {
            problems.append("\(item.name) was written without need")
        }
        return problems
    }

    private mutating func add(_ key: String, _ status: String) {
        let parts = key.split(separator: " ")
        yaml += "  - {type: \(parts[0]), id: \(parts[1]), status: \(status)}\n"
        desired[key] = status
    }
}

extension TenantSnapshot.CommonAccessItem {
    /// `"TYPE id"`, the item's key as the tests write it.
    public var key: String { "\(accessType.rawValue) \(accessID)" }
}
