import HTTPTypes
import Hummingbird

/// Refuses calls to an experimental endpoint without `X-SailPoint-Experimental: true`, as ISC does for
/// common access under `/v2024`, `/v2025`, `/v2026` and `/common-access/v1` (not under `/beta`).
struct ExperimentalHeaderMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    static let header = HTTPField.Name("X-SailPoint-Experimental")!

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard request.headers[Self.header]?.lowercased() == "true" else {
            throw APIError.badRequest(
                "This endpoint is experimental and requires the header X-SailPoint-Experimental: true.")
        }
        return try await next(request, context)
    }
}
