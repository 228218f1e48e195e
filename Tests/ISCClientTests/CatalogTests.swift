import AccessPolicy
import Testing

@testable import ISCClient

@Suite("Catalog look-ups by name")
struct CatalogTests {
    static func role(_ id: String, _ name: String, owner: String = #"{"type":"IDENTITY","id":"o-1","name":"Ada"}"#)
        -> String
    {
        #"{"id":"\#(id)","name":"\#(name)","description":"d","owner":\#(owner),"enabled":true,"requestable":true,"#
            + #""accessProfiles":[],"membership":null,"extra":{"x":1}}"#
    }

    @Test("roles decode with a null owner and unknown fields")
    func decodesRoles() async throws {
        let body =
            "[" + Self.role("r-1", "Engineering Base") + "," + Self.role("r-2", "engineering base", owner: "null")
            + "]"
        try await StubServer.run(tenant { _ in .json(body) }) { baseURL, _ in
            let client = try ISCClient.forStub(baseURL)
            let found = try await client.findCatalogItems(type: .role, named: "Engineering Base")
            #expect(
                found == [
                    CatalogItem(
                        type: .role, id: "r-1", name: "Engineering Base", description: "d", ownerID: "o-1",
                        ownerName: "Ada"),
                    CatalogItem(type: .role, id: "r-2", name: "engineering base", description: "d"),
                ])
        }
    }

    @Test("look-ups by id ask for 50 ids per call with id in (…) and keep only the ids asked for")
    func byIDs() async throws {
        let ids = (0..<120).map { "2c9180" + String(repeating: "0", count: 23) + String(1000 + $0) }
        try await StubServer.run(
            tenant { request in
                let filter = request.query("filters") ?? ""
                let asked = ids.filter { filter.contains("\"\($0)\"") }
                // One answer the caller did not ask for, which must be dropped.
                return .json(
                    "["
                        + (asked.map { Self.role($0, "Role \($0.suffix(3))") } + [Self.role("x", "X")])
                        .joined(separator: ",") + "]")
            }
        ) { baseURL, log in
            let client = try ISCClient.forStub(baseURL)
            let found = try await client.findCatalogItems(type: .role, ids: ids + ids.prefix(5))
            #expect(Set(found.map(\.id)) == Set(ids))
            let calls = await log.requests("GET", "/v2025/roles")
            #expect(calls.count == 3)
            #expect(calls.allSatisfy { $0.query("limit") == "50" })
            // Sent together, so in any order: two calls of 50 ids and one of the 20 left.
            let filters = calls.compactMap { $0.query("filters") }
            #expect(filters.allSatisfy { $0.hasPrefix("id in (\"2c9180") && $0.hasSuffix("\")") })
            #expect(filters.map { $0.split(separator: ",").count }.sorted() == [20, 50, 50])
        }
    }

    @Test("look-ups by id go out together, not one after another")
    func idLookUpsConcurrent() async throws {
        let ids = (0..<200).map { "2c9180" + String(repeating: "0", count: 23) + String(100 + $0) }
        let gate = InFlightGate(waitingFor: 3)
        try await StubServer.run(
            tenant { _ in
                // Answers only once three look-ups are in flight together (or after 5 s, which fails below).
                await gate.arrive()
                return .json("[]")
            }
        ) { baseURL, log in
            let client = try ISCClient.forStub(baseURL) { $0.concurrency = 8 }
            _ = try await client.findCatalogItems(type: .accessProfile, ids: ids)
            #expect(await log.count("GET", "/v2025/access-profiles") == 4)
            #expect(await gate.peak >= 3)
        }
    }

    @Test("a full page of roles is followed by the next page")
    func pagesOnFullPage() async throws {
        let roles = (0..<60).map { Self.role("r-\($0)", "Same Name") }
        try await StubServer.run(
            tenant { request in
                let offset = request.intQuery("offset") ?? 0
                let limit = request.intQuery("limit") ?? 50
                return .json("[" + roles.dropFirst(offset).prefix(limit).joined(separator: ",") + "]")
            }
        ) { baseURL, log in
            let client = try ISCClient.forStub(baseURL)
            let found = try await client.findCatalogItems(type: .role, named: "Same Name")
            #expect(found.count == 60)
            let offsets = await log.requests("GET", "/v2025/roles").compactMap { $0.intQuery("offset") }
            #expect(offsets == [0, 50])
        }
    }

    @Test("names the server matched loosely are filtered to the exact (case-insensitive) name")
    func exactMatchOnly() async throws {
        let body = "[" + Self.role("r-1", "Engineering") + "," + Self.role("r-2", "Engineering Base") + "]"
        try await StubServer.run(tenant { _ in .json(body) }) { baseURL, _ in
            let client = try ISCClient.forStub(baseURL)
            #expect(try await client.findCatalogItems(type: .role, named: "engineering").map(\.id) == ["r-1"])
        }
    }

    @Test("access-profile names with + are looked up by the part before it and matched here")
    func plusInAccessProfileName() async throws {
        let body = "[" + Self.role("ap-1", "R+D Admins") + "," + Self.role("ap-2", "R Team") + "]"
        try await StubServer.run(tenant { _ in .json(body) }) { baseURL, log in
            let client = try ISCClient.forStub(baseURL)
            let found = try await client.findCatalogItems(type: .accessProfile, named: "R+D Admins")
            #expect(found.map(\.id) == ["ap-1"])
            #expect(found.first?.type == .accessProfile)
            let request = try #require(await log.requests("GET", "/v2025/access-profiles").first)
            #expect(request.query("filters") == #"name sw "R""#)
        }
    }

    @Test("an unknown access type is refused without a request")
    func unknownType() async throws {
        try await StubServer.run(tenant { _ in .json("[]") }) { baseURL, log in
            let client = try ISCClient.forStub(baseURL)
            await #expect(throws: ISCError.self) {
                try await client.findCatalogItems(type: AccessType(rawValue: "ENTITLEMENT"), named: "x")
            }
            #expect(await log.requests.isEmpty)
        }
    }
}

/// Holds requests until `count` of them are in flight together, then lets every one through; gives up after 5 s
/// so a client that sends one at a time fails the test instead of hanging it.
actor InFlightGate {
    let count: Int
    private(set) var peak = 0
    private var inFlight = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private var open = false

    init(waitingFor count: Int) { self.count = count }

    func arrive() async {
        inFlight += 1
        peak = max(peak, inFlight)
        if inFlight >= count { release() }
        if !open {
            let timeout = Task {
                try? await Task.sleep(for: .seconds(5))
                self.release()
            }
            await withCheckedContinuation { waiting.append($0) }
            timeout.cancel()
        }
        inFlight -= 1
    }

    private func release() {
        open = true
        for continuation in waiting { continuation.resume() }
        waiting = []
    }
}
