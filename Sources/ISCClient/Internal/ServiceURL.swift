import Foundation

/// The tenant's API base URL, checked once so that every request URL is built by plain concatenation.
struct ServiceURL: Sendable, Hashable {
    /// Scheme, host, port and any path prefix, without a trailing slash.
    let prefix: String
    /// The host as the user wrote it, without brackets; used in messages.
    let host: String

    /// - Throws: ``ISCError`` `.insecureURL` for `http://` on a host that is not loopback, `.configuration` for
    ///   anything that is not an absolute http(s) URL without credentials, query or fragment.
    init(_ string: String) throws(ISCError) {
        let trimmed = string.trimmingWhitespace()
        func invalid(_ why: String) -> ISCError {
            ISCError(
                kind: .configuration, message: "invalid base URL: \(why)",
                hint: "set \(ISCEnvironment.baseURLVariable) to e.g. https://acme.api.identitynow.com")
        }
        guard let components = URLComponents(string: trimmed), let rawScheme = components.scheme else {
            throw invalid("not an absolute URL")
        }
        let scheme = rawScheme.lowercased()
        guard scheme == "https" || scheme == "http" else { throw invalid("the scheme must be https") }
        guard components.user == nil, components.password == nil else {
            throw invalid("it must not contain credentials")
        }
        guard components.query == nil, components.fragment == nil else {
            throw invalid("it must not have a query or fragment")
        }
        var host = components.host ?? ""
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw invalid("it has no host") }
        if scheme == "http", !Self.isLoopback(host) {
            throw ISCError(
                kind: .insecureURL,
                message: "refusing plain http to \(host): TLS is required for any host that is not loopback",
                hint: "use https://")
        }
        var prefix = trimmed
        while prefix.hasSuffix("/") { prefix.removeLast() }
        self.prefix = prefix
        self.host = host
    }

    /// The absolute URL of `path` (which starts with `/`) with an already encoded query.
    func url(path: String, query: String?) -> String {
        guard let query, !query.isEmpty else { return prefix + path }
        return "\(prefix)\(path)?\(query)"
    }

    /// `localhost`, `::1` and 127.0.0.0/8: traffic that never leaves the machine.
    static func isLoopback(_ host: String) -> Bool {
        let host = host.lowercased()
        if host == "localhost" || host == "::1" || host == "0:0:0:0:0:0:0:1" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4, octets.allSatisfy({ UInt8($0) != nil }) else { return false }
        return octets[0] == "127"
    }
}
