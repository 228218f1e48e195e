import AccessPolicy
import InMemoryLogging
import Logging
import Testing

@testable import ISCClient

@Suite("Secrets never leak into logs, errors or descriptions")
struct SecretTests {
    static let tokenValue = "eyJhbGciOiJIUzI1NiJ9.canary-token-payload.sig"

    @Test("a full session at trace level logs every request but never the secret or the token")
    func logsAreClean() async throws {
        let handler = InMemoryLogHandler()
        let logger = {
            var logger = Logger(label: "isc-client-tests", factory: { _ in handler })
            logger.logLevel = .trace
            return logger
        }()
        let posts = Counter()
        let api: @Sendable (RecordedRequest) async throws -> StubResponse = { request in
            switch request.label {
            case "GET /v2025/common-access":
                return page(of: makeItems(3), for: request)
            case "POST /v2025/common-access":
                return await posts.next() == 1
                    ? .json(#"{"detailCode":"500.0 Internal Fault","messages":[{"text":"oops"}]}"#, status: 500)
                    : .json(commonAccessJSON(id: "n-1", accessID: "r-1"), status: 202)
            default:
                // An error that echoes the bearer token back: it must be scrubbed from the error.
                return .json(#"{"error":"JWT validation failed for \#(request.bearer ?? "")"}"#, status: 401)
            }
        }
        try await StubServer.run(tenant(token: { _ in .token(Self.tokenValue) }, api: api)) { baseURL, _ in
            let client = try ISCClient(configuration: testConfiguration(baseURL), logger: logger)
            _ = try await client.listCommonAccess()
            _ = try await client.createCommonAccess(
                NewCommonAccess(access: AccessReference(type: .role, id: "r-1"), status: .confirmed))
            let error = try await #require(throws: ISCError.self) {
                try await client.updateStatus(StatusBatch(confirmedIDs: ["x"]))
            }
            #expect(error.description.contains("JWT validation failed for <redacted>"))
            for text in [error.description, String(describing: client), String(reflecting: client)] {
                #expect(!text.contains("canary"), "\(text)")
            }
            var dumped = ""
            dump(client, to: &dumped)
            #expect(!dumped.contains("canary"))
        }
        let entries = handler.entries
        #expect(entries.contains { $0.message.description.contains("GET /v2025/common-access 200") })
        #expect(entries.contains { $0.message.description.contains("POST /oauth/token 200") })
        for entry in entries {
            let text = "\(entry.message) \(entry.metadata)"
            #expect(!text.contains("canary"), "\(text)")
            #expect(!text.contains(Self.tokenValue))
            #expect(!text.contains("Bearer"))
        }
    }

    @Test("the secret is sent only in the token request body")
    func secretOnlyInTokenBody() async throws {
        try await StubServer.run(tenant { _ in .json("[]") }) { baseURL, log in
            let client = try ISCClient.forStub(baseURL)
            _ = try await client.findCatalogItems(type: .role, named: "x")
            for request in await log.requests {
                let headers = request.headers.values.joined(separator: " ")
                #expect(!headers.contains("canary"))
                #expect(!request.rawQuery.contains("canary"))
                if request.path != "/oauth/token" { #expect(!request.body.contains("canary")) }
            }
        }
    }
}
