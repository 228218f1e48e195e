import Foundation
import HTTPTypes

/// Reads the text fields of a `multipart/form-data` body (RFC 7578), enough for a token request.
enum MultipartForm {
    static func fields(_ body: Data, contentType: String) throws(APIError) -> FormEncoding {
        guard let boundary = boundary(in: contentType) else {
            throw .oauth(status: .badRequest, error: "invalid_request", description: "Missing multipart boundary")
        }
        let text = String(decoding: body, as: UTF8.self)
        var encoded: [String] = []
        for part in text.components(separatedBy: "--" + boundary).dropFirst() {
            if part.hasPrefix("--") { break }  // the closing delimiter
            guard let split = part.range(of: "\r\n\r\n") else { continue }
            let headers = part[..<split.lowerBound]
            var value = String(part[split.upperBound...])
            if value.hasSuffix("\r\n") { value.removeLast() }  // "\r\n" is one Character
            guard let name = fieldName(in: headers) else { continue }
            encoded.append(percentEncode(name) + "=" + percentEncode(value))
        }
        return try FormEncoding(encoded.joined(separator: "&"))
    }

    private static func boundary(in contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "boundary" else {
                continue
            }
            return pair[1].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return nil
    }

    private static func fieldName(in headers: Substring) -> String? {
        for line in headers.components(separatedBy: "\r\n")
        where line.lowercased().hasPrefix("content-disposition:") {
            guard let start = line.range(of: " name=\"") ?? line.range(of: ";name=\"") else { return nil }
            let rest = line[start.upperBound...]
            return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
        }
        return nil
    }

    private static func percentEncode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }
}
