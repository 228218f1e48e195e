import HTTPTypes
import Hummingbird

/// Waits `latency` (plus jitter) before answering, to make a fast loopback feel like a real tenant.
struct LatencyMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    let faults: FaultInjector
    let time: SandboxTime

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let delay = await faults.delay()
        if delay > .zero {
            try await time.sleep(delay)
        }
        return try await next(request, context)
    }
}
