/// A bearer token. Printing or dumping it shows nothing of the value.
struct AccessToken: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The JWT; only ever written into an `Authorization` header.
    let value: String

    var description: String { "<token redacted>" }
    var debugDescription: String { "<token redacted>" }
    var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}

/// A token with how long the token endpoint said it lives.
struct IssuedToken: Sendable {
    var token: AccessToken
    var lifetime: Duration
}
