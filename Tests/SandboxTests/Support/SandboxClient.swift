import AccessPolicyTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Sandbox
import Testing

/// How a test reaches the sandbox: in process (`.router`) or over a real loopback socket (`.live`).
enum Transport: Sendable, CaseIterable, CustomTestStringConvertible {
    case router, live

    var testDescription: String { self == .router ? "in process" : "over loopback" }
}

/// Runs `body` against a fresh sandbox.
func withSandbox<T: Sendable>(
    _ transport: Transport = .router,
    store: TenantStore = TenantStore(),
    configuration: SandboxConfiguration = .init(),
    metrics: SandboxMetrics = .init(),
    _ body: @Sendable (SandboxClient) async throws -> T
) async throws -> T {
    switch transport {
    case .router:
        let app = Application(
            router: Sandbox.buildRouter(store: store, configuration: configuration, metrics: metrics))
        return try await app.test(.router) { try await body(SandboxClient(raw: $0)) }
    case .live:
        let app = Sandbox.buildApplication(store: store, configuration: configuration, metrics: metrics)
        return try await app.test(.live) { try await body(SandboxClient(raw: $0)) }
    }
}

/// A thin client for tests: sends requests, optionally with a bearer token and the experimental header.
struct SandboxClient: Sendable {
    let raw: any TestClientProtocol
    var token: String?

    static let experimentalHeader = HTTPField.Name("X-SailPoint-Experimental")!

    /// Fetches a token with the default credentials and returns a client that sends it.
    func authorized() async throws -> SandboxClient {
        var copy = self
        copy.token = try await fetchToken()
        return copy
    }

    func fetchToken(
        clientID: String = Sandbox.defaultClientID, secret: String = Sandbox.defaultClientSecret
    ) async throws -> String {
        let response = try await requestToken(
            body: "grant_type=client_credentials&client_id=\(clientID)&client_secret=\(secret)")
        guard response.status == .ok else { throw TestFailure("token request answered \(response.status)") }
        return try response.decode(TokenReply.self).access_token
    }

    func requestToken(query: String? = nil, body: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if body != nil { headers[.contentType] = "application/x-www-form-urlencoded" }
        return try await raw.execute(
            uri: "/oauth/token" + (query.map { "?" + $0 } ?? ""), method: .post, headers: headers,
            body: body.map { ByteBuffer(string: $0) })
    }

    func get(_ uri: String, experimental: Bool = true, headers extra: HTTPFields = [:]) async throws -> TestResponse {
        try await raw.execute(uri: uri, method: .get, headers: headers(experimental: experimental, extra: extra))
    }

    func post(_ uri: String, json: String, experimental: Bool = true, contentType: String = "application/json")
        async throws -> TestResponse
    {
        var headers = headers(experimental: experimental, extra: [:])
        headers[.contentType] = contentType
        return try await raw.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: json))
    }

    private func headers(experimental: Bool, extra: HTTPFields) -> HTTPFields {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        if experimental { headers[Self.experimentalHeader] = "true" }
        headers[.userAgent] = "OpenAPI-Generator/1.4.2/python"
        return headers
    }

    // MARK: - Conveniences over the seeded tenant

    /// Every common-access item under `/v2025`, in the default order.
    func listAll(_ query: String = "") async throws -> [ListedItem] {
        let response = try await get("/v2025/common-access" + (query.isEmpty ? "" : "?" + query))
        guard response.status == .ok else { throw TestFailure("list answered \(response.status): \(response.text)") }
        return try response.decode([ListedItem].self)
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension TestResponse {
    var text: String { String(buffer: body) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }

    var totalCount: Int? {
        headers[HTTPField.Name("X-Total-Count")!].flatMap(Int.init)
    }
}

/// Percent-encodes a query value strictly (RFC 3986 unreserved characters only), as a client must.
func encoded(_ value: String) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
}

/// Sandbox time on `clock`, from a date on a whole millisecond (as the sandbox stores dates), so a write due
/// after a delay shows exactly when the clock has moved by that delay.
func manualTime(_ clock: ManualClock) -> SandboxTime {
    SandboxTime(clock: clock, start: Date(timeIntervalSince1970: 1_800_000_000))
}
