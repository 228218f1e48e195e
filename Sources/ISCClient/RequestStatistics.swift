/// What the client has sent so far, for the benchmark and for tests that assert "exactly five list requests".
public struct RequestStatistics: Sendable, Hashable {
    /// HTTP requests actually sent, keyed by `"METHOD path"` without the query, e.g. `"GET /v2025/common-access"`.
    /// Every attempt counts, token requests (`"POST /oauth/token"`) included.
    public var requests: [String: Int] = [:]
    /// The most requests that were in flight at the same time.
    public var peakInFlight = 0
    /// How many 429 responses arrived.
    public var rateLimitedResponses = 0
    /// Attempts repeated because of a 5xx, a network error or a 429 (a re-send after a token refresh is not one).
    public var retries = 0

    public init() {}

    /// All requests sent, of any method and path.
    public var totalRequests: Int { requests.values.reduce(0, +) }

    /// The number of requests sent as `method path`.
    public func count(_ method: String, _ path: String) -> Int { requests["\(method) \(path)"] ?? 0 }
}
