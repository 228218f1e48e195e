import AccessPolicy
import Testing
import YAMLTree

func entry(_ type: AccessType, _ id: String?, _ status: CommonAccessStatus, name: String? = nil, line: Int = 1)
    -> PolicyEntry
{
    PolicyEntry(
        type: type, id: id, name: name, status: status,
        location: SourceLocation(file: "policies/p.yaml", line: line, column: 5))
}

func live(_ item: String, _ type: AccessType, _ id: String, _ status: CommonAccessStatus, name: String? = nil)
    -> LiveItem
{
    LiveItem(id: item, access: AccessReference(type: type, id: id, name: name), status: status)
}

@Suite("Diffing policy against the live list")
struct DiffTests {
    let tenantItems = [
        live("i1", .role, "r1", .confirmed, name: "Alpha"),
        live("i2", .role, "r2", .confirmed, name: "Beta"),
        live("i3", .accessProfile, "a1", .denied, name: "Gamma"),
        live("i4", .accessProfile, "a2", .confirmed, name: "Delta"),
    ]

    @Test("creates, flips, no-ops and unmanaged items are each counted once")
    func mixed() {
        let desired = [
            entry(.role, "r1", .confirmed, line: 2),  // no-op
            entry(.role, "r2", .denied, line: 3),  // flip
            entry(.accessProfile, "a1", .confirmed, line: 4),  // flip
            entry(.role, "r9", .confirmed, name: "New", line: 5),  // create
        ]
        let result = Diff.compute(desired: desired, live: tenantItems, unmanaged: .ignore)
        #expect(result.summary.create == 1)
        #expect(result.summary.update == 2)
        #expect(result.summary.unchanged == 1)
        #expect(result.summary.unmanaged == 1)
        #expect(result.summary.denied == 1)
        #expect(result.unmanaged.isEmpty)
        #expect(result.changes.map(\.action) == [.create, .update, .update])
        #expect(
            result.changes[0]
                == Change(
                    action: .create, key: AccessKey(type: .role, id: "r9"), name: "New",
                    to: .confirmed, source: desired[3].location))
        // Policy changes keep the policy's order: creates first, then updates as the entries are written.
        #expect(result.changes.compactMap(\.itemID) == ["i2", "i3"])
        #expect(result.changes[1].from == .confirmed && result.changes[1].to == .denied)
    }

    @Test("report lists unmanaged items without changing them; deny denies those not already DENIED")
    func unmanagedModes() {
        let desired = [entry(.role, "r1", .confirmed)]
        let report = Diff.compute(desired: desired, live: tenantItems, unmanaged: .report)
        #expect(report.changes.isEmpty)
        #expect(report.unmanaged.map(\.id) == ["i4", "i3", "i2"])

        let deny = Diff.compute(desired: desired, live: tenantItems, unmanaged: .deny)
        #expect(deny.changes.map(\.itemID) == ["i4", "i2"])
        #expect(deny.changes.allSatisfy { $0.isUnmanaged && $0.to == .denied })
        #expect(deny.summary.denied == 2)
        #expect(deny.summary.unmanaged == 3)
    }

    @Test("a policy equal to the tenant plans nothing")
    func empty() {
        let desired = tenantItems.map { entry($0.access.type, $0.access.id, $0.status) }
        let result = Diff.compute(desired: desired, live: tenantItems, unmanaged: .deny)
        #expect(result.changes.isEmpty)
        #expect(result.summary.unchanged == 4)
    }

    @Test("two live items for the same access are both brought in line")
    func duplicateLiveItems() {
        let items = [live("i1", .role, "r1", .confirmed), live("i2", .role, "r1", .denied)]
        let result = Diff.compute(desired: [entry(.role, "r1", .denied)], live: items, unmanaged: .ignore)
        #expect(result.changes.map(\.itemID) == ["i1"])
        #expect(result.summary.unchanged == 1)
    }

    @Test("an unknown live status differs from any policy status")
    func unknownStatus() {
        let items = [live("i1", .role, "r1", CommonAccessStatus(rawValue: "PENDING"))]
        let result = Diff.compute(desired: [entry(.role, "r1", .confirmed)], live: items, unmanaged: .ignore)
        #expect(result.changes.first?.from?.rawValue == "PENDING")
    }

    @Test("a role and an access profile with the same id are different items")
    func typeIsPartOfTheKey() {
        let items = [live("i1", .role, "x", .confirmed)]
        let result = Diff.compute(desired: [entry(.accessProfile, "x", .confirmed)], live: items, unmanaged: .ignore)
        #expect(result.summary.create == 1)
        #expect(result.summary.unmanaged == 1)
    }

    @Test("an id entry whose name differs from the tenant's gets a warning, not an error")
    func nameMismatchWarning() {
        let items = [live("i1", .role, "r1", .confirmed, name: "Engineering Base")]
        let result = Diff.compute(
            desired: [entry(.role, "r1", .confirmed, name: "Eng Base", line: 4)], live: items, unmanaged: .ignore)
        #expect(
            result.warnings.map(\.message) == ["ROLE r1 is named \"Engineering Base\" in the tenant, not \"Eng Base\""])
        #expect(result.warnings.first?.location?.line == 4)
        #expect(result.changes.isEmpty)
    }
}
