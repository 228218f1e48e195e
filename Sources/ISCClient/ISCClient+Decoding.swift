// Response bodies into wire types, with errors that name the call.

import AccessPolicy
import Foundation

extension ISCClient {
    /// Decodes an accepted response's JSON body, or throws ``ISCError`` `.badResponse` naming the call.
    func decodeBody<T: Decodable>(_ type: T.Type, from response: APIResponse, for request: APIRequest) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(response.body))
        } catch {
            throw ISCError(
                kind: .badResponse, method: request.method.rawValue, path: request.path, status: response.status,
                message: "the response body is not the expected JSON (\(Self.decodingSummary(error)))")
        }
    }

    /// A page of common-access items; an item without id, access or status fails the page with its index.
    func decodeCommonAccessPage(_ response: APIResponse, for request: APIRequest) throws -> [LiveItem] {
        let wires: [CommonAccessItemWire]
        do {
            wires = try CommonAccessPageReader.read(response.body)
        } catch {
            throw ISCError(
                kind: .badResponse, method: request.method.rawValue, path: request.path, status: response.status,
                message: "the response body is not the expected JSON (\(error.message))")
        }
        return try wires.enumerated().map { index, wire in
            switch wire.liveItem() {
            case .success(let item): return item
            case .failure(let missing):
                throw ISCError(
                    kind: .badResponse, method: request.method.rawValue, path: request.path, status: response.status,
                    message: "item \(index) of the page has no usable \(missing.name)")
            }
        }
    }

    static func decodingSummary(_ error: any Error) -> String {
        switch error {
        case DecodingError.typeMismatch(let type, let context):
            "expected \(type) at \(codingPath(context.codingPath))"
        case DecodingError.valueNotFound(let type, let context):
            "missing \(type) at \(codingPath(context.codingPath))"
        case DecodingError.keyNotFound(let key, let context):
            "missing key \(key.stringValue) at \(codingPath(context.codingPath))"
        case DecodingError.dataCorrupted:
            "not valid JSON"
        default:
            "undecodable"
        }
    }

    private static func codingPath(_ path: [any CodingKey]) -> String {
        path.isEmpty ? "the top level" : path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }
}
