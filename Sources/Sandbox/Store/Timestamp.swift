import Foundation

/// How the sandbox writes and reads date-times: ISO 8601 in UTC with milliseconds
/// (`2024-03-01T09:30:00.000Z`), the shape ISC's own responses use.
///
/// Milliseconds are written rounded and read back by exact arithmetic on whole seconds, so a date that
/// went through the file or the wire once comes back bit-for-bit equal (Foundation's fractional-second
/// formatter truncates, which would turn `.800` into `.799` on the next round).
enum Timestamp {
    private static let wholeSeconds = Date.ISO8601FormatStyle()
    private static let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    static func string(from date: Date) -> String {
        let totalMilliseconds = (date.timeIntervalSince1970 * 1000).rounded()
        let seconds = (totalMilliseconds / 1000).rounded(.down)
        let milliseconds = Int(totalMilliseconds - seconds * 1000)
        let base = wholeSeconds.format(Date(timeIntervalSince1970: seconds))  // "2024-03-01T09:30:00Z"
        let fraction = String(milliseconds + 1000).dropFirst()  // zero-padded to three digits
        return "\(base.dropLast()).\(fraction)Z"
    }

    /// Accepts RFC 3339 date-times with or without fractional seconds, in UTC or with an offset.
    static func date(from string: String) -> Date? {
        // The canonical UTC form is read exactly: whole seconds, plus the fraction.
        if string.hasSuffix("Z"), string.count >= 20 {
            let body = string.dropLast()
            let secondsPart = body.prefix(19)
            let rest = body.dropFirst(19)
            if let base = try? wholeSeconds.parse(secondsPart + "Z") {
                if rest.isEmpty { return base }
                if rest.first == ".", rest.count > 1, rest.dropFirst().allSatisfy(\.isASCII),
                    rest.dropFirst().allSatisfy(\.isNumber), let fraction = Double("0" + rest)
                {
                    return Date(timeIntervalSince1970: base.timeIntervalSince1970 + fraction)
                }
            }
        }
        if let date = try? withFraction.parse(string) { return date }
        return try? wholeSeconds.parse(string)
    }

    /// Encoder for persisted snapshots: stable key order so a diff of the file reads well.
    static func snapshotEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(string(from: date))
        }
        return encoder
    }

    static func snapshotDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = date(from: text) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "not an ISO 8601 date-time: \(text)")
            }
            return date
        }
        return decoder
    }
}
