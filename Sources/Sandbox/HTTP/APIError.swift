import HTTPTypes
import Hummingbird

/// A refusal, in the shape ISC answers it. Route code throws these; `ErrorMiddleware` turns them into
/// responses.
enum APIError: Error, Sendable, Equatable {
    /// 400 with an `ErrorResponseDto` whose message says what was wrong.
    case badRequest(String)
    /// 401 with `{"error": "JWT validation failed: …"}`.
    case unauthorized(String)
    /// 404 with an `ErrorResponseDto`.
    case notFound
    /// 413 when a body is larger than the sandbox reads.
    case contentTooLarge
    /// 415 when a JSON operation gets another content type.
    case unsupportedMediaType(String)
    /// 429 with `Retry-After` (whole seconds) and `{"message": " Rate Limit Exceeded "}`.
    case rateLimited(retryAfterSeconds: Int)
    /// 500 with an `ErrorResponseDto` ("500.0 Internal Fault").
    case internalFault
    /// An OAuth error from `/oauth/token` (`{"error", "error_description"}`).
    case oauth(status: HTTPResponse.Status, error: String, description: String)

    var status: HTTPResponse.Status {
        switch self {
        case .badRequest: .badRequest
        case .unauthorized: .unauthorized
        case .notFound: .notFound
        case .contentTooLarge: .contentTooLarge
        case .unsupportedMediaType: .unsupportedMediaType
        case .rateLimited: .tooManyRequests
        case .internalFault: .internalServerError
        case .oauth(let status, _, _): status
        }
    }

    var response: Response {
        switch self {
        case .badRequest(let text):
            JSONResponse.make(status, ErrorResponseWire(detailCode: "400.1 Bad Request Content", text: text))
        case .unauthorized(let text):
            JSONResponse.make(status, UnauthorizedWire(error: text))
        case .notFound:
            JSONResponse.make(
                status,
                ErrorResponseWire(
                    detailCode: "404 Not found",
                    text: "The server did not find a current representation for the target resource."))
        case .contentTooLarge:
            JSONResponse.make(
                status,
                ErrorResponseWire(detailCode: "413 Payload Too Large", text: "The request body is too large."))
        case .unsupportedMediaType(let text):
            JSONResponse.make(status, ErrorResponseWire(detailCode: "415 Unsupported Media Type", text: text))
        case .rateLimited(let seconds):
            JSONResponse.make(status, RateLimitWire(), headers: [.retryAfter: String(seconds)])
        case .internalFault:
            JSONResponse.make(
                status, ErrorResponseWire(detailCode: "500.0 Internal Fault", text: "An internal fault occurred."))
        case .oauth(_, let error, let description):
            JSONResponse.make(status, OAuthErrorWire(error: error, errorDescription: description))
        }
    }
}
