import AccessPolicy
import AsyncHTTPClient
import Testing

@testable import ISCClient

/// Answers a broken or hostile server may give, beyond those in ListingTests and ErrorTests (malformed JSON,
/// huge bodies, repeating and endless pages): the client fails with a clear error or reads what it safely
/// can, and never crashes, hangs or echoes a credential.
@Suite("Hostile server answers: wrong types, absurd headers, echoed credentials")
struct HostileAnswerTests {
    struct BrokenPage: Sendable, CustomTestStringConvertible {
        var what: String
        var body: String
        var message: String

        var testDescription: String { what }
    }

    /// `text` inside a JSON string literal.
    static func escaped(_ text: String) -> String {
        text.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"")
    }

    static let good = #"{"id":"i-0","access":{"id":"a-0","type":"ROLE"},"status":"CONFIRMED"}"#

    static let brokenPages: [BrokenPage] = [
        BrokenPage(
            what: "id is an array", body: #"{"id":["i-1"],"access":{"id":"a-1","type":"ROLE"},"status":"DENIED"}"#,
            message: "item 1 of the page has no usable id"),
        BrokenPage(
            what: "access is a string", body: #"{"id":"i-1","access":"ROLE a-1","status":"DENIED"}"#,
            message: "item 1 of the page has no usable access"),
        BrokenPage(
            what: "access.id is an object",
            body: #"{"id":"i-1","access":{"id":{"value":"a-1"},"type":"ROLE"},"status":"DENIED"}"#,
            message: "item 1 of the page has no usable access.id/type"),
        BrokenPage(
            what: "status is an object",
            body: #"{"id":"i-1","access":{"id":"a-1","type":"ROLE"},"status":{"value":"DENIED"}}"#,
            message: "item 1 of the page has no usable status"),
        BrokenPage(
            what: "status is null", body: #"{"id":"i-1","access":{"id":"a-1","type":"ROLE"},"status":null}"#,
            message: "item 1 of the page has no usable status"),
        BrokenPage(
            what: "an item is a number", body: "17",
            message: "the response body is not the expected JSON (expected"),
        BrokenPage(
            what: "an item is null", body: "null", message: "the response body is not the expected JSON"),
    ]

    @Test("an item with a wrong JSON type fails the whole list, naming the item", arguments: brokenPages)
    func wrongTypes(broken: BrokenPage) async throws {
        let body = "[\(Self.good),\(broken.body)]"
        try await StubServer.run(tenant { _ in .json(body, headers: ["X-Total-Count": "2"]) }) { baseURL, _ in
            let client = try ISCClient.forStub(baseURL)
            let error = try await #require(throws: ISCError.self) { try await client.listCommonAccess() }
            #expect(error.kind == .badResponse)
            #expect(error.description.contains(broken.message), "\(error)")
        }
    }

    @Test(
        "a page that is not an array, or not JSON, is a bad response",
        arguments: [
            #"{"0":{"id":"i-0"}}"#, #""[]""#, "42", #"[{"id":"i-0","access":{"id":"a-0","#,
            "<html><body>Service Unavailable</body></html>",
            String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000),
        ])
    func notAnArray(body: String) async throws {
        try await StubServer.run(tenant { _ in .json(body, headers: ["X-Total-Count": "1"]) }) { baseURL, _ in
            let client = try ISCClient.forStub(baseURL)
            let error = try await #require(throws: ISCError.self) { try await client.listCommonAccess() }
            #expect(error.kind == .badResponse)
            #expect(error.description.contains("the response body is not the expected JSON"))
            #expect(error.description.count < 400)
        }
    }

    @Test("fields only shown to people may have the wrong type: they are dropped, the item is kept")
    func lenientDisplayFields() async throws {
        let item = #"""
            {"id":12345,"access":{"id":"a-1","type":"ROLE","name":["x"],"ownerName":{"n":1},"ownerId":7},
             "status":"DENIED","reviewedByUser":"maybe","lastUpdated":false,"createdByUser":"TRUE","extra":[1,2]}
            """#
        try await StubServer.run(tenant { _ in .json("[\(item)]", headers: ["X-Total-Count": "1"]) }) { baseURL, _ in
            let client = try ISCClient.forStub(baseURL)
            let listed = try await client.listCommonAccess()
            try #require(listed.count == 1)
            #expect(listed[0].id == "12345")
            #expect(listed[0].access == AccessReference(type: .role, id: "a-1", ownerID: "7"))
            #expect(listed[0].status == .denied)
            #expect(listed[0].reviewedByUser == nil)
            #expect(listed[0].lastUpdated == "false")
        }
    }

    @Test("a negative X-Total-Count is refused; a non-numeric one is ignored and the list is paged to its end")
    func absurdTotals() async throws {
        try await StubServer.run(tenant { _ in .json("[\(Self.good)]", headers: ["X-Total-Count": "-1"]) }) {
            baseURL, log in
            let client = try ISCClient.forStub(baseURL)
            let error = try await #require(throws: ISCError.self) { try await client.listCommonAccess() }
            #expect(error.description.contains("X-Total-Count -1 is not a plausible number of items"))
            #expect(await log.count("GET", "/v2025/common-access") == 1)
        }
        try await StubServer.run(tenant { _ in .json("[\(Self.good)]", headers: ["X-Total-Count": "many"]) }) {
            baseURL, _ in
            let client = try ISCClient.forStub(baseURL)
            #expect(try await client.listCommonAccess().map(\.id) == ["i-0"])
        }
    }

    @Test("a Retry-After too large for any clock is an error with a hint, not a crash", arguments: ["1e300", "inf"])
    func absurdRetryAfter(value: String) async throws {
        try await StubServer.run(
            tenant { _ in .json(#"{"message":"Rate Limit Exceeded"}"#, status: 429, headers: ["Retry-After": value]) }
        ) { baseURL, log in
            let client = try ISCClient.forStub(baseURL) { $0.maxAttempts = 2 }
            let error = try await #require(throws: ISCError.self) { try await client.listCommonAccess() }
            #expect(error.kind == .rateLimited)
            if value == "1e300" {
                // Taken as a day at most, which is still too long to wait: one request, then a hint.
                #expect(error.description.contains("the tenant asked to wait 86400.0 seconds; try again later"))
                #expect(await log.count("GET", "/v2025/common-access") == 1)
            } else {
                // Not a number of seconds: ignored, so the client backs off on its own and gives up after 2.
                #expect(await log.count("GET", "/v2025/common-access") == 2)
            }
        }
    }

    @Test(
        "a token answer with a wrong type is refused clearly",
        arguments: [
            #"{"access_token":12345,"expires_in":749}"#, #"{"access_token":["t"],"expires_in":749}"#,
            #"{"access_token":"two words","expires_in":749}"#, #"{"access_token":null}"#, "[]",
        ])
    func badToken(body: String) async throws {
        try await StubServer.run(tenant(token: { _ in .json(body) }, api: { page(of: [], for: $0) })) {
            baseURL, log in
            let client = try ISCClient.forStub(baseURL)
            let error = try await #require(throws: ISCError.self) { try await client.listCommonAccess() }
            #expect(error.kind == .badResponse)
            #expect(error.description.contains("without a usable access_token"))
            #expect(await log.apiRequests.isEmpty)
        }
    }

    @Test(
        "an unusable token lifetime falls back to a default instead of fetching a token per request",
        arguments: [#""soon""#, "-5", "0", "null", "1e300"])
    func badLifetime(expiresIn: String) async throws {
        try await StubServer.run(
            tenant(
                token: { _ in .json(#"{"access_token":"t-1","expires_in":\#(expiresIn)}"#) },
                api: { page(of: [], for: $0) })
        ) { baseURL, log in
            let client = try ISCClient.forStub(baseURL)
            for _ in 0..<3 { _ = try await client.listCommonAccess() }
            #expect(await log.count("POST", "/oauth/token") == 1)
        }
    }

    @Test("credentials a server echoes into detailCode or trackingId are scrubbed from the error")
    func echoedCredentials() async throws {
        let token = "tok-canary-5f1e"
        let echo =
            #"{"detailCode":"\#(Self.escaped(canarySecret)) \#(token)","trackingId":"\#(token)","#
            + #""messages":[{"text":"JWT \#(token) refused"}]}"#
        try await StubServer.run(tenant(token: { _ in .token(token) }, api: { _ in .json(echo, status: 400) })) {
            baseURL, _ in
            let client = try ISCClient.forStub(baseURL)
            let error = try await #require(throws: ISCError.self) { try await client.listCommonAccess() }
            #expect(error.kind == .badRequest)
            #expect(!error.description.contains(token), "\(error)")
            #expect(!error.description.contains("canary"), "\(error)")
        }
    }

    @Test("a token endpoint that echoes the secret and client id in its error names the variables, not the values")
    func echoingTokenEndpoint() async throws {
        let body =
            #"{"detailCode":"bad \#(Self.escaped(canarySecret))","#
            + #""trackingId":"sandbox-client","error":"invalid_client","error_description":"sandbox-client is unknown"}"#
        try await StubServer.run(tenant(token: { _ in .json(body, status: 401) }, api: { page(of: [], for: $0) })) {
            baseURL, _ in
            let client = try ISCClient.forStub(baseURL)
            let error = try await #require(throws: ISCError.self) { try await client.listCommonAccess() }
            #expect(error.kind == .unauthorized)
            #expect(error.description.contains("SAIL_CLIENT_ID"))
            #expect(error.description.contains("SAIL_CLIENT_SECRET"))
            #expect(!error.description.contains("canary"), "\(error)")
            #expect(!error.description.contains("sandbox-client"), "\(error)")
        }
    }

    @Test("a page with more items than asked for is refused")
    func overlongPage() async throws {
        let items = makeItems(3)
        try await StubServer.run(
            tenant { _ in .json("[" + items.joined(separator: ",") + "]", headers: ["X-Total-Count": "3"]) }
        ) {
            baseURL, _ in
            let client = try ISCClient.forStub(baseURL) { $0.pageSize = 2 }
            let error = try await #require(throws: ISCError.self) { try await client.listCommonAccess() }
            #expect(error.description.contains("a page had 3 items although at most 2 were asked for"))
        }
    }

    @Test("with the recommended HTTP configuration a redirected token request is not followed with the secret")
    func redirectNotFollowed() async throws {
        let http = HTTPClient(
            eventLoopGroupProvider: .singleton, configuration: ISCClient.recommendedHTTPClientConfiguration())
        try await StubServer.run(
            tenant(
                token: { request in
                    request.path == "/oauth/token"
                        ? StubResponse(status: 307, headers: ["Location": "/elsewhere/oauth/token"]) : .token()
                },
                api: { page(of: [], for: $0) })
        ) { baseURL, log in
            let client = try ISCClient(configuration: testConfiguration(baseURL), httpClient: http)
            let error = await #expect(throws: ISCError.self) { try await client.listCommonAccess() }
            #expect(error?.status == 307)
            #expect(await log.requests.map(\.path) == ["/oauth/token"])
        }
        try await http.shutdown()
    }

    @Test("a huge error body becomes one short line")
    func hugeErrorBody() async throws {
        let text = String(repeating: "overloaded ", count: 50_000)
        try await StubServer.run(tenant { _ in .json(#"{"messages":[{"text":"\#(text)"}]}"#, status: 400) }) {
            baseURL, _ in
            let client = try ISCClient.forStub(baseURL)
            let error = try await #require(throws: ISCError.self) { try await client.listCommonAccess() }
            #expect(error.kind == .badRequest)
            #expect(error.description.count < 500)
            #expect(!error.description.contains("\n"))
        }
    }
}
