/// Decoding that shrugs at a wrong type instead of failing the whole response.
///
/// ISC's specs disagree with themselves (`createdByUser` is a boolean in one schema and a string in another) and
/// fields we only display must not make a list unreadable.
extension KeyedDecodingContainer {
    /// The value if present and of the expected type, else `nil`.
    func lenient<T: Decodable>(_ type: T.Type, forKey key: Key) -> T? {
        (try? decodeIfPresent(type, forKey: key)) ?? nil
    }

    /// A string, or a number or boolean written as a string; `nil` for null, objects and arrays.
    func lenientString(forKey key: Key) -> String? {
        if let string = lenient(String.self, forKey: key) { return string }
        if let number = lenient(Int.self, forKey: key) { return String(number) }
        if let bool = lenient(Bool.self, forKey: key) { return String(bool) }
        return nil
    }

    /// A boolean, or the strings `"true"`/`"false"` (any case), or 0/1; `nil` for anything else.
    func lenientBool(forKey key: Key) -> Bool? {
        if let bool = lenient(Bool.self, forKey: key) { return bool }
        if let string = lenient(String.self, forKey: key) {
            switch string.lowercased() {
            case "true": return true
            case "false": return false
            default: return nil
            }
        }
        if let number = lenient(Int.self, forKey: key) { return number != 0 }
        return nil
    }

    /// A number of seconds given as an integer, a fraction or a numeric string.
    func lenientSeconds(forKey key: Key) -> Double? {
        if let number = lenient(Double.self, forKey: key) { return number }
        if let string = lenient(String.self, forKey: key) { return Double(string.trimmingWhitespace()) }
        return nil
    }
}

/// Decodes a JSON array element by element, keeping the elements that decode and counting the rest.
struct LossyArray<Element: Decodable>: Decodable {
    var elements: [Element] = []

    init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        while !container.isAtEnd {
            if let element = try? container.decode(Element.self) {
                elements.append(element)
            } else {
                _ = try? container.decode(Skipped.self)
            }
        }
    }

    private struct Skipped: Decodable {}
}
