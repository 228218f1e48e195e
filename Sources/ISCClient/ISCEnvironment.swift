/// Where the tenant is and who we are, read from the environment only (DESIGN.md §2).
///
/// The variable names are the ones SailPoint's own CLI and SDKs use, so a CI job configured for them works
/// unchanged. Credentials never come from files or flags, which keeps them out of shell history and repos.
public struct ISCEnvironment: Sendable, CustomStringConvertible {
    /// The API host, e.g. `https://acme.api.identitynow.com`; the token URL is this plus `/oauth/token`.
    public var baseURL: String
    public var credentials: ClientCredentials

    /// The variable holding the API base URL.
    public static let baseURLVariable = "SAIL_BASE_URL"
    /// The variable holding the OAuth client id.
    public static let clientIDVariable = "SAIL_CLIENT_ID"
    /// The variable holding the OAuth client secret.
    public static let clientSecretVariable = "SAIL_CLIENT_SECRET"

    public init(baseURL: String, credentials: ClientCredentials) {
        self.baseURL = baseURL
        self.credentials = credentials
    }

    /// Reads `SAIL_BASE_URL`, `SAIL_CLIENT_ID` and `SAIL_CLIENT_SECRET`.
    ///
    /// Empty values count as missing. Surrounding whitespace is trimmed from the URL and the id, and line breaks
    /// from the secret (a value pasted from a file often ends in a newline).
    /// - Throws: ``ISCError`` of kind ``ISCError/Kind/configuration`` naming every missing variable, never a value.
    public static func fromEnvironment(_ env: [String: String]) throws(ISCError) -> ISCEnvironment {
        let baseURL = (env[baseURLVariable] ?? "").trimmingWhitespace()
        let clientID = (env[clientIDVariable] ?? "").trimmingWhitespace()
        let secret = (env[clientSecretVariable] ?? "").trimmingLineBreaks()
        let missing = [(baseURLVariable, baseURL), (clientIDVariable, clientID), (clientSecretVariable, secret)]
            .filter { $0.1.isEmpty }
            .map(\.0)
        guard missing.isEmpty else {
            let noun = missing.count == 1 ? "variable" : "variables"
            throw ISCError(
                kind: .configuration,
                message: "missing environment \(noun) \(missing.joined(separator: ", "))",
                hint: "set \(missing.joined(separator: " and ")) for the API client (see docs/ci.md)"
            )
        }
        return ISCEnvironment(
            baseURL: baseURL, credentials: ClientCredentials(clientID: clientID, clientSecret: secret))
    }

    public var description: String { "\(baseURL) as \(credentials)" }
}

extension String {
    func trimmingWhitespace() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }

    func trimmingLineBreaks() -> String {
        String(drop(while: \.isNewline).reversed().drop(while: \.isNewline).reversed())
    }
}
