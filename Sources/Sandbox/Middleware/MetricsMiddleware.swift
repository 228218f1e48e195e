import HTTPTypes
import Hummingbird

/// Counts every request routed through the sandbox, per `"METHOD /route-template"` (outermost middleware,
/// so 401, 404 and 429 answers are counted too).
struct MetricsMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    let metrics: SandboxMetrics

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        await metrics.requestStarted(route: Self.routeKey(method: request.method, template: context.endpointPath))
        do {
            let response = try await next(request, context)
            await metrics.requestFinished(status: response.status.code)
            return response
        } catch {
            await metrics.requestFinished(status: 500)
            throw error
        }
    }

    /// `"GET /v2025/common-access"`, or `"GET <unmatched>"` for a path no route matches.
    static func routeKey(method: HTTPRequest.Method, template: String?) -> String {
        "\(method.rawValue) \(template ?? "<unmatched>")"
    }
}
