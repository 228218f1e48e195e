/// The OAuth client id and secret the client exchanges for bearer tokens.
///
/// Printing it never shows the secret: the type is passed around (configuration, environment, errors in tests),
/// and a secret that reaches a CI log is a leaked secret. `dump` and mirrors are redacted too.
public struct ClientCredentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The API client or personal-access-token client id (OAuth 2.0 ids contain dashes).
    public var clientID: String
    /// Sent only in the body of `POST /oauth/token`; never logged, printed or put into an error.
    public var clientSecret: String

    public init(clientID: String, clientSecret: String) {
        self.clientID = clientID
        self.clientSecret = clientSecret
    }

    public var description: String { "client \(clientID) (secret redacted)" }

    public var debugDescription: String { "ClientCredentials(clientID: \(clientID), clientSecret: <redacted>)" }

    public var customMirror: Mirror {
        Mirror(self, children: ["clientID": clientID, "clientSecret": "<redacted>"], displayStyle: .struct)
    }
}
