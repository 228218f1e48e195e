// Generated tenants of any size, for the benchmark, and the seeded generator they use.

import Foundation

extension TenantSnapshot {
    /// A large tenant for benchmarks and paging tests, the same for the same arguments.
    ///
    /// Names are realistic and unique ("Finance Approver 12", "Salesforce Read Only 3"), ids are unique
    /// 32-hex strings, item ids are uuids. `commonAccess` is capped at `roles + accessProfiles`, since each
    /// item names a distinct role or access profile.
    ///
    /// `accessRequests` requested items (none by default) are added in identity requests of one to three
    /// items, for catalog roles and access profiles (entitlements when the catalog is empty): most pending
    /// with approvals still to decide, some approved but stuck (not cancelable), some finished. Their dates,
    /// like the catalog's, are fixed (2023 to 2025), not relative to today. The other collections are the
    /// same whatever `accessRequests` is.
    public static func generated(
        roles: Int, accessProfiles: Int, commonAccess: Int, accessRequests: Int = 0, seed: UInt64
    ) -> TenantSnapshot {
        var generator = SnapshotGenerator(seed: seed)
        var snapshot = generator.snapshot(
            roles: max(0, roles), accessProfiles: max(0, accessProfiles), commonAccess: max(0, commonAccess))
        snapshot.accessRequests = generator.accessRequests(max(0, accessRequests), catalog: snapshot)
        return snapshot
    }
}

/// Builds `TenantSnapshot.generated(…)`; a struct so that the random state is a plain value.
private struct SnapshotGenerator {
    private var random: SplitMix64
    private var usedIDs: Set<String> = []
    private let epoch = Date(timeIntervalSince1970: 1_672_531_200)  // 2023-01-01T00:00:00Z

    private static let departments = [
        "Engineering", "Finance", "Sales", "Marketing", "Human Resources", "Legal", "IT Operations", "Security",
        "Customer Support", "Procurement", "Facilities", "Research", "Data Science", "Payroll", "Compliance",
    ]
    private static let functions = [
        "Base", "Approver", "Administrator", "Analyst", "Manager", "Contractor", "Auditor", "Lead", "Intern",
        "Specialist",
    ]
    private static let applications = [
        "Salesforce", "Workday", "ServiceNow", "GitHub", "AWS", "Jira", "Confluence", "SAP", "Okta", "Slack",
        "Zoom", "Active Directory", "Snowflake", "Tableau", "Coupa", "DocuSign", "Splunk", "Google Workspace",
    ]
    private static let levels = ["User", "Read Only", "Admin", "Power User", "Approver", "Editor", "Viewer"]
    private static let people = [
        "Alice Nguyen", "Bob Martinez", "Carol Johnson", "David Kim", "Eva Schmidt", "Farid Haddad", "Grace Liu",
        "Henry O'Brien", "Ines Costa", "Jonas Berg", "Keiko Tanaka", "Liam Walsh",
    ]

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
    }

    mutating func snapshot(roles roleCount: Int, accessProfiles profileCount: Int, commonAccess itemCount: Int)
        -> TenantSnapshot
    {
        let owners = Self.people.map { TenantSnapshot.Owner(id: uniqueHexID(), name: $0) }
        let sources = Self.applications.map { TenantSnapshot.Source(id: uniqueHexID(), name: $0) }

        var profiles: [TenantSnapshot.AccessProfile] = []
        profiles.reserveCapacity(profileCount)
        for index in 0..<profileCount {
            let source = sources[index % sources.count]
            let level = Self.levels[(index / sources.count) % Self.levels.count]
            let round = index / (sources.count * Self.levels.count)
            let name = round == 0 ? "\(source.name) \(level)" : "\(source.name) \(level) \(round + 1)"
            let created = date(withinDays: 700)
            profiles.append(
                .init(
                    id: uniqueHexID(), name: name, description: "\(level) access on \(source.name).",
                    owner: pick(owners), source: source, requestable: chance(0.85), created: created,
                    modified: created.addingTimeInterval(Double(next(upTo: 200 * 86_400)))))
        }

        var roles: [TenantSnapshot.Role] = []
        roles.reserveCapacity(roleCount)
        for index in 0..<roleCount {
            let department = Self.departments[index % Self.departments.count]
            let function = Self.functions[(index / Self.departments.count) % Self.functions.count]
            let round = index / (Self.departments.count * Self.functions.count)
            let name = round == 0 ? "\(department) \(function)" : "\(department) \(function) \(round + 1)"
            let created = date(withinDays: 700)
            let bundled = profiles.isEmpty ? [] : (0..<Int(next(upTo: 4))).map { _ in pick(profiles).id }
            roles.append(
                .init(
                    id: uniqueHexID(), name: name, description: "\(function) access for \(department).",
                    owner: pick(owners), enabled: chance(0.95), requestable: chance(0.7), dimensional: chance(0.05),
                    created: created, modified: created.addingTimeInterval(Double(next(upTo: 200 * 86_400))),
                    accessProfileIDs: Array(Set(bundled)).sorted()))
        }

        typealias Candidate = (
            type: TenantSnapshot.AccessType, id: String, name: String, description: String?,
            owner: TenantSnapshot.Owner
        )
        var candidates: [Candidate] =
            roles.map { (.role, $0.id, $0.name, $0.description, $0.owner) }
            + profiles.map { (.accessProfile, $0.id, $0.name, $0.description, $0.owner) }
        shuffle(&candidates)
        let items = candidates.prefix(itemCount).map { candidate in
            let reviewed = chance(0.6)
            let updated = date(withinDays: 900)
            return TenantSnapshot.CommonAccessItem(
                id: uuid(), accessType: candidate.type, accessID: candidate.id, name: candidate.name,
                description: candidate.description, ownerID: candidate.owner.id, ownerName: candidate.owner.name,
                status: !reviewed || chance(0.75) ? .confirmed : .denied, lastUpdated: updated,
                reviewedByUser: reviewed, lastReviewed: reviewed ? updated : nil, createdByUser: reviewed && chance(0.3)
            )
        }
        return TenantSnapshot(roles: roles, accessProfiles: profiles, commonAccess: Array(items))
    }

    /// Requested items, grouped in identity requests; draws nothing when `count` is zero.
    mutating func accessRequests(_ count: Int, catalog: TenantSnapshot) -> [TenantSnapshot.AccessRequestItem] {
        guard count > 0 else { return [] }
        let people = Self.people.map { TenantSnapshot.Identity(id: uniqueHexID(), name: $0) }
        typealias Requestable = (type: TenantSnapshot.RequestedItemType, id: String, name: String, description: String?)
        var requestable: [Requestable] =
            catalog.roles.map { (.role, $0.id, $0.name, $0.description) }
            + catalog.accessProfiles.map { (.accessProfile, $0.id, $0.name, $0.description) }
        if requestable.isEmpty {
            requestable = Self.applications.map { (.entitlement, uniqueHexID(), "\($0) Users", nil) }
        }
        let finalStates: [TenantSnapshot.AccessRequestState] = [.requestCompleted, .cancelled, .rejected, .terminated]

        var items: [TenantSnapshot.AccessRequestItem] = []
        items.reserveCapacity(count)
        while items.count < count {
            let requestID = uniqueHexID()
            let requestedFor = pick(people)
            let requester = chance(0.7) ? requestedFor : pick(people)
            let created = date(withinDays: 900)
            let requestType: TenantSnapshot.AccessRequestType = chance(0.1) ? .revokeAccess : .grantAccess
            for _ in 0..<min(count - items.count, 1 + Int(next(upTo: 3))) {
                let access = pick(requestable)
                let modified = created.addingTimeInterval(Double(next(upTo: 20 * 86_400)))
                var state = TenantSnapshot.AccessRequestState.executing
                let ownerScheme: TenantSnapshot.ApprovalScheme =
                    switch access.type {
                    case .role: .roleOwner
                    case .accessProfile: .accessProfileOwner
                    case .entitlement: .entitlementOwner
                    }
                var approvals = (0..<(1 + Int(next(upTo: 2)))).map { index in
                    TenantSnapshot.Approval(
                        id: uniqueHexID(), scheme: index == 0 ? .manager : ownerScheme, owner: pick(people))
                }
                var cancelable = true
                if chance(0.2) {
                    state = pick(finalStates)
                    cancelable = false
                    let status: TenantSnapshot.ApprovalStatus =
                        switch state {
                        case .cancelled, .terminated: .cancelled
                        case .rejected: .rejected
                        default: .approved
                        }
                    for index in approvals.indices { Self.decide(&approvals[index], status, at: modified) }
                } else if chance(0.25) {
                    cancelable = false
                    for index in approvals.indices { Self.decide(&approvals[index], .approved, at: modified) }
                } else if approvals.count > 1, chance(0.5) {
                    Self.decide(&approvals[0], .approved, at: modified)
                }
                items.append(
                    .init(
                        id: uniqueHexID(), accessRequestID: requestID, accountActivityItemID: uniqueHexID(),
                        itemType: access.type, itemID: access.id, name: access.name, description: access.description,
                        requestType: requestType, requester: requester, requestedFor: requestedFor, created: created,
                        modified: modified, state: state, cancelable: cancelable, approvals: approvals))
            }
        }
        return items
    }

    private static func decide(
        _ approval: inout TenantSnapshot.Approval, _ status: TenantSnapshot.ApprovalStatus, at date: Date
    ) {
        approval.status = status
        approval.modified = date
        if status != .cancelled { approval.reviewer = approval.owner }
    }

    private mutating func next(upTo bound: UInt64) -> UInt64 {
        bound == 0 ? 0 : random.next() % bound
    }

    private mutating func chance(_ probability: Double) -> Bool {
        Double(random.next() >> 11) / Double(1 << 53) < probability
    }

    private mutating func pick<T>(_ values: [T]) -> T {
        values[Int(next(upTo: UInt64(values.count)))]
    }

    private mutating func shuffle<T>(_ values: inout [T]) {
        guard values.count > 1 else { return }
        for index in stride(from: values.count - 1, to: 0, by: -1) {
            values.swapAt(index, Int(next(upTo: UInt64(index + 1))))
        }
    }

    /// Whole milliseconds, as ISC's timestamps have.
    private mutating func date(withinDays days: UInt64) -> Date {
        epoch.addingTimeInterval(Double(next(upTo: days * 86_400_000)) / 1000)
    }

    /// A 32-hex id in the style of ISC's (`2c9180…`), never repeated within one snapshot.
    private mutating func uniqueHexID() -> String {
        while true {
            let (first, second) = (random.next(), random.next())
            let id = Self.ascii(capacity: 32) { bytes in
                bytes.append(contentsOf: "2c9180".utf8)
                Self.appendHex(first, digits: 10, to: &bytes)
                Self.appendHex(second, digits: 16, to: &bytes)
            }
            if usedIDs.insert(id).inserted { return id }
        }
    }

    private mutating func uuid() -> String {
        let high = random.next()
        let low = random.next()
        // Version 4 and the RFC 4122 variant, in bytes 6 and 8 (big-endian).
        let versioned = (high & ~(0xF000 as UInt64)) | 0x4000
        let varied = (low & ~(0xC000_0000_0000_0000 as UInt64)) | 0x8000_0000_0000_0000
        return Self.ascii(capacity: 36) { bytes in
            Self.appendHex(versioned >> 32, digits: 8, to: &bytes)
            bytes.append(UInt8(ascii: "-"))
            Self.appendHex(versioned >> 16, digits: 4, to: &bytes)
            bytes.append(UInt8(ascii: "-"))
            Self.appendHex(versioned, digits: 4, to: &bytes)
            bytes.append(UInt8(ascii: "-"))
            Self.appendHex(varied >> 48, digits: 4, to: &bytes)
            bytes.append(UInt8(ascii: "-"))
            Self.appendHex(varied, digits: 12, to: &bytes)
        }
    }

    // Ids are built byte by byte: a generated tenant has a few hundred thousand of them, and building each
    // from small strings took most of the time of `generated(…)`.

    /// Appends the low `digits` hex digits of `value`, zero-padded, lowercase.
    private static func appendHex(_ value: UInt64, digits: Int, to bytes: inout [UInt8]) {
        for shift in stride(from: (digits - 1) * 4, through: 0, by: -4) {
            let nibble = UInt8((value >> UInt64(shift)) & 0xF)
            bytes.append(nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10)
        }
    }

    private static func ascii(capacity: Int, _ build: (inout [UInt8]) -> Void) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(capacity)
        build(&bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A small, fast, seedable generator (Vigna's SplitMix64): the same seed gives the same tenant everywhere, and
/// the same shuffles in the benchmark and the tests. The project's one seeded generator.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
