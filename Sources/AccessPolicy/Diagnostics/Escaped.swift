/// Text from the tenant or from files, made safe for a terminal: control characters and bidirectional
/// overrides are written as escapes, so an item named with `ESC [2J` cannot clear the screen of the person
/// reading a plan, and a name cannot fake a line of output.
public enum Escaped {
    /// `text` with every control character escaped (`\n`, `\t`, `\r`, else `\u{1B}`).
    /// - Parameter keepingNewlines: leave line breaks (and tabs) as they are, for messages of several lines.
    public static func text(_ text: String, keepingNewlines: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: { needsEscape($0, keepingNewlines: keepingNewlines) }) else {
            return text
        }
        var result = ""
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar, keepingNewlines: keepingNewlines) else {
                result.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default: result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            }
        }
        return result
    }

    /// `"text"`, escaped, with its quotes: leading and trailing spaces stay visible. Text longer than `limit`
    /// characters is cut in the middle, saying how long it was, so one huge value cannot flood a message.
    public static func quoted(_ text: String, limit: Int = 200) -> String {
        guard text.count > limit else { return "\"\(Self.text(text))\"" }
        let half = limit / 2
        return "\"\(Self.text(String(text.prefix(half))))…\(Self.text(String(text.suffix(half))))\" "
            + "(\(text.count) characters)"
    }

    private static func needsEscape(_ scalar: Unicode.Scalar, keepingNewlines: Bool) -> Bool {
        if keepingNewlines && (scalar == "\n" || scalar == "\t") { return false }
        return scalar.properties.generalCategory == .control || scalar.properties.isBidiControl
    }
}
