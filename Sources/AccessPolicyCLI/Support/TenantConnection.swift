import AccessPolicy
import AsyncHTTPClient
import Foundation
import ISCClient
import Logging
import Sandbox

/// Opens the tenant a run talks to: a real ISC tenant from the environment's credentials, or the embedded
/// sandbox served on loopback for the length of the run, reached through the same HTTP client.
enum TenantConnection {
    /// Why no tenant could be opened; says which setting or variable to fix, never echoing a secret.
    struct SetupError: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `body` with a connected tenant and a label for output (`sandbox`, the tenant name or URL).
    static func with<T: Sendable>(
        _ settings: RunSettings, context: CommandContext, _ body: @Sendable (ISCClient, String) async throws -> T
    ) async throws -> T {
        let (console, logger) = (context.console, context.logger)
        // Our own HTTP client rather than `HTTPClient.shared`: no redirects (a redirected token request
        // would carry the secret elsewhere), fast connection failures, and a pool as wide as our concurrency.
        var configuration = ISCClient.recommendedHTTPClientConfiguration()
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = settings.concurrency
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            let result = try await with(
                settings, console: console, environment: context.environment, http: http, logger: logger,
                events: progress(console), body)
            try await http.shutdown()
            return result
        } catch {
            try? await http.shutdown()
            throw error
        }
    }

    private static func with<T: Sendable>(
        _ settings: RunSettings, console: any Console, environment: [String: String], http: HTTPClient,
        logger: Logger,
        events: (@Sendable (ClientEvent) -> Void)?, _ body: @Sendable (ISCClient, String) async throws -> T
    ) async throws -> T {
        guard let tenant = settings.tenant else {
            throw SetupError(
                description: """
                    no tenant configured: set "tenant:" in accesspolicy.yaml ("sandbox", a tenant name or a base \
                    URL), pass --tenant, or set SAIL_BASE_URL
                    """)
        }
        switch tenant {
        case .sandbox:
            // Held until the run ends: a second run on the same state waits, then plans against what this one
            // wrote, instead of saving over it.
            let lock = try await lockSandbox(settings.sandboxStateFile, console: console)
            defer { withExtendedLifetime(lock) {} }
            let store = try TenantStore.open(at: settings.sandboxStateFile)
            var serverLogger = logger
            serverLogger.logLevel = settings.verbose ? .info : .warning
            return try await Sandbox.withRunningServer(store: store, logger: serverLogger) { port in
                let client = try makeClient(
                    http: http, baseURL: "http://127.0.0.1:\(port)",
                    credentials: ClientCredentials(
                        clientID: Sandbox.defaultClientID, clientSecret: Sandbox.defaultClientSecret),
                    settings: settings, logger: logger, events: events)
                return try await body(client, "sandbox")
            }
        case .named(let name):
            var environment = environment
            if let given = environment["SAIL_BASE_URL"] {
                if let host = URL(string: given)?.host, !host.hasPrefix("\(name).") {
                    throw SetupError(
                        description: """
                            SAIL_BASE_URL points at \(host) but the tenant is "\(name)": fix one of them, or pass \
                            --tenant with the URL
                            """)
                }
            } else {
                environment["SAIL_BASE_URL"] = "https://\(name).api.identitynow.com"
            }
            let isc = try ISCEnvironment.fromEnvironment(environment)
            let client = try makeClient(
                http: http, baseURL: isc.baseURL, credentials: isc.credentials, settings: settings, logger: logger,
                events: events)
            return try await remembering(client, isc, environment) { try await body(client, name) }
        case .url(let url):
            var environment = environment
            environment["SAIL_BASE_URL"] = url
            let isc = try ISCEnvironment.fromEnvironment(environment)
            let client = try makeClient(
                http: http, baseURL: url, credentials: isc.credentials, settings: settings, logger: logger,
                events: events)
            return try await remembering(client, isc, environment) { try await body(client, url) }
        }
    }

    /// How long a run waits for another run that uses the same sandbox state.
    static let sandboxLockTimeout: Duration = .seconds(300)

    /// Takes the sandbox state's lock, saying so on stderr when another run holds it.
    static func lockSandbox(_ stateFile: URL, console: any Console) async throws -> StateFileLock {
        let command = (["accesspolicy"] + CommandLine.arguments.dropFirst().prefix(2)).joined(separator: " ")
        return try await StateFileLock.acquire(for: stateFile, holder: command, timeout: sandboxLockTimeout) { owner in
            console.err("waiting for \(Escaped.text(owner)) to finish with the sandbox tenant (\(stateFile.path))\n")
        }
    }

    /// Runs `body` with the client's rate limiter aware of this client id's requests from earlier runs, and
    /// records this run's for the next one.
    private static func remembering<T: Sendable>(
        _ client: ISCClient, _ isc: ISCEnvironment, _ environment: [String: String],
        _ body: () async throws -> T
    ) async throws -> T {
        let memory = RateLimitMemory(
            baseURL: isc.baseURL, clientID: isc.credentials.clientID, environment: environment)
        await memory?.restore(into: client)
        do {
            let result = try await body()
            await memory?.save(from: client)
            return result
        } catch {
            await memory?.save(from: client)
            throw error
        }
    }

    /// Pages read, on stderr, only when a person watches it.
    private static func progress(_ console: any Console) -> (@Sendable (ClientEvent) -> Void)? {
        guard console.stderrIsTTY else { return nil }
        return { event in
            if case .pageFetched(let done, let total) = event, total > 1 {
                console.progress("reading common access: page \(done) of \(total)")
                if done == total { console.endProgress() }
            }
        }
    }

    private static func makeClient(
        http: HTTPClient, baseURL: String, credentials: ClientCredentials, settings: RunSettings, logger: Logger,
        events: (@Sendable (ClientEvent) -> Void)?
    ) throws -> ISCClient {
        var configuration = ISCClientConfiguration(
            baseURL: baseURL, apiVersion: settings.apiVersion, credentials: credentials)
        configuration.concurrency = settings.concurrency
        if let perWindow = settings.config.requestsPer10s {
            configuration.rateLimit = perWindow == 0 ? nil : RateLimit(requests: perWindow, window: .seconds(10))
        }
        return try ISCClient(configuration: configuration, httpClient: http, logger: logger, onEvent: events)
    }
}
