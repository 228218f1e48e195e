import AccessPolicy
import Foundation
import ISCClient
import Logging
import Sandbox
import Testing
import YAMLTree

/// Runs `body` with the sandbox served on a free loopback port and the real ISC client pointed at it.
///
/// The client has no rate limit and its default retry delays unless `adjust` changes them.
func withSandboxClient<T: Sendable>(
    store: TenantStore = TenantStore(),
    configuration: SandboxConfiguration = .init(),
    apiVersion: APIVersion = .v2025,
    adjust: @Sendable (inout ISCClientConfiguration) -> Void = { _ in },
    _ body: @Sendable (ISCClient, TenantStore, SandboxMetrics) async throws -> T
) async throws -> T {
    let metrics = SandboxMetrics()
    var quiet = Logger(label: "sandbox")
    quiet.logLevel = .critical
    return try await Sandbox.withRunningServer(
        store: store, configuration: configuration, metrics: metrics, logger: quiet
    ) {
        port in
        var client = ISCClientConfiguration(
            baseURL: "http://127.0.0.1:\(port)", apiVersion: apiVersion,
            credentials: ClientCredentials(clientID: Sandbox.defaultClientID, clientSecret: Sandbox.defaultClientSecret)
        )
        client.rateLimit = nil
        adjust(&client)
        return try await body(try ISCClient(configuration: client), store, metrics)
    }
}

/// Loads policy text as if it were files under `policies/`.
func policy(_ files: [String: String]) throws -> PolicySet {
    try PolicyLoader().load(files.map { ("policies/\($0.key)", Array($0.value.utf8)) })
}

let planOptions = Planner.Options(tenant: "sandbox", apiVersion: .v2025, unmanaged: .ignore)

/// A policy over the seeded sandbox catalog: some no-ops, flips, creates, by id and by name.
let demoPolicy = [
    "company.yaml": """
    commonAccess:
      - {type: ROLE, id: 2c91806f2eabc9d960416a6d56612ef3, status: CONFIRMED}
      - {type: ACCESS_PROFILE, name: Domain Users, status: CONFIRMED}
      - {type: ACCESS_PROFILE, name: VPN Access, status: DENIED}
    """,
    "eng.yaml": """
    commonAccess:
      - {type: ACCESS_PROFILE, name: GitHub Engineering, status: CONFIRMED}
      - {type: ACCESS_PROFILE, name: Okta Admin, status: DENIED}
      - {type: ROLE, name: "C++ Developers", status: CONFIRMED}
      - {type: ROLE, name: "Project \\"Falcon\\" Team", status: DENIED}
      - {type: ROLE, name: "#Employees", status: CONFIRMED}
      - {type: ROLE, name: Finance Approver, status: CONFIRMED}
    """,
]
