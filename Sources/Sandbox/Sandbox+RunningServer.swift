// The sandbox served on loopback for the length of a closure (the CLI's `tenant: sandbox`, tests).

import HTTPTypes
import Hummingbird
import Logging
import ServiceLifecycle

extension Sandbox {
    /// Why `withRunningServer` could not provide a server.
    public enum ServerError: Error, Sendable, CustomStringConvertible {
        /// The server stopped before it was listening (and reported no error of its own).
        case stoppedBeforeListening

        public var description: String {
            switch self {
            case .stoppedBeforeListening: "the sandbox server stopped before it was listening"
            }
        }
    }

    /// Starts the sandbox on 127.0.0.1, runs `body` with the bound port, then shuts the server down
    /// gracefully, whether `body` returns or throws.
    ///
    /// Port 0 (the default) picks a free port, so tests can run several sandboxes side by side.
    /// - Throws: what `body` throws; or the server's error (e.g. the port is taken) if it never started.
    @discardableResult
    public static func withRunningServer<T: Sendable>(
        store: TenantStore,
        configuration: SandboxConfiguration = .init(),
        metrics: SandboxMetrics = .init(),
        port: Int = 0,
        logger: Logger? = nil,
        _ body: @Sendable (Int) async throws -> T
    ) async throws -> T {
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = buildApplication(
            store: store, configuration: configuration, metrics: metrics, port: port, logger: logger,
            onRunning: { port in
                portContinuation.yield(port)
                portContinuation.finish()
            })
        let serviceGroup = ServiceGroup(
            configuration: .init(
                services: [app], gracefulShutdownSignals: [],
                logger: logger ?? Logger(label: "accesspolicy.sandbox", factory: { _ in SwiftLogNoOpLogHandler() })))

        return try await withThrowingTaskGroup(of: Void.self, returning: T.self) { group in
            group.addTask {
                // However the server ends, nobody must wait for a port any more.
                defer { portContinuation.finish() }
                try await serviceGroup.run()
            }
            guard let boundPort = await ports.first(where: { _ in true }) else {
                // The server ended before listening: surface its error.
                try await group.waitForAll()
                throw ServerError.stoppedBeforeListening
            }
            do {
                let value = try await body(boundPort)
                await serviceGroup.triggerGracefulShutdown()
                try await group.waitForAll()
                return value
            } catch {
                await serviceGroup.triggerGracefulShutdown()
                try? await group.waitForAll()
                throw error
            }
        }
    }
}
