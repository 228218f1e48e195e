import AccessPolicy
import AsyncHTTPClient
import Logging

/// The real tenant: ISC's common-access API over HTTPS, behind the core's ``CommonAccessService``, and its
/// access-request API (status list, close, bulk cancel, bulk approve) behind ``AccessRequestService``.
///
/// It owns everything DESIGN.md §4 asks of a client so the core never sees it: client-credentials tokens
/// (cached, shared, refreshed before expiry and after a 401), the experimental header, strict query encoding,
/// concurrent paging that never returns a short or shifting list, a client-side rate limiter that a 429 pauses
/// as a whole, retries with backoff for 5xx and network errors, and creates that are never doubled.
///
/// A value type: copies share the same token cache, limiter and statistics, so it may be passed freely and
/// called concurrently.
public struct ISCClient: CommonAccessService, CustomStringConvertible, CustomReflectable {
    let configuration: ISCClientConfiguration
    let serviceURL: ServiceURL
    let http: HTTPClient
    let logger: Logger
    let timeline: Timeline
    let onEvent: (@Sendable (ClientEvent) -> Void)?
    let tokens: TokenCache
    let limiter: RateLimiter
    let slots: ConcurrencyLimiter
    let recorder: StatisticsRecorder
    let backoff: Backoff

    /// Makes a client; nothing is sent until the first call.
    ///
    /// - Parameters:
    ///   - configuration: the tenant, credentials and limits.
    ///   - httpClient: the connection pool to use. The default is a process-wide client made from
    ///     ``recommendedHTTPClientConfiguration()`` (no redirects), not `HTTPClient.shared`, which follows
    ///     redirects and would re-send a token request, secret included, wherever a 307 pointed it.
    ///   - logger: receives one debug line per request (method, path, status, milliseconds) — never headers,
    ///     bodies, tokens or the secret.
    ///   - clock: drives the rate limiter, token expiry and backoff; tests may pass their own.
    ///   - onEvent: progress callbacks (pages, retries, 429 pauses).
    /// - Throws: ``ISCError`` `.insecureURL` for `http://` on a host that is not loopback, `.configuration` for an
    ///   unusable base URL or limit.
    public init(
        configuration: ISCClientConfiguration,
        httpClient: HTTPClient = ISCClient.defaultHTTPClient,
        logger: Logger = Logger(label: "accesspolicy.isc"),
        clock: any Clock<Duration> = ContinuousClock(),
        onEvent: (@Sendable (ClientEvent) -> Void)? = nil
    ) throws(ISCError) {
        try Self.validate(configuration)
        self.configuration = configuration
        self.serviceURL = try ServiceURL(configuration.baseURL)
        self.http = httpClient
        self.logger = logger
        self.timeline = Timeline(clock)
        self.onEvent = onEvent
        self.tokens = TokenCache(timeline: timeline)
        self.limiter = RateLimiter(limit: configuration.rateLimit, timeline: timeline)
        self.slots = ConcurrencyLimiter(width: configuration.concurrency)
        self.recorder = StatisticsRecorder()
        self.backoff = Backoff(base: configuration.retryBaseDelay, cap: configuration.maxRetryDelay)
    }

    /// Requests sent so far (per `"METHOD path"`), the peak number in flight, 429s received and retries.
    public func statistics() async -> RequestStatistics {
        let peak = await slots.peak
        return await recorder.snapshot(peakInFlight: peak)
    }

    public var description: String {
        "ISCClient(\(serviceURL.prefix), \(configuration.apiVersion), \(configuration.credentials))"
    }

    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "baseURL": serviceURL.prefix, "apiVersion": configuration.apiVersion,
                "credentials": configuration.credentials,
            ],
            displayStyle: .struct)
    }

    private static func validate(_ configuration: ISCClientConfiguration) throws(ISCError) {
        func invalid(_ message: String) -> ISCError { ISCError(kind: .configuration, message: message) }
        guard configuration.concurrency >= 1 else { throw invalid("concurrency must be at least 1") }
        guard (1...250).contains(configuration.pageSize) else { throw invalid("pageSize must be 1…250") }
        guard configuration.maxAttempts >= 1 else { throw invalid("maxAttempts must be at least 1") }
        guard configuration.requestTimeout > .zero else { throw invalid("requestTimeout must be positive") }
        guard configuration.maxResponseBytes > 0 else { throw invalid("maxResponseBytes must be positive") }
        guard configuration.retryBaseDelay >= .zero, configuration.maxRetryDelay >= .zero else {
            throw invalid("retry delays must not be negative")
        }
        if let limit = configuration.rateLimit {
            guard limit.requests >= 1, limit.window > .zero else {
                throw invalid("rateLimit needs at least 1 request in a positive window")
            }
        }
        guard !configuration.credentials.clientID.isEmpty, !configuration.credentials.clientSecret.isEmpty else {
            throw ISCError(
                kind: .configuration, message: "the client id and secret must not be empty",
                hint: "set \(ISCEnvironment.clientIDVariable) and \(ISCEnvironment.clientSecretVariable)")
        }
    }
}
