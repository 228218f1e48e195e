import NIOHTTP1

/// One request as the client means it, before authentication, encoding and retries.
struct APIRequest: Sendable {
    enum Method: String, Sendable {
        case get = "GET"
        case post = "POST"
    }

    var method: Method
    /// Starts with `/`; no query.
    var path: String
    /// Names and values unencoded; ``PercentEncoding`` encodes them, in this order.
    var query: [(String, String)] = []
    var body: [UInt8]? = nil
    var contentType: String? = nil
    /// False only for the token request itself.
    var authenticated = true

    /// `"GET /v2025/common-access"`: how statistics, events and errors name the call.
    var label: String { "\(method.rawValue) \(path)" }
}

/// A response with its body fully read.
struct APIResponse: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: [UInt8]
    /// The token the request carried, so an error built from this response can scrub it.
    var bearer: AccessToken?

    /// `X-Total-Count`, when the tenant sent a usable one.
    var totalCount: Int? {
        headers.first(name: "X-Total-Count").flatMap { Int($0.trimmingWhitespace()) }
    }

    /// `Retry-After` in seconds (integer or fraction); an HTTP-date or garbage gives `nil`.
    ///
    /// Capped at a day: a value like `1e300` would overflow the conversion to milliseconds and trap. Anything
    /// over ``ISCClient/longestRetryAfter`` is refused by the caller anyway.
    var retryAfter: Duration? {
        guard let value = headers.first(name: "Retry-After").flatMap({ Double($0.trimmingWhitespace()) }),
            value.isFinite, value >= 0
        else { return nil }
        return .milliseconds(Int64(min(value, Self.longestRetryAfterHeader) * 1000))
    }

    /// The largest `Retry-After` taken literally, in seconds.
    static let longestRetryAfterHeader: Double = 86_400
}

/// No HTTP answer arrived (connection refused, reset, timeout, TLS): worth retrying.
struct TransportFailure: Error {
    var summary: String
    /// The attempt ran into the request timeout. AsyncHTTPClient keeps re-trying to connect until then, so a
    /// second such attempt means the host is unreachable, and further attempts would only add minutes.
    var usedWholeTimeout = false
}
