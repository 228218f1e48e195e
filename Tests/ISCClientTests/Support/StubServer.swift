import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

/// A request exactly as the stub server received it.
struct RecordedRequest: Sendable {
    var method: String
    var path: String
    /// The query string as it came over the wire, still percent-encoded; empty when there was none.
    var rawQuery: String
    /// Header values by lowercased name (repeated headers joined with ", ").
    var headers: [String: String]
    var body: String
    var receivedAt: ContinuousClock.Instant

    /// `"GET /v2025/common-access"`.
    var label: String { "\(method) \(path)" }

    /// The decoded value of query parameter `name`, or nil.
    func query(_ name: String) -> String? {
        for pair in rawQuery.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.first.map(String.init) == name {
                return parts.count > 1 ? String(parts[1]).removingPercentEncoding : ""
            }
        }
        return nil
    }

    /// The query parameter as an integer.
    func intQuery(_ name: String) -> Int? { query(name).flatMap { Int($0) } }

    func header(_ name: String) -> String? { headers[name.lowercased()] }

    /// The bearer token the request carried.
    var bearer: String? {
        guard let value = header("Authorization"), value.hasPrefix("Bearer ") else { return nil }
        return String(value.dropFirst("Bearer ".count))
    }
}

/// What the stub answers.
struct StubResponse: Sendable {
    var status: Int
    var headers: [String: String] = [:]
    var body: String = ""

    static func json(_ body: String, status: Int = 200, headers: [String: String] = [:]) -> StubResponse {
        var headers = headers
        headers["Content-Type"] = headers["Content-Type"] ?? "application/json"
        return StubResponse(status: status, headers: headers, body: body)
    }

    static func token(_ value: String = "token-1", expiresIn: Int = 749) -> StubResponse {
        .json(#"{"access_token":"\#(value)","token_type":"bearer","expires_in":\#(expiresIn),"scope":"sp:scopes:all"}"#)
    }
}

/// Every request a stub server received, in arrival order.
actor RequestLog {
    private(set) var requests: [RecordedRequest] = []

    func append(_ request: RecordedRequest) { requests.append(request) }

    /// Requests to `method path`, in order.
    func requests(_ method: String, _ path: String) -> [RecordedRequest] {
        requests.filter { $0.method == method && $0.path == path }
    }

    func count(_ method: String, _ path: String) -> Int { requests(method, path).count }

    /// Requests other than the token requests.
    var apiRequests: [RecordedRequest] { requests.filter { $0.path != "/oauth/token" } }
}

/// A real HTTP server on 127.0.0.1, port 0, that records every request and answers with `respond`.
///
/// Written from the API reference alone, independently of the Sandbox module, so client and server stay two
/// separate readings of it.
enum StubServer {
    static func run<T: Sendable>(
        _ respond: @escaping @Sendable (RecordedRequest) async throws -> StubResponse,
        test: @escaping @Sendable (_ baseURL: String, _ log: RequestLog) async throws -> T
    ) async throws -> T {
        let log = RequestLog()
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            var request = request
            let body = try await request.collectBody(upTo: 4 << 20)
            var headers: [String: String] = [:]
            for field in request.headers {
                let name = field.name.canonicalName
                headers[name] = headers[name].map { "\($0), \(field.value)" } ?? field.value
            }
            let recorded = RecordedRequest(
                method: request.method.rawValue, path: request.uri.path, rawQuery: request.uri.query ?? "",
                headers: headers, body: String(buffer: body), receivedAt: .now)
            await log.append(recorded)
            let stub = try await respond(recorded)
            var fields = HTTPFields()
            for (name, value) in stub.headers {
                fields[try #require(.init(name))] = value
            }
            return Response(
                status: HTTPResponse.Status(code: stub.status), headers: fields,
                body: ResponseBody(byteBuffer: ByteBuffer(string: stub.body)))
        }
        var quiet = Logger(label: "isc-client-tests.stub")
        quiet.logLevel = .critical
        let app = Application(
            responder: responder, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: quiet)
        return try await app.test(.live) { client in
            let port = try #require(client.port)
            return try await test("http://127.0.0.1:\(port)", log)
        }
    }
}
