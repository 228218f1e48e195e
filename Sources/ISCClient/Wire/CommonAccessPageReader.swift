/// Reads a `GET /common-access` page (a JSON array of `CommonAccessResponse`) with ``JSONScanner``, keeping
/// the fields the client uses, with the same leniency as the `Decodable` wire types: unknown fields are
/// skipped, a display field of the wrong type is dropped, `createdByUser`/`reviewedByUser` accept booleans,
/// `"true"`/`"false"` and 0/1.
enum CommonAccessPageReader {
    static func read(_ body: [UInt8]) throws(JSONScanner.Failure) -> [CommonAccessItemWire] {
        do {
            return try body.withUnsafeBufferPointer { buffer in
                var scanner = JSONScanner(buffer)
                var items: [CommonAccessItemWire] = []
                try scanner.readArray { scanner, index in
                    guard try scanner.peekValueStart() == UInt8(ascii: "{") else {
                        throw JSONScanner.Failure(message: "expected an object at [\(index)]")
                    }
                    items.append(try item(&scanner))
                }
                try scanner.expectEnd()
                return items
            }
        } catch let failure as JSONScanner.Failure {
            throw failure
        } catch {
            throw JSONScanner.Failure(message: "not valid JSON")
        }
    }

    private static func item(_ scanner: inout JSONScanner) throws -> CommonAccessItemWire {
        var item = CommonAccessItemWire()
        try scanner.readObject { scanner, key in
            switch key {
            case "id": item.id = lenientString(try scanner.readScalar())
            case "status": item.status = lenientString(try scanner.readScalar())
            case "lastUpdated": item.lastUpdated = lenientString(try scanner.readScalar())
            case "reviewedByUser": item.reviewedByUser = lenientBool(try scanner.readScalar())
            case "createdByUser": item.createdByUser = lenientBool(try scanner.readScalar())
            case "access":
                if try scanner.peekValueStart() == UInt8(ascii: "{") {
                    item.access = try access(&scanner)
                } else {
                    try scanner.skipValue()
                    item.access = nil
                }
            default: try scanner.skipValue()
            }
        }
        return item
    }

    private static func access(_ scanner: inout JSONScanner) throws -> AccessWire {
        var access = AccessWire()
        try scanner.readObject { scanner, key in
            switch key {
            case "id": access.id = lenientString(try scanner.readScalar())
            case "type": access.type = lenientString(try scanner.readScalar())
            case "name": access.name = lenientString(try scanner.readScalar())
            case "description": access.description = lenientString(try scanner.readScalar())
            case "ownerName": access.ownerName = lenientString(try scanner.readScalar())
            case "ownerId": access.ownerId = lenientString(try scanner.readScalar())
            default: try scanner.skipValue()
            }
        }
        return access
    }

    /// As `KeyedDecodingContainer.lenientString`: a string, or an integer or boolean written out.
    static func lenientString(_ value: JSONScanner.Scalar) -> String? {
        switch value {
        case .string(let text): text
        case .number(let text): Int(text).map(String.init)
        case .bool(let flag): String(flag)
        case .null, .compound: nil
        }
    }

    /// As `KeyedDecodingContainer.lenientBool`: a boolean, `"true"`/`"false"` in any case, or an integer.
    static func lenientBool(_ value: JSONScanner.Scalar) -> Bool? {
        switch value {
        case .bool(let flag): flag
        case .string(let text):
            switch text.lowercased() {
            case "true": true
            case "false": false
            default: nil
            }
        case .number(let text): Int(text).map { $0 != 0 }
        case .null, .compound: nil
        }
    }
}
