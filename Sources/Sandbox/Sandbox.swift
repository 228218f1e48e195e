import HTTPTypes
import Hummingbird
import Logging

/// An embedded, simulated SailPoint ISC tenant: the common-access API, `/oauth/token`, the role and
/// access-profile catalog, and access requests (status lists, close, bulk cancel, bulk approve), served by
/// Hummingbird on loopback.
///
/// It behaves like ISC as the API reference describes it, strictly (limits, filters, sorters, error
/// bodies, the experimental header), so that a client tested against it works against the real thing,
/// and so that SailPoint's own SDK can be pointed at it unchanged.
public enum Sandbox {
    /// The client id the sandbox accepts unless configured otherwise.
    public static let defaultClientID = "sandbox-client"
    /// The client secret the sandbox accepts unless configured otherwise. Not a secret: the sandbox is
    /// local and holds only demo data.
    public static let defaultClientSecret = "sandbox-secret"

    /// The routes alone, for in-process tests (`app.test(.router)`).
    ///
    /// Everything but connection drops works here; those need a real socket (`buildApplication`).
    /// Besides the simulated API, the router serves two endpoints for tooling, `GET /__sandbox/metrics`
    /// and `POST /__sandbox/metrics/reset` (see `AdminRoutes`), which are not counted in `metrics`.
    public static func buildRouter(
        store: TenantStore, configuration: SandboxConfiguration = .init(), metrics: SandboxMetrics = .init()
    ) -> Router<BasicRequestContext> {
        buildRouter(
            store: store, configuration: configuration, metrics: metrics,
            faults: FaultInjector(configuration: configuration))
    }

    static func buildRouter(
        store: TenantStore, configuration: SandboxConfiguration, metrics: SandboxMetrics, faults: FaultInjector
    ) -> Router<BasicRequestContext> {
        let router = Router()
        // Before any middleware, so that the tooling endpoints are not counted, slowed or failed.
        AdminRoutes.register(on: router, metrics: metrics)
        // Outermost first: count everything, then shape every error, then wait like a remote tenant.
        router.add(middleware: MetricsMiddleware(metrics: metrics))
        router.add(middleware: ErrorMiddleware())
        router.add(middleware: LatencyMiddleware(faults: faults, time: configuration.time))

        let tokens = TokenRegistry(time: configuration.time)
        let tokenEndpoint = TokenEndpoint(configuration: configuration, tokens: tokens)
        router.post(RouterPath(APIPaths.token)) { request, _ in try await tokenEndpoint.respond(to: request) }

        let gateway = GatewayMiddleware(
            tokens: tokens,
            rateLimiter: configuration.rateLimit.map { RateLimiter(limit: $0, time: configuration.time) },
            perAPIVersion: configuration.rateLimit?.perAPIVersion ?? false, faults: faults)
        let api = router.group().add(middleware: gateway)

        let commonAccess = CommonAccessRoutes(store: store, configuration: configuration, faults: faults)
        for paths in APIPaths.commonAccess {
            let group = paths.experimental ? api.group().add(middleware: ExperimentalHeaderMiddleware()) : api.group()
            group.get(RouterPath(paths.path)) { request, _ in
                try await commonAccess.list(request)
            }
            group.post(RouterPath(paths.path)) { request, _ in
                try await commonAccess.create(request)
            }
            group.post(RouterPath(paths.updateStatusPath)) { request, _ in
                try await commonAccess.updateStatus(request)
            }
        }

        let accessRequests = AccessRequestRoutes(store: store, configuration: configuration, faults: faults)
        for (path, flavor) in APIPaths.accessRequestStatus {
            api.get(RouterPath(path)) { request, _ in try await accessRequests.listStatus(request, flavor: flavor) }
        }
        let experimental = api.group().add(middleware: ExperimentalHeaderMiddleware())
        for (path, flavor) in APIPaths.accessRequestAdministration {
            experimental.get(RouterPath(path)) { request, _ in
                try await accessRequests.listAdministration(request, flavor: flavor)
            }
        }
        for path in APIPaths.closeAccessRequests {
            api.post(RouterPath(path)) { request, _ in try await accessRequests.close(request) }
        }
        for path in APIPaths.bulkCancelAccessRequests {
            api.post(RouterPath(path)) { request, _ in try await accessRequests.bulkCancel(request) }
        }
        for path in APIPaths.bulkApproveAccessRequests {
            api.post(RouterPath(path)) { request, _ in try await accessRequests.bulkApprove(request) }
        }

        let catalog = CatalogRoutes(store: store)
        for path in APIPaths.roles {
            api.get(RouterPath(path)) { request, _ in try await catalog.listRoles(request) }
        }
        for path in APIPaths.accessProfiles {
            api.get(RouterPath(path)) { request, _ in try await catalog.listAccessProfiles(request) }
        }
        return router
    }

    /// A server on `host:port` (port 0 picks a free port), ready to run; `onRunning` gets the bound port.
    ///
    /// Without a `logger` the server logs nothing, so a CLI that embeds it keeps stderr clean. Logs never
    /// contain tokens, secrets or query strings.
    public static func buildApplication(
        store: TenantStore,
        configuration: SandboxConfiguration = .init(),
        metrics: SandboxMetrics = .init(),
        host: String = "127.0.0.1",
        port: Int = 0,
        logger: Logger? = nil,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let faults = FaultInjector(configuration: configuration)
        let router = buildRouter(store: store, configuration: configuration, metrics: metrics, faults: faults)
        let responder = ConnectionDroppingResponder(router: router.buildResponder(), faults: faults, metrics: metrics)
        return Application(
            responder: responder,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in await onRunning(ConnectionDroppingResponder.port(of: channel) ?? port) },
            logger: logger ?? Logger(label: "accesspolicy.sandbox", factory: { _ in SwiftLogNoOpLogHandler() }))
    }
}
