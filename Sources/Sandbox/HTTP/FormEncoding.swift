/// Decodes `application/x-www-form-urlencoded` text: query strings and token request bodies.
///
/// `+` means a space, as Java servlet containers (and so ISC) read query strings. That is why clients
/// must send a literal plus as `%2B`: a role named `C++ Developers` sent with raw `+` arrives as
/// `C   Developers` and matches nothing, here as there.
struct FormEncoding: Sendable {
    /// Pairs in order; a name may repeat.
    private(set) var pairs: [(name: String, value: String)]

    /// - Throws: `APIError.badRequest` for a malformed percent escape or a raw `#`.
    init(_ text: String?) throws(APIError) {
        pairs = []
        guard let text, !text.isEmpty else { return }
        if text.contains("#") {
            throw .badRequest("The request contains an unescaped '#'; encode it as %23.")
        }
        for field in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = field.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = try Self.decode(parts[0])
            let value = parts.count > 1 ? try Self.decode(parts[1]) : ""
            pairs.append((name, value))
        }
    }

    /// The first value given for `name`, as servlet containers answer `getParameter`.
    subscript(name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }

    static func decode(_ text: Substring) throws(APIError) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    throw .badRequest("Malformed percent-encoding in the request: \(text)")
                }
                bytes.append(high << 4 | low)
            default:
                bytes.append(byte)
            }
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else {
            throw .badRequest("The request is not valid UTF-8 after percent-decoding: \(text)")
        }
        return decoded
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
