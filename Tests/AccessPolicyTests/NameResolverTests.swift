import AccessPolicy
import AccessPolicyTestSupport
import Testing

@Suite("Resolving names to ids")
struct NameResolverTests {
    let catalog = [
        CatalogItem(type: .role, id: "r1", name: "Engineering Base"),
        CatalogItem(type: .accessProfile, id: "a1", name: "Domain Admins"),
        CatalogItem(type: .accessProfile, id: "a2", name: "Domain Admins"),
        CatalogItem(type: .role, id: "r2", name: "VPN"),
    ]

    @Test("a name in the live list resolves without asking the catalog")
    func fromLiveList() async throws {
        let tenant = InMemoryTenant(items: [live("i1", .role, "r7", .confirmed, name: "Payroll")], catalog: catalog)
        let resolved = try await NameResolver(tenant: tenant)
            .resolve([entry(.role, nil, .denied, name: "Payroll")], live: await tenant.items)
        #expect(resolved.first?.id == "r7")
        #expect(await tenant.calls.isEmpty)
    }

    @Test("a name not in the list resolves through the catalog")
    func fromCatalog() async throws {
        let tenant = InMemoryTenant(catalog: catalog)
        let resolved = try await NameResolver(tenant: tenant)
            .resolve([entry(.role, nil, .confirmed, name: "Engineering Base")], live: [])
        #expect(resolved.first?.id == "r1")
        #expect(await tenant.calls == [.findCatalog(.role, "Engineering Base")])
    }

    @Test("no match and several matches are errors at the entry, all reported together")
    func errors() async throws {
        let tenant = InMemoryTenant(catalog: catalog)
        let entries = [
            entry(.accessProfile, nil, .denied, name: "Domain Admins", line: 3),
            entry(.role, nil, .denied, name: "Nope", line: 7),
        ]
        let errors = try await #require(throws: PolicyErrors.self) {
            try await NameResolver(tenant: tenant).resolve(entries, live: [])
        }
        #expect(errors.diagnostics.map(\.location?.line) == [3, 7])
        #expect(errors.diagnostics[0].message == "2 access profiles are named \"Domain Admins\": a1, a2")
        #expect(errors.diagnostics[0].hint == "add \"id:\" to say which one")
        #expect(errors.diagnostics[1].message == "no role named \"Nope\" in the tenant")
    }

    @Test("a name that resolves to an item also declared by id is reported as declared twice")
    func collisionAfterResolution() async throws {
        let tenant = InMemoryTenant(catalog: catalog)
        let entries = [entry(.role, "r2", .confirmed, line: 2), entry(.role, nil, .denied, name: "VPN", line: 9)]
        let errors = try await #require(throws: PolicyErrors.self) {
            try await NameResolver(tenant: tenant).resolve(entries, live: [])
        }
        #expect(errors.diagnostics.map(\.location?.line) == [9])
        #expect(errors.diagnostics[0].message.hasPrefix("ROLE r2 (VPN) is DENIED here but CONFIRMED at"))
    }

}
