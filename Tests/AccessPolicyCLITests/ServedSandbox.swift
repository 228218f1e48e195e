import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Sandbox
import Testing

/// The credentials the sandbox accepts by default, as the CLI reads them from the environment.
let sandboxCredentials = [
    "SAIL_CLIENT_ID": Sandbox.defaultClientID, "SAIL_CLIENT_SECRET": Sandbox.defaultClientSecret,
]

/// Serves a sandbox from the test process on a free loopback port, so a test can configure its faults, read
/// its store and metrics while the `accesspolicy` binary talks to it, and survive that binary being killed.
func withServedSandbox<T: Sendable>(
    store: TenantStore = TenantStore(), configuration: SandboxConfiguration = .init(),
    _ body: @Sendable (_ port: Int, TenantStore, SandboxMetrics) async throws -> T
) async throws -> T {
    let metrics = SandboxMetrics()
    var quiet = Logger(label: "sandbox")
    quiet.logLevel = .critical
    return try await Sandbox.withRunningServer(
        store: store, configuration: configuration, metrics: metrics, logger: quiet
    ) { port in
        try await body(port, store, metrics)
    }
}

/// A config file for a sandbox served by the test: a URL tenant, a client-side limit high enough not to slow the
/// test down (the sandbox's own gateway limit is what a test configures), and the denial guards off: the seeded
/// changes flip more than the default 10 % of the 15-item tenant, and guards are not what these tests are about.
func servedConfig(port: Int) -> String {
    "tenant: http://127.0.0.1:\(port)\nrequestsPer10s: 10000\nguards: {maxDenied: off, maxDeniedPercent: off}\n"
}

extension SandboxMetrics.Snapshot {
    /// Writes the sandbox received at the common-access create endpoint.
    var creates: Int { requestsByRoute["POST /v2025/common-access", default: 0] }

    /// True when every request that arrived has been answered (or dropped): nothing is still in flight.
    var isQuiet: Bool { responsesByStatus.values.reduce(0, +) + droppedConnections == totalRequests }
}

/// The JSON document a command printed on stdout.
func jsonObject(_ result: CLIRunner.Result, sourceLocation: SourceLocation = #_sourceLocation) throws
    -> [String: Any]
{
    try #require(
        try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
        "stdout: \(result.stdout)\nstderr: \(result.stderr)", sourceLocation: sourceLocation)
}

// MARK: - Seeing the tokens the sandbox issues

/// Every access token a sandbox handed out, and every bearer token that came back to it.
actor TokenLog {
    private(set) var issued: Set<String> = []
    private(set) var presented: Set<String> = []
    /// Token responses whose body could not be read for a token: must stay zero, or `issued` is incomplete.
    private(set) var unreadable = 0

    func recordIssued(body: ByteBuffer) {
        let object = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]
        if let token = object?["access_token"] as? String { issued.insert(token) } else { unreadable += 1 }
    }

    func recordPresented(_ token: String) {
        presented.insert(token)
    }
}

/// Wraps the sandbox's router and copies every token it issues and receives into a ``TokenLog``.
///
/// The sandbox keeps its tokens to itself (its `TokenRegistry` is internal), so the test reads them off the
/// wire instead: the token endpoint's answers and the requests' `Authorization` headers.
struct TokenRecordingResponder<Inner: HTTPResponder>: HTTPResponder where Inner.Context == BasicRequestContext {
    let inner: Inner
    let log: TokenLog

    func respond(to request: Request, context: BasicRequestContext) async throws -> Response {
        if let authorization = request.headers[.authorization], authorization.hasPrefix("Bearer ") {
            await log.recordPresented(String(authorization.dropFirst("Bearer ".count)))
        }
        var response = try await inner.respond(to: request, context: context)
        if request.uri.path == "/oauth/token", response.status == .ok {
            let log = self.log
            response.body = response.body.map { buffer in
                await log.recordIssued(body: buffer)
                return buffer
            }
        }
        return response
    }
}

/// Serves the sandbox behind a ``TokenRecordingResponder``.
func withTokenRecordingSandbox<T: Sendable>(
    configuration: SandboxConfiguration, _ body: @escaping @Sendable (_ port: Int, TokenLog) async throws -> T
) async throws -> T {
    let log = TokenLog()
    let router = Sandbox.buildRouter(store: TenantStore(), configuration: configuration)
    var quiet = Logger(label: "sandbox")
    quiet.logLevel = .critical
    let app = Application(
        responder: TokenRecordingResponder(inner: router.buildResponder(), log: log),
        configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: quiet)
    return try await app.test(.live) { client in
        try await body(try #require(client.port), log)
    }
}
