/// A small, strict, single-pass JSON reader over bytes, for the one hot path of the client: decoding
/// 100,000 common-access items (400 pages) in a plan.
///
/// Foundation's `JSONDecoder` spends about 15 µs per item on that shape (1.5 s of CPU at 100,000 items on the
/// 2-core reference machine); reading the bytes directly and keeping only the fields we use is about ten times
/// cheaper. Everything else (create answers, errors, tokens, the catalog) still goes through `JSONDecoder`.
///
/// The reader accepts exactly RFC 8259 JSON. Nesting deeper than ``maxDepth`` is refused rather than recursed.
struct JSONScanner {
    struct Failure: Error {
        var message: String
    }

    /// A value that is not an object or array, or a note that it was one (and was skipped).
    enum Scalar {
        case string(String)
        /// The number exactly as written.
        case number(String)
        case bool(Bool)
        case null
        case compound
    }

    static let maxDepth = 512

    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    // MARK: Structure

    /// Reads `[`, then calls `element` once per element (positioned at it), then `]`.
    mutating func readArray(_ element: (inout JSONScanner, Int) throws -> Void) throws {
        skipWhitespace()
        try expect(UInt8(ascii: "["))
        skipWhitespace()
        if try peek() == UInt8(ascii: "]") {
            position += 1
            return
        }
        var index = 0
        while true {
            try element(&self, index)
            index += 1
            skipWhitespace()
            switch try next() {
            case UInt8(ascii: ","): skipWhitespace()
            case UInt8(ascii: "]"): return
            default: throw invalid
            }
        }
    }

    /// Reads `{`, then calls `member` with each key (positioned at its value), then `}`. The closure must
    /// consume the value (read it or ``skipValue()``).
    mutating func readObject(_ member: (inout JSONScanner, String) throws -> Void) throws {
        skipWhitespace()
        try expect(UInt8(ascii: "{"))
        skipWhitespace()
        if try peek() == UInt8(ascii: "}") {
            position += 1
            return
        }
        while true {
            skipWhitespace()
            let key = try readString()
            skipWhitespace()
            try expect(UInt8(ascii: ":"))
            skipWhitespace()
            try member(&self, key)
            skipWhitespace()
            switch try next() {
            case UInt8(ascii: ","): continue
            case UInt8(ascii: "}"): return
            default: throw invalid
            }
        }
    }

    /// What the next value starts with: `{`, `[`, `"` and so on.
    mutating func peekValueStart() throws -> UInt8 {
        skipWhitespace()
        return try peek()
    }

    /// Reads a scalar value; an object or array is skipped and reported as ``Scalar/compound``.
    mutating func readScalar() throws -> Scalar {
        skipWhitespace()
        switch try peek() {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            try skipValue()
            return .compound
        default:
            return try readPrimitive()
        }
    }

    /// A string, number, `true`, `false` or `null`.
    private mutating func readPrimitive() throws -> Scalar {
        switch try peek() {
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "t"):
            try expectWord("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectWord("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectWord("null")
            return .null
        default:
            return .number(try readNumber())
        }
    }

    /// Skips one value of any kind, iteratively, so a hostile body cannot exhaust the stack.
    mutating func skipValue() throws {
        var open: [Bool] = []  // the containers we are inside; true for an object
        while true {
            skipWhitespace()
            let byte = try peek()
            if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                guard open.count < Self.maxDepth else { throw Failure(message: "nested deeper than \(Self.maxDepth)") }
                position += 1
                let isObject = byte == UInt8(ascii: "{")
                skipWhitespace()
                if try peek() == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    position += 1  // an empty container is a whole value
                } else {
                    open.append(isObject)
                    if isObject { try skipKey() }
                    continue
                }
            } else {
                _ = try readPrimitive()
            }
            // A value is complete: a comma leads to the next one, a bracket closes its container.
            while let isObject = open.last {
                skipWhitespace()
                let separator = try next()
                if separator == UInt8(ascii: ",") {
                    if isObject { try skipKey() }
                    break
                }
                guard separator == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) else { throw invalid }
                open.removeLast()
            }
            if open.isEmpty { return }
        }
    }

    private mutating func skipKey() throws {
        skipWhitespace()
        _ = try readString()
        skipWhitespace()
        try expect(UInt8(ascii: ":"))
    }

    /// Only whitespace may follow the document.
    mutating func expectEnd() throws {
        skipWhitespace()
        guard position == bytes.count else { throw invalid }
    }

    // MARK: Scalars

    /// A string value; escapes decoded, invalid UTF-8 repaired with U+FFFD.
    mutating func readString() throws -> String {
        try expect(UInt8(ascii: "\""))
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                position += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { return try readEscapedString(from: start) }
            guard byte >= 0x20 else { throw invalid }
            position += 1
        }
        throw invalid
    }

    private mutating func readEscapedString(from start: Int) throws -> String {
        var decoded = Array(bytes[start..<position])
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: decoded, as: UTF8.self)
            case UInt8(ascii: "\\"):
                let escape = try next()
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(escape)
                case UInt8(ascii: "b"): decoded.append(0x08)
                case UInt8(ascii: "f"): decoded.append(0x0C)
                case UInt8(ascii: "n"): decoded.append(0x0A)
                case UInt8(ascii: "r"): decoded.append(0x0D)
                case UInt8(ascii: "t"): decoded.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try readHex4()
                    if (0xD800..<0xDC00).contains(scalar), position + 1 < bytes.count,
                        bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u")
                    {
                        position += 2
                        let low = try readHex4()
                        if (0xDC00..<0xE000).contains(low) {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            decoded += Array(String(Unicode.Scalar(0xFFFD)!).utf8)
                            scalar = low
                        }
                    }
                    decoded += Array(String(Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8)
                default:
                    throw invalid
                }
            default:
                guard byte >= 0x20 else { throw invalid }
                decoded.append(byte)
            }
        }
        throw invalid
    }

    private mutating func readHex4() throws -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = try next()
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw invalid
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// A number per the JSON grammar, as written.
    private mutating func readNumber() throws -> String {
        let start = position
        if position < bytes.count, bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard position < bytes.count else { throw invalid }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
        } else {
            guard try digits() > 0 else { throw invalid }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard try digits() > 0 else { throw invalid }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard try digits() > 0 else { throw invalid }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
    }

    private mutating func digits() throws -> Int {
        var count = 0
        while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) {
            position += 1
            count += 1
        }
        return count
    }

    // MARK: Bytes

    private var invalid: Failure { Failure(message: "not valid JSON") }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    private func peek() throws -> UInt8 {
        guard position < bytes.count else { throw invalid }
        return bytes[position]
    }

    private mutating func next() throws -> UInt8 {
        let byte = try peek()
        position += 1
        return byte
    }

    private mutating func expect(_ byte: UInt8) throws {
        guard try next() == byte else { throw invalid }
    }

    private mutating func expectWord(_ word: StaticString) throws {
        let length = word.utf8CodeUnitCount
        guard position + length <= bytes.count else { throw invalid }
        for offset in 0..<length where bytes[position + offset] != word.utf8Start[offset] { throw invalid }
        position += length
    }
}
