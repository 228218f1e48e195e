import AccessPolicy
import AccessPolicyTestSupport
import AsyncHTTPClient
import Testing

@testable import ISCClient

@Suite("OAuth client-credentials tokens")
struct TokenTests {
    @Test("the token request is a form POST to /oauth/token and the token is used as a bearer")
    func tokenRequestShape() async throws {
        try await StubServer.run(tenant(token: { _ in .token("token-abc") }) { _ in .json("[]") }) { baseURL, log in
            let client = try ISCClient.forStub(baseURL)
            try await client.updateStatus(StatusBatch(confirmedIDs: ["id-1"]))
            let token = try #require(await log.requests("POST", "/oauth/token").first)
            #expect(token.header("Content-Type") == "application/x-www-form-urlencoded")
            #expect(token.header("Authorization") == nil)
            #expect(token.rawQuery.isEmpty)
            #expect(token.body.hasPrefix("grant_type=client_credentials&client_id=sandbox-client&client_secret="))
            let update = try #require(await log.apiRequests.first)
            #expect(update.header("Authorization") == "Bearer token-abc")
        }
    }

    @Test("one token serves many calls while it is fresh")
    func tokenCached() async throws {
        try await StubServer.run(tenant { _ in .json("[]") }) { baseURL, log in
            let client = try ISCClient.forStub(baseURL)
            for _ in 0..<3 { _ = try await client.findCatalogItems(type: .role, named: "x") }
            #expect(await log.count("POST", "/oauth/token") == 1)
            #expect(await log.count("GET", "/v2025/roles") == 3)
        }
    }

    @Test("concurrent callers share one token fetch")
    func concurrentCallersShareFetch() async throws {
        let token: @Sendable (RecordedRequest) async throws -> StubResponse = { _ in
            try await Task.sleep(for: .milliseconds(200))
            return .token()
        }
        try await StubServer.run(tenant(token: token) { _ in .json("[]") }) { baseURL, log in
            let client = try ISCClient.forStub(baseURL)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<12 {
                    group.addTask { try await client.updateStatus(StatusBatch(deniedIDs: ["id-\(index)"])) }
                }
                try await group.waitForAll()
            }
            #expect(await log.count("POST", "/oauth/token") == 1)
            #expect(await log.count("POST", "/v2025/common-access/update-status") == 12)
        }
    }

    @Test("when the caller fetching the token is cancelled, a waiting caller fetches it instead")
    func cancelledFetcherHandsOver() async throws {
        let fetches = Counter()
        let held = Gate()
        let token: @Sendable (RecordedRequest) async throws -> StubResponse = { _ in
            // The first token request is held at the server until the test is done with it.
            if await fetches.next() == 1 { await held.wait() }
            return .token()
        }
        try await StubServer.run(tenant(token: token) { _ in .json("[]") }) { baseURL, log in
            let client = try ISCClient.forStub(baseURL)
            let first = Task { try await client.findCatalogItems(type: .role, named: "first") }
            // Wait until the first caller's token request is at the server (held there), however slow the
            // machine, so the second caller finds a fetch in progress or abandoned, never a token.
            while await log.count("POST", "/oauth/token") == 0 { try await Task.sleep(for: .milliseconds(10)) }
            let second = Task { try await client.findCatalogItems(type: .role, named: "second") }
            try await Task.sleep(for: .milliseconds(100))
            first.cancel()
            await #expect(throws: CancellationError.self) { try await first.value }
            await held.open()
            #expect(try await second.value.isEmpty)
            #expect(await log.count("POST", "/oauth/token") == 2)
            #expect(await log.requests("GET", "/v2025/roles").map { $0.query("filters") } == [#"name eq "second""#])
        }
    }

    @Test("a token is refreshed shortly before it expires")
    func refreshBeforeExpiry() async throws {
        let counter = Counter()
        let token: @Sendable (RecordedRequest) async throws -> StubResponse = { _ in
            .token("token-\(await counter.next())", expiresIn: 100)
        }
        try await StubServer.run(tenant(token: token) { _ in .json("[]") }) { baseURL, log in
            let clock = ManualClock()
            let client = try ISCClient(configuration: testConfiguration(baseURL), clock: clock)
            _ = try await client.findCatalogItems(type: .role, named: "x")
            clock.advance(by: .seconds(80))
            _ = try await client.findCatalogItems(type: .role, named: "x")
            #expect(await log.count("POST", "/oauth/token") == 1)
            // 100 s lifetime, refreshed when less than 10 % (10 s) is left: at 95 s it is due.
            clock.advance(by: .seconds(15))
            _ = try await client.findCatalogItems(type: .role, named: "x")
            #expect(await log.count("POST", "/oauth/token") == 2)
            let bearers = await log.apiRequests.map(\.bearer)
            #expect(bearers == ["token-1", "token-1", "token-2"])
        }
    }

    @Test("a token that expires while the rate limiter holds requests back is replaced before they go out")
    func tokenExpiresInLimiter() async throws {
        // Tokens live 4 s (refreshed after 3.6 s); 40 requests at 5 per second take 8 s, up to 16 of them waiting
        // in the limiter (3.2 s) holding the token they took. The stub refuses expired tokens with 401, as ISC
        // does, with 1.2 s of grace for a busy machine between the client's check and the stub's. Without the
        // check a request would go out with a token up to 3.6 + 3.2 = 6.8 s old, past the 5.2 s the stub allows.
        let issued = TokenLedger()
        let items = makeItems(390)
        try await StubServer.run(
            tenant(token: { _ in .token(await issued.issue(), expiresIn: 4) }) { request in
                guard await issued.isValid(request.bearer, lifetime: .milliseconds(5_200)) else {
                    return .json(#"{"error":"JWT is expired"}"#, status: 401)
                }
                return page(of: items, for: request)
            }
        ) { baseURL, log in
            let client = try ISCClient.forStub(baseURL) {
                $0.rateLimit = RateLimit(requests: 5, window: .seconds(1))
                $0.pageSize = 10
                $0.concurrency = 16
            }
            #expect(try await client.listCommonAccess().count == 390)
            #expect(await log.requests.filter { $0.path != "/oauth/token" }.count == 39)
            #expect(await log.count("POST", "/oauth/token") >= 2)
        }
    }

    @Test("a 401 on an API call fetches a new token once and re-sends the call")
    func refreshOn401() async throws {
        let counter = Counter()
        let token: @Sendable (RecordedRequest) async throws -> StubResponse = { _ in
            .token("token-\(await counter.next())")
        }
        let api: @Sendable (RecordedRequest) async throws -> StubResponse = { request in
            request.bearer == "token-2"
                ? .json("[]") : .json(#"{"error":"JWT validation failed: JWT is expired"}"#, status: 401)
        }
        try await StubServer.run(tenant(token: token, api: api)) { baseURL, log in
            let client = try ISCClient.forStub(baseURL)
            let items = try await client.findCatalogItems(type: .accessProfile, named: "x")
            #expect(items.isEmpty)
            #expect(await log.count("POST", "/oauth/token") == 2)
            #expect(await log.apiRequests.map(\.bearer) == ["token-1", "token-2"])
            #expect(await client.statistics().retries == 0)
        }
    }

    @Test("a 401 that persists after one refresh is an error, not a loop")
    func persistent401() async throws {
        let api: @Sendable (RecordedRequest) async throws -> StubResponse = { _ in
            .json(#"{"error":"JWT validation failed: JWT is expired"}"#, status: 401)
        }
        try await StubServer.run(tenant(api: api)) { baseURL, log in
            let client = try ISCClient.forStub(baseURL)
            let error = try await #require(throws: ISCError.self) { try await client.listCommonAccess() }
            #expect(error.kind == .unauthorized)
            #expect(error.status == 401)
            #expect(error.description.contains("JWT validation failed: JWT is expired"))
            #expect(await log.count("POST", "/oauth/token") == 2)
            #expect(await log.apiRequests.count == 2)
        }
    }

    @Test(
        "a refused token request names the variables to check and echoes no value",
        arguments: [400, 401])
    func tokenRefused(status: Int) async throws {
        let token: @Sendable (RecordedRequest) async throws -> StubResponse = { request in
            // A hostile server that echoes what it got: the client must scrub it.
            .json(
                #"{"error":"invalid_client","error_description":"Bad credentials: \#(request.body)"}"#, status: status)
        }
        try await StubServer.run(tenant(token: token) { _ in .json("[]") }) { baseURL, log in
            let client = try ISCClient.forStub(baseURL)
            let error = try await #require(throws: ISCError.self) { try await client.listCommonAccess() }
            #expect(error.kind == .unauthorized)
            #expect(error.path == "/oauth/token")
            #expect(error.description.contains("SAIL_CLIENT_ID"))
            #expect(error.description.contains("SAIL_CLIENT_SECRET"))
            #expect(!error.description.contains("canary"))
            #expect(!error.description.contains("sandbox-client"))
            #expect(await log.apiRequests.isEmpty)
        }
    }

    @Test("an unreachable token endpoint says to check SAIL_BASE_URL")
    func tokenEndpointUnreachable() async throws {
        let http = HTTPClient(
            eventLoopGroup: HTTPClient.defaultEventLoopGroup,
            configuration: ISCClient.recommendedHTTPClientConfiguration())
        // Port 1 on loopback: nothing listens there, the connection is refused at once.
        var configuration = testConfiguration("http://127.0.0.1:1")
        configuration.maxAttempts = 3
        let client = try ISCClient(configuration: configuration, httpClient: http)
        let error = await #expect(throws: ISCError.self) { try await client.listCommonAccess() }
        try await http.shutdown()
        #expect(error?.kind == .transport)
        #expect(error?.attempts == 3)
        #expect(error?.description.contains("SAIL_BASE_URL") == true)
        #expect(error?.description.contains("canary") == false)
        #expect(await client.statistics().count("POST", "/oauth/token") == 3)
    }

    @Test("a token response without access_token is a clear error")
    func tokenWithoutAccessToken() async throws {
        try await StubServer.run(tenant(token: { _ in .json(#"{"token_type":"bearer"}"#) }) { _ in .json("[]") }) {
            baseURL, _ in
            let client = try ISCClient.forStub(baseURL)
            let error = try await #require(throws: ISCError.self) { try await client.listCommonAccess() }
            #expect(error.kind == .badResponse)
            #expect(error.description.contains("access_token"))
        }
    }
}

/// The stub's token endpoint: numbered tokens and when each was issued.
private actor TokenLedger {
    private var issuedAt: [String: ContinuousClock.Instant] = [:]

    func issue() -> String {
        let token = "token-\(issuedAt.count + 1)"
        issuedAt[token] = .now
        return token
    }

    func isValid(_ token: String?, lifetime: Duration) -> Bool {
        guard let token, let at = issuedAt[token] else { return false }
        return at.duration(to: .now) < lifetime
    }
}

/// Holds callers of ``wait()`` until ``open()``, then lets every one through.
private actor Gate {
    private var isOpen = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func wait() async {
        guard !isOpen else { return }
        await withCheckedContinuation { waiting.append($0) }
    }

    func open() {
        isOpen = true
        for continuation in waiting { continuation.resume() }
        waiting = []
    }
}
