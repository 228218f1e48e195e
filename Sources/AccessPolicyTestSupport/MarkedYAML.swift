import YAMLTree

/// YAML text with positions marked by emoji (`status: 1️⃣CONFIRM`), the way swift-format's tests mark
/// findings: the markers are removed and their places become expected ``SourceLocation``s.
public struct MarkedYAML: Sendable {
    public let file: String
    public let text: String
    private let marks: [String: SourceLocation]

    public static let markers = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣"]

    public init(_ marked: String, file: String = "policies/test.yaml") {
        self.file = file
        var text = ""
        var marks: [String: SourceLocation] = [:]
        var line = 1
        var column = 1
        var rest = Substring(marked)
        outer: while !rest.isEmpty {
            for marker in Self.markers where rest.hasPrefix(marker) {
                marks[marker] = SourceLocation(file: file, line: line, column: column)
                rest = rest.dropFirst(marker.count)
                continue outer
            }
            let character = rest.removeFirst()
            text.append(character)
            if character == "\n" {
                line += 1
                column = 1
            } else {
                column += character.unicodeScalars.count
            }
        }
        self.text = text
        self.marks = marks
    }

    public subscript(marker: String) -> SourceLocation {
        guard let location = marks[marker] else { preconditionFailure("no marker \(marker) in the YAML") }
        return location
    }

    public var bytes: [UInt8] { Array(text.utf8) }
}
