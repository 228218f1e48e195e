import YAMLTree

/// Reads one YAML mapping the way a person would check it: every unknown or repeated key and every
/// wrong-typed value becomes a located diagnostic, and reading carries on so all problems show at once.
struct MappingReader {
    let node: YAMLNode
    private(set) var fields: [String: YAMLNode.Pair] = [:]

    /// - Parameters:
    ///   - what: how messages name this mapping, e.g. "a commonAccess entry".
    ///   - allowed: the keys it may have, in the order hints list them.
    init?(_ node: YAMLNode, what: String, allowed: [String], diagnostics: inout [Diagnostic]) {
        guard case .mapping(let pairs) = node.content else {
            diagnostics.append(
                Diagnostic(at: node.location, "expected \(what) to be a mapping, found \(node.kindDescription)"))
            return nil
        }
        self.node = node
        for pair in pairs {
            guard let key = pair.key.scalar, !key.isNull else {
                diagnostics.append(
                    Diagnostic(at: pair.key.location, "keys must be strings, found \(pair.key.kindDescription)"))
                continue
            }
            if let first = fields[key.value] {
                diagnostics.append(
                    Diagnostic(
                        at: pair.key.location, "duplicate key \"\(key.value)\"",
                        notes: [.init(location: first.key.location, message: "first used here")]))
                continue
            }
            guard allowed.contains(key.value) else {
                let hint = Suggestion.closest(to: key.value, in: allowed).map { "did you mean \"\($0)\"?" }
                diagnostics.append(
                    Diagnostic(
                        at: pair.key.location, "unknown key \"\(key.value)\" in \(what)",
                        hint: hint ?? "expected one of: \(allowed.joined(separator: ", "))"))
                continue
            }
            fields[key.value] = pair
        }
    }

    /// A non-empty string value exactly as written, or nil (with a diagnostic when present but wrong).
    ///
    /// Never trimmed: `"Contractor Base "` is not `Contractor Base`, and a value that silently changes on the way
    /// in could match an item the author did not write.
    func string(_ key: String, diagnostics: inout [Diagnostic]) -> (value: String, location: SourceLocation)? {
        guard let pair = fields[key] else { return nil }
        guard let scalar = pair.value.scalar, !scalar.isNull else {
            diagnostics.append(
                Diagnostic(
                    at: pair.value.location, "expected a string for \"\(key)\", found \(pair.value.kindDescription)"))
            return nil
        }
        guard !scalar.value.isBlank else {
            diagnostics.append(Diagnostic(at: pair.value.location, "\"\(key)\" must not be empty"))
            return nil
        }
        return (scalar.value, pair.value.location)
    }

    /// A name, matched exactly as written; leading or trailing whitespace earns a warning, because it is
    /// rarely meant and the item it names must carry it too.
    func name(_ key: String, diagnostics: inout [Diagnostic]) -> (value: String, location: SourceLocation)? {
        guard let (value, location) = string(key, diagnostics: &diagnostics) else { return nil }
        if value.trimmingWhitespace != value {
            diagnostics.append(
                Diagnostic(
                    .warning, at: location,
                    "\(key) \(Escaped.quoted(value)) has leading or trailing whitespace; it is matched exactly as written",
                    hint: "remove the whitespace unless the item's name in ISC has it too"))
        }
        return (value, location)
    }

    /// A role or access-profile id in ISC's shape: 32 lower-case hexadecimal digits.
    func accessID(_ key: String, diagnostics: inout [Diagnostic]) -> (value: String, location: SourceLocation)? {
        guard let (value, location) = string(key, diagnostics: &diagnostics) else { return nil }
        if value.containsWhitespace {
            diagnostics.append(Diagnostic(at: location, "\(key) \(Escaped.quoted(value)) contains whitespace"))
            return nil
        }
        guard !AccessKey.isWellFormedID(value) else { return (value, location) }
        let lower = value.lowercased()
        diagnostics.append(
            Diagnostic(
                at: location, "\(key) \(Escaped.quoted(value)) is not an ISC id (32 lower-case hexadecimal digits)",
                hint: AccessKey.isWellFormedID(lower)
                    ? "did you mean \(lower)? ISC writes ids in lower case"
                    : "copy the id of the role or access profile from ISC, or write the entry with name: instead"))
        return nil
    }

    /// One of a closed set of words (`CONFIRMED`, `ROLE`, `deny`), checked exactly, with a hint for near misses.
    func choice(_ key: String, from allowed: [String], noun: String, diagnostics: inout [Diagnostic])
        -> (value: String, location: SourceLocation)?
    {
        guard let (value, location) = string(key, diagnostics: &diagnostics) else { return nil }
        guard allowed.contains(value) else {
            let expected = Self.list(allowed)
            let hint = Suggestion.closest(to: value, in: allowed).map { "did you mean \($0)?" }
            diagnostics.append(
                Diagnostic(at: location, "unknown \(noun) \"\(value)\" (expected \(expected))", hint: hint))
            return nil
        }
        return (value, location)
    }

    /// `true` or `false`, unquoted.
    func boolean(_ key: String, diagnostics: inout [Diagnostic]) -> Bool? {
        guard let pair = fields[key] else { return nil }
        guard let value = pair.value.scalar?.bool else {
            diagnostics.append(Diagnostic(at: pair.value.location, "expected true or false for \"\(key)\""))
            return nil
        }
        return value
    }

    /// True when the value is the word `off` (unquoted): a guard turned off on purpose.
    func isOff(_ key: String) -> Bool {
        guard let scalar = fields[key]?.value.scalar else { return false }
        return scalar.style == .plain && scalar.value == "off"
    }

    /// A whole number within `range`.
    func integer(_ key: String, in range: ClosedRange<Int>, diagnostics: inout [Diagnostic]) -> Int? {
        guard let pair = fields[key] else { return nil }
        guard let scalar = pair.value.scalar, scalar.style == .plain, let value = Int(scalar.value),
            range.contains(value)
        else {
            diagnostics.append(
                Diagnostic(
                    at: pair.value.location,
                    "expected a whole number from \(range.lowerBound) to \(range.upperBound) for \"\(key)\""))
            return nil
        }
        return value
    }

    /// A number within `range` (percentages).
    func number(_ key: String, in range: ClosedRange<Double>, diagnostics: inout [Diagnostic]) -> Double? {
        guard let pair = fields[key] else { return nil }
        guard let scalar = pair.value.scalar, scalar.style == .plain, let value = Double(scalar.value),
            range.contains(value)
        else {
            diagnostics.append(
                Diagnostic(
                    at: pair.value.location,
                    "expected a number from \(Self.format(range.lowerBound)) to \(Self.format(range.upperBound)) "
                        + "for \"\(key)\""))
            return nil
        }
        return value
    }

    /// The items of a list value (a missing or null value is an empty list).
    func list(_ key: String, diagnostics: inout [Diagnostic]) -> [YAMLNode]? {
        guard let pair = fields[key] else { return nil }
        switch pair.value.content {
        case .sequence(let items): return items
        case .scalar(let scalar) where scalar.isNull: return []
        default:
            diagnostics.append(
                Diagnostic(
                    at: pair.value.location, "expected a list for \"\(key)\", found \(pair.value.kindDescription)"))
            return nil
        }
    }

    func requireAny(_ keys: [String], what: String, diagnostics: inout [Diagnostic]) {
        guard !keys.contains(where: { fields[$0] != nil }) else { return }
        let needed = keys.count == 1 ? "\"\(keys[0])\"" : keys.map { "\"\($0)\"" }.joined(separator: " or ")
        diagnostics.append(Diagnostic(at: node.location, "\(what) is missing \(needed)"))
    }

    static func list(_ words: [String]) -> String {
        switch words.count {
        case 0: ""
        case 1: words[0]
        default: words.dropLast().joined(separator: ", ") + " or " + words[words.count - 1]
        }
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}

extension String {
    var trimmingWhitespace: String {
        // Nearly every value starts and ends with a printable ASCII byte: skip the Unicode work for those.
        if let first = utf8.first, let last = utf8.last, Self.isPlainASCII(first), Self.isPlainASCII(last) {
            return self
        }
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }

    /// True when the text is empty or only whitespace.
    var isBlank: Bool { trimmingWhitespace.isEmpty }

    /// True when the text holds a whitespace character anywhere (checked on bytes first; Unicode only when
    /// there are non-ASCII bytes).
    var containsWhitespace: Bool {
        guard utf8.contains(where: { !Self.isPlainASCII($0) }) else { return false }
        return unicodeScalars.contains { $0.properties.isWhitespace }
    }

    /// Printable ASCII other than the space: never whitespace.
    private static func isPlainASCII(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte < 0x7F
    }
}
