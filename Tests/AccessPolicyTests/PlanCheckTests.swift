import AccessPolicy
import AccessPolicyTestSupport
import Testing
import YAMLTree

/// What the plan checks against the tenant before anything can be written: values exactly as written, ids of
/// the type their entry says, protection that names something (issue 11).
@Suite("Checks at plan time, before any write")
struct PlanCheckTests {
    static let roleID = "2c9180835d2e5168015d32f890ca1581"
    static let profileID = "2c918004af0d75019e3d9b10f16ed644"
    let catalog = [
        CatalogItem(type: .role, id: roleID, name: "Contractor Base"),
        CatalogItem(type: .accessProfile, id: profileID, name: "Okta Admin"),
    ]
    let options = Planner.Options(tenant: "t", apiVersion: .v2025, unmanaged: .ignore)

    func policy(_ yaml: String) throws -> PolicySet {
        try PolicyLoader().load([("policies/p.yaml", Array(yaml.utf8))])
    }

    func planErrors(_ yaml: String, options: Planner.Options? = nil, tenant: InMemoryTenant? = nil) async throws
        -> [Diagnostic]
    {
        let tenant = tenant ?? InMemoryTenant(catalog: catalog)
        let errors = try await #require(throws: PolicyErrors.self) {
            try await Planner(tenant: tenant).plan(try policy(yaml), options: options ?? self.options)
        }
        #expect(await tenant.writes.isEmpty)
        return errors.diagnostics
    }

    @Test("an id whose catalog type is not the entry's type is a located error, not a failed create")
    func wrongType() async throws {
        let errors = try await planErrors(
            "commonAccess:\n  - {type: ROLE, id: \(Self.profileID), status: CONFIRMED}\n")
        #expect(
            errors.map(\.description) == [
                "policies/p.yaml:2:5: error: \(Self.profileID) is an access profile in the tenant (\"Okta Admin\"), "
                    + "not a role\nhint: set type: ACCESS_PROFILE"
            ])
    }

    @Test("an id the catalog does not have is a located error at plan time")
    func unknownID() async throws {
        let errors = try await planErrors(
            "commonAccess:\n  - {type: ACCESS_PROFILE, id: 2c9180aaaaaaaaaaaaaaaaaaaaaaaaaa, status: DENIED}\n")
        #expect(errors.first?.message == "no access profile with id 2c9180aaaaaaaaaaaaaaaaaaaaaaaaaa in the tenant")
        #expect(errors.first?.location == SourceLocation(file: "policies/p.yaml", line: 2, column: 5))
    }

    @Test("a create sends the catalog's name, not the entry's label")
    func createNamedFromCatalog() async throws {
        let plan = try await Planner(tenant: InMemoryTenant(catalog: catalog)).plan(
            try policy("commonAccess:\n  - {type: ROLE, id: \(Self.roleID), name: Contractors, status: DENIED}\n"),
            options: options
        ).plan
        #expect(plan.changes.map(\.name) == ["Contractor Base"])
    }

    @Test("a quoted name is not trimmed: it is matched exactly, with a warning at the value")
    func quotedNameKeptExactly() async throws {
        let yaml = "commonAccess:\n  - {type: ROLE, name: \"Contractor Base \", status: DENIED}\n"
        let loaded = try policy(yaml)
        #expect(loaded.entries.first?.name == "Contractor Base ")
        #expect(
            loaded.warnings.map(\.description) == [
                "policies/p.yaml:2:24: warning: name \"Contractor Base \" has leading or trailing whitespace; it is "
                    + "matched exactly as written\nhint: remove the whitespace unless the item's name in ISC has it too"
            ])
        let errors = try await planErrors(yaml)
        #expect(errors.first?.message == "no role named \"Contractor Base \" in the tenant")
        #expect(errors.first?.hint?.contains("leading or trailing whitespace") == true)
    }

    @Test("a status or type with a space in quotes is not the word: it is an error with a did-you-mean")
    func quotedWordsExact() throws {
        let errors = try #require(throws: PolicyErrors.self) {
            try policy("commonAccess:\n  - {type: ROLE, id: \(Self.roleID), status: \"CONFIRMED \"}\n")
        }
        #expect(errors.diagnostics.first?.message.hasPrefix("unknown status \"CONFIRMED \"") == true)
        #expect(errors.diagnostics.first?.hint == "did you mean CONFIRMED?")
    }

    @Test("a protected entry that matches nothing is an error located in the config; one that matches is kept")
    func protectedMustMatch() async throws {
        let location = SourceLocation(file: "accesspolicy.yaml", line: 3, column: 5)
        var options = self.options
        options.protected = [
            ProtectedItem(type: .role, name: "All Employes", location: location),
            ProtectedItem(type: .role, id: "2c9180bbbbbbbbbbbbbbbbbbbbbbbbbb", location: location),
            ProtectedItem(type: .accessProfile, name: "Okta Admin", location: location),
        ]
        let errors = try await planErrors(
            "commonAccess:\n  - {type: ROLE, id: \(Self.roleID), status: DENIED}\n", options: options)
        #expect(errors.count == 2)
        #expect(errors.allSatisfy { $0.location == location })
        #expect(
            errors.first?.message
                == "protected ROLE \"All Employes\" matches no role in the tenant (not on the common-access list, "
                + "not in the catalog)")
        #expect(
            errors.last?.message.hasPrefix("protected ROLE 2c9180bbbbbbbbbbbbbbbbbbbbbbbbbb matches no role") == true)

        options.protected = [ProtectedItem(type: .accessProfile, name: "Okta Admin", location: location)]
        let plan = try await Planner(tenant: InMemoryTenant(catalog: catalog)).plan(
            try policy("commonAccess:\n  - {type: ACCESS_PROFILE, name: Okta Admin, status: DENIED}\n"),
            options: options
        ).plan
        #expect(plan.protectedKeys == [AccessKey(type: .accessProfile, id: Self.profileID)])
        let breaches = GuardCheck.evaluate(plan, guards: Guards())
        #expect(breaches.map(\.guardName) == ["protected"])
    }

    @Test("a protected name matches every item of that name, on the list and in the catalog")
    func protectedByNameMatchesAll() async throws {
        let listed = live("i1", .role, "2c91800000000000000000000000000a", .confirmed, name: "Contractor Base")
        var options = self.options
        options.protected = [ProtectedItem(type: .role, name: "Contractor Base")]
        let plan = try await Planner(tenant: InMemoryTenant(items: [listed], catalog: catalog)).plan(
            try policy("commonAccess:\n  - {type: ROLE, id: \(listed.access.id), status: CONFIRMED}\n"),
            options: options
        ).plan
        #expect(Set(plan.protectedKeys) == [listed.key, AccessKey(type: .role, id: Self.roleID)])
    }
}
