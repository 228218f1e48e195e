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

/// A policy over the seeded sandbox, by id: `creates` catalog items not yet on the common-access list, made
/// CONFIRMED, and `flips` items on the list set to the other status.
struct SeededChanges: Sendable {
    /// `"TYPE id"` of each item the policy creates, in the order the policy lists them.
    var creates: [String] = []
    /// `"TYPE id"` of each item on the list the policy flips.
    var flips: [String] = []
    /// `"TYPE id"` → status, for every entry.
    var desired: [String: String] = [:]
    var yaml = "commonAccess:\n"

    init(creates: Int, flips: Int) {
        let seed = TenantSnapshot.seeded()
        let listed = Set(seed.commonAccess.map(\.key))
        let catalog = seed.roles.map { "ROLE \($0.id)" } + seed.accessProfiles.map { "ACCESS_PROFILE \($0.id)" }
        self.creates = Array(catalog.filter { !listed.contains($0) }.prefix(creates))
        precondition(self.creates.count == creates, "the seed has only \(self.creates.count) items to create")
        for key in self.creates { add(key, "CONFIRMED") }
        for item in seed.commonAccess.prefix(flips) {
            self.flips.append(item.key)
            add(item.key, item.status == .confirmed ? "DENIED" : "CONFIRMED")
        }
        precondition(self.flips.count == flips, "the seed has only \(self.flips.count) items to flip")
    }

    var policies: [String: String] { ["changes.yaml": yaml] }
    var count: Int { desired.count }

    /// How many of the changes the tenant shows now.
    func done(in store: TenantStore) async -> Int {
        let live = await store.snapshot().commonAccess
        return live.filter { desired[$0.key] == $0.status.rawValue }.count
    }

    private mutating func add(_ key: String, _ status: String) {
        let parts = key.split(separator: " ")
        yaml += "  - {type: \(parts[0]), id: \(parts[1]), status: \(status)}\n"
        desired[key] = status
    }
}

extension TenantSnapshot.CommonAccessItem {
    /// `"TYPE id"`, the item's key as the tests write it.
    var key: String { "\(accessType.rawValue) \(accessID)" }
}

/// The tenant equals the policy: every item the policy names has its status, no item is on the list twice,
/// and every item the policy does not name is exactly as it was in the seed (no needless write).
func expectTenant(
    _ store: TenantStore, matches changes: SeededChanges, sourceLocation: SourceLocation = #_sourceLocation
) async {
    let live = await store.snapshot().commonAccess
    let byKey = Dictionary(grouping: live, by: \.key)
    let doubled = byKey.filter { $0.value.count > 1 }.keys.sorted()
    #expect(doubled.isEmpty, "items on the list more than once: \(doubled)", sourceLocation: sourceLocation)
    for (key, status) in changes.desired.sorted(by: { $0.key < $1.key }) {
        #expect(byKey[key]?.first?.status.rawValue == status, "\(key)", sourceLocation: sourceLocation)
    }
    let now = Dictionary(live.map { ($0.id, $0) }) { first, _ in first }
    for item in TenantSnapshot.seeded().commonAccess where changes.desired[item.key] == nil {
        #expect(now[item.id] == item, "\(item.name) was written without need", sourceLocation: sourceLocation)
    }
}

/// Polls `condition` every 20 ms until it holds; fails after `limit`, which is generous: the tests wait for
/// events, never for fixed times.
func waitUntil(
    limit: Duration = .seconds(60), sourceLocation: SourceLocation = #_sourceLocation,
    _ condition: @Sendable () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + limit
    while try await !condition() {
        guard ContinuousClock.now < deadline else {
            Issue.record("the condition did not hold within \(limit)", sourceLocation: sourceLocation)
            return
        }
        try await Task.sleep(for: .milliseconds(20))
    }
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
