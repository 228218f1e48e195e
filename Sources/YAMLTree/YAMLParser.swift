internal import CLibYAML

/// Turns YAML text into ``YAMLNode`` trees with locations, using libyaml's event parser.
///
/// This is the only place in the project that sees libyaml. The parser lives on this function's stack and is
/// always deleted; what comes out is plain `Sendable` values.
public enum YAMLParser {
    /// Parses every document in `bytes`.
    ///
    /// - Parameters:
    ///   - bytes: the file's raw bytes; invalid UTF-8 is reported as an error, never decoded loosely.
    ///   - file: the path to print in locations, as the user gave it.
    ///   - limits: size, depth and alias bounds; going over one is an error at the offending place.
    /// - Returns: one root node per document; an empty or comment-only file gives none.
    public static func parse(
        _ bytes: [UInt8], file: String, limits: YAMLLimits = .default
    ) throws(YAMLError) -> [YAMLNode] {
        guard bytes.count <= limits.maxBytes else {
            throw YAMLError(
                location: SourceLocation(file: file, line: 1, column: 1),
                message: "file is \(bytes.count) bytes, over the limit of \(limits.maxBytes) bytes")
        }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            throw YAMLError(location: SourceLocation(file: file, line: 1, column: 1), message: "out of memory")
        }
        defer { yaml_parser_delete(&parser) }

        // libyaml keeps a pointer to the input and does not copy it: the buffer must outlive the whole parse.
        return try bytes.withUnsafeBufferPointer { (buffer) throws(YAMLError) -> [YAMLNode] in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var builder = TreeBuilder(file: file, limits: limits)
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    throw syntaxError(parser, bytes: buffer, file: file)
                }
                defer { yaml_event_delete(&event) }
                if try builder.consume(event) { return builder.documents }
            }
        }
    }

    /// Parses text already in memory (tests, config snippets).
    public static func parse(
        _ text: String, file: String, limits: YAMLLimits = .default
    ) throws(YAMLError) -> [YAMLNode] {
        try parse(Array(text.utf8), file: file, limits: limits)
    }

    private static func syntaxError(
        _ parser: yaml_parser_t, bytes: UnsafeBufferPointer<UInt8>, file: String
    ) -> YAMLError {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown error"
        // Reader errors (bad encoding) carry a byte offset, not a mark.
        if parser.error == YAML_READER_ERROR {
            let location = locationOfByte(parser.problem_offset, in: bytes, file: file)
            let detail =
                parser.problem_value >= 0
                ? "\(problem) (byte 0x\(String(parser.problem_value, radix: 16, uppercase: true)))" : problem
            return YAMLError(location: location, message: detail)
        }
        var context: YAMLError.Context?
        if let text = parser.context.map({ String(cString: $0) }) {
            context = YAMLError.Context(location: location(parser.context_mark, file: file), message: text)
        }
        return YAMLError(location: location(parser.problem_mark, file: file), message: problem, context: context)
    }

    static func location(_ mark: yaml_mark_t, file: String) -> SourceLocation {
        SourceLocation(file: file, line: mark.line + 1, column: mark.column + 1)
    }

    private static func locationOfByte(_ offset: Int, in bytes: UnsafeBufferPointer<UInt8>, file: String)
        -> SourceLocation
    {
        var line = 1
        var column = 1
        for byte in bytes.prefix(max(0, offset)) {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return SourceLocation(file: file, line: line, column: column)
    }
}

/// Assembles nodes from the event stream, enforcing ``YAMLLimits``.
private struct TreeBuilder {
    /// An open list or mapping. Mutated in place through `stack[last]` so appends stay O(1).
    private struct Frame {
        var isMapping: Bool
        var items: [YAMLNode] = []
        var pairs: [YAMLNode.Pair] = []
        var pendingKey: YAMLNode?
        var location: SourceLocation
        var tag: String?
        var anchor: String?
        /// Nodes in this subtree so far, for the alias bound.
        var nodes = 1
    }

    let file: String
    let limits: YAMLLimits
    private(set) var documents: [YAMLNode] = []
    private var stack: [Frame] = []
    /// Anchored nodes and how many nodes each holds, for alias expansion and its bound.
    private var anchors: [String: (node: YAMLNode, nodes: Int)] = [:]
    private var aliasNodes = 0

    init(file: String, limits: YAMLLimits) {
        self.file = file
        self.limits = limits
    }

    /// Feeds one event; returns true at the end of the stream.
    mutating func consume(_ event: yaml_event_t) throws(YAMLError) -> Bool {
        let at = YAMLParser.location(event.start_mark, file: file)
        switch event.type {
        case YAML_STREAM_END_EVENT:
            return true
        case YAML_DOCUMENT_START_EVENT:
            anchors = [:]
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let value = String(decoding: UnsafeBufferPointer(start: data.value, count: data.length), as: UTF8.self)
            let node = YAMLNode(.scalar(YAMLScalar(value, style: style(data.style))), at: at, tag: string(data.tag))
            add(node, nodes: 1, anchor: string(data.anchor))
        case YAML_SEQUENCE_START_EVENT:
            let data = event.data.sequence_start
            try open(Frame(isMapping: false, location: at, tag: string(data.tag), anchor: string(data.anchor)))
        case YAML_MAPPING_START_EVENT:
            let data = event.data.mapping_start
            try open(Frame(isMapping: true, location: at, tag: string(data.tag), anchor: string(data.anchor)))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard let frame = stack.popLast() else { break }
            let content: YAMLNode.Content = frame.isMapping ? .mapping(frame.pairs) : .sequence(frame.items)
            add(YAMLNode(content, at: frame.location, tag: frame.tag), nodes: frame.nodes, anchor: frame.anchor)
        case YAML_ALIAS_EVENT:
            let name = string(event.data.alias.anchor) ?? ""
            guard let target = anchors[name] else {
                throw YAMLError(location: at, message: "unknown alias *\(name) (no anchor &\(name) before it)")
            }
            aliasNodes += target.nodes
            guard aliasNodes <= limits.maxAliasNodes else {
                throw YAMLError(
                    location: at,
                    message: "aliases expand to more than \(limits.maxAliasNodes) nodes; refusing (alias bomb?)")
            }
            var copy = target.node
            copy.location = at
            add(copy, nodes: target.nodes, anchor: nil)
        default:
            break
        }
        return false
    }

    private mutating func open(_ frame: Frame) throws(YAMLError) {
        guard stack.count < limits.maxDepth else {
            throw YAMLError(location: frame.location, message: "nesting deeper than \(limits.maxDepth) levels")
        }
        stack.append(frame)
    }

    private mutating func add(_ node: YAMLNode, nodes: Int, anchor: String?) {
        if let anchor { anchors[anchor] = (node, nodes) }
        guard !stack.isEmpty else {
            documents.append(node)
            return
        }
        let top = stack.count - 1
        stack[top].nodes += nodes
        if !stack[top].isMapping {
            stack[top].items.append(node)
        } else if let key = stack[top].pendingKey {
            stack[top].pairs.append(YAMLNode.Pair(key: key, value: node))
            stack[top].pendingKey = nil
        } else {
            stack[top].pendingKey = node
        }
    }

    private func style(_ style: yaml_scalar_style_t) -> YAMLScalar.Style {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: .literal
        case YAML_FOLDED_SCALAR_STYLE: .folded
        default: .plain
        }
    }

    private func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }
}
