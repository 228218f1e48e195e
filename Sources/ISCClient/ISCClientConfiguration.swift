import AccessPolicy

/// Everything ``ISCClient`` needs to know about the tenant and how hard it may push it.
///
/// The defaults follow SailPoint's documented limits (page size 250, 100 requests / 10 s) and are safe for a
/// CI job; tests shrink the delays.
public struct ISCClientConfiguration: Sendable {
    /// The API host, e.g. `https://acme.api.identitynow.com` or `http://127.0.0.1:8080` (plain http only on loopback).
    public var baseURL: String
    /// Picks the paths: `/v2025/common-access` or `/common-access/v1` (see ``APIVersion/path(_:_:)``).
    public var apiVersion: APIVersion
    public var credentials: ClientCredentials
    /// The most requests in flight at once, token requests included.
    public var concurrency: Int = 8
    /// The client-side budget every request (the token call too) is kept under; `nil` turns the limiter off.
    /// A 429 from the tenant pauses all requests either way.
    public var rateLimit: RateLimit? = .sailPointDefault
    /// Items per page when listing common access or pending access requests, 1…250 (the endpoints' maximum).
    public var pageSize: Int = 250
    /// How long one HTTP request (one attempt) may take, body included.
    public var requestTimeout: Duration = .seconds(30)
    /// Attempts per request for server errors (5xx), network errors and 429s; 1 means no retries.
    public var maxAttempts: Int = 5
    /// Response bodies larger than this are refused with a clear error instead of being buffered.
    public var maxResponseBytes: Int = 32 << 20
    /// The first retry waits up to this long (full jitter); each further retry doubles the ceiling.
    public var retryBaseDelay: Duration = .milliseconds(500)
    /// The ceiling on any single backoff delay.
    public var maxRetryDelay: Duration = .seconds(20)
    /// Sent as `User-Agent` on every request so tenant admins can tell our traffic apart.
    public var userAgent: String = "accesspolicy/0.1"

    public init(baseURL: String, apiVersion: APIVersion, credentials: ClientCredentials) {
        self.baseURL = baseURL
        self.apiVersion = apiVersion
        self.credentials = credentials
    }

    /// The configuration for a tenant read from the environment (``ISCEnvironment/fromEnvironment(_:)``).
    public init(environment: ISCEnvironment, apiVersion: APIVersion) {
        self.init(baseURL: environment.baseURL, apiVersion: apiVersion, credentials: environment.credentials)
    }
}
