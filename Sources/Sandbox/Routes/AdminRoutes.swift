import HTTPTypes
import Hummingbird

/// Endpoints for tooling (the benchmark harness), outside the simulated ISC API:
///
/// - `GET /__sandbox/metrics` answers 200 with the current `SandboxMetrics.Snapshot` as JSON, in its
///   `Codable` form (`requestsByRoute`, `responsesByStatus`, `totalRequests`, `peakInFlight`,
///   `rateLimitedResponses`, `droppedConnections`).
/// - `POST /__sandbox/metrics/reset` zeroes the counters and answers 204 with no body.
///
/// They exist so that a harness talking to a sandbox in another process can read and reset the load it
/// caused without linking the sandbox. They are the observer, not the observed: no token is needed,
/// they are not rate limited, not counted in the metrics they report, never slowed by `latency` and
/// never failed or dropped by fault injection. A real tenant has no such paths, so no client code should
/// call them.
enum AdminRoutes {
    static let metricsPath = "/__sandbox/metrics"
    static let metricsResetPath = "/__sandbox/metrics/reset"

    /// Whether a request path is one of these endpoints (the router matches a trailing slash too).
    static func isAdmin(path: String) -> Bool {
        path.hasPrefix("/__sandbox/")
    }

    /// Adds the endpoints to `router`; call it before any middleware is added, since Hummingbird wraps a
    /// route only in the middleware added before it.
    static func register(on router: Router<BasicRequestContext>, metrics: SandboxMetrics) {
        router.get(RouterPath(metricsPath)) { _, _ in
            JSONResponse.make(.ok, await metrics.snapshot())
        }
        router.post(RouterPath(metricsResetPath)) { _, _ in
            await metrics.reset()
            return Response(status: .noContent)
        }
    }
}
