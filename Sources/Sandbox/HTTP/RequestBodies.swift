import Foundation
import HTTPTypes
import Hummingbird

/// Reads request bodies with the checks ISC makes before it looks at the content.
enum RequestBodies {
    /// The sandbox reads bodies up to this size. ISC documents no limit for `update-status`; 64 MiB is
    /// far more than any real batch (about a million item ids).
    static let maxBytes = 64 << 20

    /// The media type without parameters, lowercased (`application/json`), or `nil` without the header.
    static func mediaType(of request: Request) -> String? {
        request.headers[.contentType].map {
            $0.split(separator: ";", maxSplits: 1).first.map(String.init)?
                .trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        }
    }

    static func bytes(of request: Request) async throws(APIError) -> Data {
        var request = request
        do {
            let buffer = try await request.collectBody(upTo: maxBytes)
            return Data(buffer.readableBytesView)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw .contentTooLarge
        } catch {
            throw .badRequest("The request body could not be read.")
        }
    }

    /// The body as JSON, for the common-access writes.
    /// - Throws: 415 for a non-JSON content type, 400 for an empty or malformed body.
    static func json(of request: Request) async throws(APIError) -> JSONValue {
        if let type = mediaType(of: request), type != "application/json", !type.hasSuffix("+json") {
            throw .unsupportedMediaType("Content type '\(type)' is not supported; send application/json.")
        }
        let data = try await bytes(of: request)
        guard !data.isEmpty else { throw .badRequest("The request body is missing.") }
        return try JSONValue.parse(data)
    }
}
