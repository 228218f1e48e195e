/// A JSON object being checked against a request schema, with errors that name the field.
///
/// Unknown fields are refused: a misspelt `confirmIds` would otherwise be ignored and the call would
/// "succeed" doing nothing, which is the kind of client bug the sandbox exists to catch. `null` counts as
/// absent, as Jackson reads it.
struct JSONFields {
    private let fields: [String: JSONValue]
    private let path: String

    init(_ value: JSONValue, path: String, allowed: Set<String>) throws(APIError) {
        guard case .object(let fields) = value else {
            throw .badRequest("'\(path)' must be a JSON object, not \(value.typeName).")
        }
        if let unknown = fields.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw .badRequest(
                "Unrecognized field '\(unknown)' in '\(path)' (known fields: \(allowed.sorted().joined(separator: ", ")))."
            )
        }
        self.fields = fields
        self.path = path
    }

    private func name(_ key: String) -> String {
        path == "request body" ? key : "\(path).\(key)"
    }

    func required(_ key: String) throws(APIError) -> JSONValue {
        guard let value = fields[key], value != .null else { throw .badRequest("'\(name(key))' is required.") }
        return value
    }

    func requiredString(_ key: String) throws(APIError) -> String {
        let value = try required(key)
        guard case .string(let text) = value else {
            throw .badRequest("'\(name(key))' must be a string, not \(value.typeName).")
        }
        guard !text.isEmpty else { throw .badRequest("'\(name(key))' must not be empty.") }
        return text
    }

    func requiredEnum<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type) throws(APIError) -> T
    where T.RawValue == String {
        let text = try requiredString(key)
        guard let value = T(rawValue: text) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw .badRequest("'\(name(key))' must be one of \(allowed), not \"\(text)\".")
        }
        return value
    }

    /// `nil` when absent or null; else one of the enum's raw values, exactly.
    func optionalEnum<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type) throws(APIError) -> T?
    where T.RawValue == String {
        guard let text = try optionalString(key) else { return nil }
        guard let value = T(rawValue: text) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw .badRequest("'\(name(key))' must be one of \(allowed), not \"\(text)\".")
        }
        return value
    }

    func optionalString(_ key: String) throws(APIError) -> String? {
        switch fields[key] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case let value?: throw .badRequest("'\(name(key))' must be a string, not \(value.typeName).")
        }
    }

    func optionalStringArray(_ key: String) throws(APIError) -> [String] {
        switch fields[key] {
        case nil, .null?:
            return []
        case .array(let elements)?:
            var strings: [String] = []
            for element in elements {
                guard case .string(let text) = element else {
                    throw .badRequest("'\(name(key))' must contain only strings, not \(element.typeName).")
                }
                strings.append(text)
            }
            return strings
        case let value?:
            throw .badRequest("'\(name(key))' must be an array of strings, not \(value.typeName).")
        }
    }
}
