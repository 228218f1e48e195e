import AccessPolicy
import Testing

@testable import ISCClient

@Suite("SailPoint error bodies become readable ISCErrors")
struct ErrorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var status: Int
        var body: String
        var contentType = "application/json"
        var kind: ISCError.Kind
        var detailCode: String?
        var trackingID: String?
        var message: String?
        var description: String

        var testDescription: String { "\(status) \(detailCode ?? message ?? "")" }
    }

    static let cases: [Case] = [
        Case(
            status: 400,
            body: #"""
                {"detailCode":"400.1 Bad Request Content","trackingId":"e7eab60924f64aa284175b9fa3309599",
                 "messages":[{"locale":"en-US","localeOrigin":"DEFAULT",
                   "text":"The request was syntactically correct but its content is semantically invalid."}],
                 "causes":[{"locale":"en-US","localeOrigin":"DEFAULT","text":"access.type is invalid"}]}
                """#,
            kind: .badRequest, detailCode: "400.1 Bad Request Content", trackingID: "e7eab60924f64aa284175b9fa3309599",
            message: "The request was syntactically correct but its content is semantically invalid.",
            description: "POST /v2025/common-access: 400 400.1 Bad Request Content — The request was syntactically "
                + "correct but its content is semantically invalid. (trackingId e7eab60924f64aa284175b9fa3309599)"),
        Case(
            status: 403,
            body: #"""
                {"detailCode":"403 Forbidden","trackingId":"b21b1f7ce4da4d639f2c62a57171b427",
                 "messages":[{"locale":"en-US","localeOrigin":"DEFAULT",
                   "text":"The server understood the request but refuses to authorize it."}]}
                """#,
            kind: .forbidden, detailCode: "403 Forbidden", trackingID: "b21b1f7ce4da4d639f2c62a57171b427",
            message: "The server understood the request but refuses to authorize it.",
            description: "POST /v2025/common-access: 403 403 Forbidden — The server understood the request but refuses "
                + "to authorize it. (trackingId b21b1f7ce4da4d639f2c62a57171b427); the API client lacks a scope or "
                + "user level this call needs"),
        Case(
            status: 404,
            body: #"""
                {"detailCode":"404 Not found","trackingId":"t-404",
                 "messages":[{"text":"The server did not find a current representation for the target resource."}]}
                """#,
            kind: .notFound, detailCode: "404 Not found", trackingID: "t-404",
            message: "The server did not find a current representation for the target resource.",
            description: "POST /v2025/common-access: 404 404 Not found — The server did not find a current "
                + "representation for the target resource. (trackingId t-404)"),
        Case(
            status: 409, body: #"{"messages":[],"causes":[{"text":"conflict\nwith another\tchange"}]}"#,
            kind: .badRequest, message: "conflict with another change",
            description: "POST /v2025/common-access: 409 Conflict — conflict with another change"),
        Case(
            status: 422, body: "<html><body>Unprocessable</body></html>", contentType: "text/html",
            kind: .badRequest, message: "<html><body>Unprocessable</body></html>",
            description:
                "POST /v2025/common-access: 422 Unprocessable Entity — <html><body>Unprocessable</body></html>"),
        Case(
            status: 400, body: "", kind: .badRequest,
            description: "POST /v2025/common-access: 400 Bad Request"),
    ]

    @Test("error bodies are decoded into ISCError", arguments: cases)
    func decoded(errorCase: Case) async throws {
        try await StubServer.run(
            tenant { _ in
                .json(errorCase.body, status: errorCase.status, headers: ["Content-Type": errorCase.contentType])
            }
        ) { baseURL, log in
            let client = try ISCClient.forStub(baseURL)
            let error = try await #require(throws: ISCError.self) {
                try await client.createCommonAccess(
                    NewCommonAccess(access: AccessReference(type: .role, id: "r-1"), status: .confirmed))
            }
            #expect(error.kind == errorCase.kind)
            #expect(error.status == errorCase.status)
            #expect(error.method == "POST")
            #expect(error.path == "/v2025/common-access")
            #expect(error.detailCode == errorCase.detailCode)
            #expect(error.trackingID == errorCase.trackingID)
            #expect(error.message == errorCase.message)
            #expect(error.description == errorCase.description)
            #expect(await log.count("POST", "/v2025/common-access") == 1)  // 4xx is never retried
        }
    }

    @Test("a 429 that persists reports the rate limit message")
    func rateLimitedError() async throws {
        try await StubServer.run(
            tenant { _ in
                .json(#"{"message":" Rate Limit Exceeded "}"#, status: 429, headers: ["Retry-After": "0"])
            }
        ) { baseURL, log in
            let client = try ISCClient.forStub(baseURL) { $0.maxAttempts = 2 }
            let error = try await #require(throws: ISCError.self) { try await client.listCommonAccess() }
            #expect(error.kind == .rateLimited)
            #expect(
                error.description
                    == "GET /v2025/common-access: 429 Too Many Requests — Rate Limit Exceeded after 2 attempts")
            #expect(await log.count("GET", "/v2025/common-access") == 2)
            #expect(await client.statistics().rateLimitedResponses == 2)
        }
    }

    @Test("a Retry-After too long to wait for fails at once with a hint")
    func retryAfterTooLong() async throws {
        try await StubServer.run(
            tenant { _ in
                .json(#"{"message":"Rate Limit Exceeded"}"#, status: 429, headers: ["Retry-After": "3600"])
            }
        ) { baseURL, log in
            let client = try ISCClient.forStub(baseURL)
            let error = try await #require(throws: ISCError.self) { try await client.listCommonAccess() }
            #expect(error.kind == .rateLimited)
            #expect(error.description.contains("asked to wait 3600.0 seconds"))
            #expect(await log.count("GET", "/v2025/common-access") == 1)
        }
    }

    @Test("a successful response that is not the expected JSON is a bad response")
    func undecodableSuccess() async throws {
        try await StubServer.run(tenant { _ in .json(#"{"items":[]}"#) }) { baseURL, _ in
            let client = try ISCClient.forStub(baseURL)
            let error = try await #require(throws: ISCError.self) { try await client.listCommonAccess() }
            #expect(error.kind == .badResponse)
            #expect(
                error.description.hasPrefix(
                    "GET /v2025/common-access: 200 OK — the response body is not the expected JSON"))
        }
    }

    @Test("configuration errors print without a method or path")
    func configurationDescription() {
        let error = ISCError(
            kind: .configuration, message: "missing environment variable SAIL_BASE_URL", hint: "set it")
        #expect(error.description == "configuration: missing environment variable SAIL_BASE_URL; set it")
    }
}
