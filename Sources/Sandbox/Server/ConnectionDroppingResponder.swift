import HTTPTypes
import Hummingbird
import NIOCore

/// The request context of the served application: Hummingbird's basic context plus the connection, which
/// the router's `BasicRequestContext` does not carry and a dropped connection needs.
struct ConnectionContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}

/// Sits in front of the router; under `dropConnectionRate` it closes the connection instead of answering
/// (before the request reaches the tenant, so nothing is applied). Token requests and the tooling
/// endpoints (`AdminRoutes`) are never dropped.
struct ConnectionDroppingResponder: HTTPResponder {
    typealias Context = ConnectionContext

    let router: RouterResponder<BasicRequestContext>
    let faults: FaultInjector
    let metrics: SandboxMetrics

    func respond(to request: Request, context: Context) async throws -> Response {
        let path = request.uri.path
        if path != APIPaths.token, !AdminRoutes.isAdmin(path: path), await faults.dropsConnection() {
            let route = MetricsMiddleware.routeKey(method: request.method, template: APIPaths.template(for: path))
            await metrics.connectionDropped(route: route)
            try? await context.channel.close()
            // The connection is gone: Hummingbird's attempt to write this fails quietly.
            return Response(status: .internalServerError)
        }
        let inner = BasicRequestContext(
            source: ApplicationRequestContextSource(channel: context.channel, logger: context.logger))
        return try await router.respond(to: request, context: inner)
    }

    static func port(of channel: any Channel) -> Int? {
        channel.localAddress?.port
    }
}
