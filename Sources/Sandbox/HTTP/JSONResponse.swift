import Foundation
import HTTPTypes
import Hummingbird

/// Builds the sandbox's responses: JSON bodies with `Content-Type: application/json`, as ISC sends.
enum JSONResponse {
    static func make(
        _ status: HTTPResponse.Status, _ value: some Encodable, headers extra: HTTPFields = [:]
    ) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data: Data
        do {
            data = try encoder.encode(value)
        } catch {
            // Our own wire types always encode; answer like ISC does for an internal fault if one ever does not.
            return internalFault()
        }
        var headers = extra
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A body already encoded (`JSONWriter`).
    static func make(_ status: HTTPResponse.Status, json: [UInt8], headers extra: HTTPFields = [:]) -> Response {
        var headers = extra
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: json)))
    }

    private static func internalFault() -> Response {
        let text =
            #"{"causes":[],"detailCode":"500.0 Internal Fault","messages":[{"locale":"en-US","#
            + #""localeOrigin":"DEFAULT","text":"An internal fault occurred."}],"trackingId":"0"}"#
        return Response(
            status: .internalServerError, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
