/// An optional that JSON always writes, as `null` when it is nil: synthesized `Encodable` leaves a nil optional
/// out, and the plan format promises every key, so scripts can tell "none" from "not in this version".
@propertyWrapper
struct Nullable<Value: Encodable>: Encodable {
    var wrappedValue: Value?

    init(wrappedValue: Value?) {
        self.wrappedValue = wrappedValue
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(wrappedValue)
    }
}
