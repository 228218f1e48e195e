import HTTPTypes
import Hummingbird
import Logging

/// Turns every failure into the body ISC would send: `APIError`s as they say, Hummingbird's own errors
/// (no such route, body too large) as an `ErrorResponseDto`, and anything else as a 500.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return error.response
        } catch let error as any HTTPResponseError {
            switch error.status {
            case .notFound, .methodNotAllowed: return APIError.notFound.response
            case .contentTooLarge: return APIError.contentTooLarge.response
            case .badRequest: return APIError.badRequest("The request could not be read.").response
            default: return APIError.internalFault.response
            }
        } catch {
            context.logger.error("sandbox route failed", metadata: ["error.type": "\(type(of: error))"])
            return APIError.internalFault.response
        }
    }
}
