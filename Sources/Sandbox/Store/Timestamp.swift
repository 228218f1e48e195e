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
        let (seconds, milliseconds) = split(date)
        if let fields = CivilTime(secondsSince1970: seconds) {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(24)
            fields.append(milliseconds: milliseconds, to: &bytes)
            return String(decoding: bytes, as: UTF8.self)
        }
        let base = wholeSeconds.format(Date(timeIntervalSince1970: seconds))  // "2024-03-01T09:30:00Z"
        let fraction = String(milliseconds + 1000).dropFirst()  // zero-padded to three digits
        return "\(base.dropLast()).\(fraction)Z"
    }

    /// Appends `string(from: date)` as UTF-8, without the quotes; a page of 250 items writes 500 of these.
    static func append(_ date: Date, to bytes: inout [UInt8]) {
        let (seconds, milliseconds) = split(date)
        if let fields = CivilTime(secondsSince1970: seconds) {
            fields.append(milliseconds: milliseconds, to: &bytes)
        } else {
            bytes.append(contentsOf: string(from: date).utf8)
        }
    }

    /// `date` truncated to what `string(from:)` writes, as `date(from:)` reads it back; the same value as
    /// `date(from: string(from: date))`, computed without formatting and parsing.
    static func wholeMilliseconds(_ date: Date) -> Date {
        let (seconds, milliseconds) = split(date)
        guard CivilTime(secondsSince1970: seconds) != nil else {
            return Self.date(from: string(from: date)) ?? date
        }
        // `date(from:)` adds the parsed fraction ("0.mmm", correctly rounded, as is this division).
        return Date(timeIntervalSince1970: seconds + Double(milliseconds) / 1000)
    }

    /// Whole seconds (rounded down) and the milliseconds after them, from the date rounded to milliseconds.
    private static func split(_ date: Date) -> (seconds: Double, milliseconds: Int) {
        let totalMilliseconds = (date.timeIntervalSince1970 * 1000).rounded()
        let seconds = (totalMilliseconds / 1000).rounded(.down)
        return (seconds, Int(totalMilliseconds - seconds * 1000))
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

/// A UTC date and time of day, computed with integer arithmetic (Hinnant's `civil_from_days`): formatting
/// with `Date.ISO8601FormatStyle` costs several microseconds a date, which made timestamps the largest
/// cost of a page of common-access items.
private struct CivilTime {
    var year: Int
    var month: Int
    var day: Int
    var secondOfDay: Int

    /// `nil` outside years 1600 through 9999, which the formatter handles: it writes years before the
    /// Gregorian reform (1582) in the Julian calendar, and years past 9999 with more digits.
    init?(secondsSince1970 seconds: Double) {
        guard seconds.magnitude < 1e12 else { return nil }
        let whole = Int(seconds)
        let days = whole >= 0 ? whole / 86_400 : (whole - 86_399) / 86_400
        secondOfDay = whole - days * 86_400
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        guard (1_600...9_999).contains(year) else { return nil }
    }

    /// `2024-03-01T09:30:00.000Z`
    func append(milliseconds: Int, to bytes: inout [UInt8]) {
        func digits(_ value: Int, _ count: Int) {
            var divisor = 1
            for _ in 1..<count { divisor *= 10 }
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
                divisor /= 10
            }
        }
        digits(year, 4)
        bytes.append(UInt8(ascii: "-"))
        digits(month, 2)
        bytes.append(UInt8(ascii: "-"))
        digits(day, 2)
        bytes.append(UInt8(ascii: "T"))
        digits(secondOfDay / 3_600, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(secondOfDay / 60 % 60, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(secondOfDay % 60, 2)
        bytes.append(UInt8(ascii: "."))
        digits(milliseconds, 3)
        bytes.append(UInt8(ascii: "Z"))
    }
}
