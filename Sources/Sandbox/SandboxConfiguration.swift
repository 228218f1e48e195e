/// How the simulated tenant behaves: its credentials, and the ways it can be slow, strict or unreliable.
///
/// Every property has a default that makes a well-behaved tenant, so tests switch on only what they
/// exercise. Rates are probabilities in 0…1; the random draws come from `seed`, so a run with the same
/// seed and the same order of requests sees the same faults.
public struct SandboxConfiguration: Sendable {
    /// The only client id `/oauth/token` accepts.
    public var clientID: String
    /// The secret that goes with `clientID`.
    public var clientSecret: String
    /// Lifetime of an issued token, reported as `expires_in` (SailPoint's docs show 749 s).
    public var tokenTTL: Duration
    /// Added before answering every request.
    public var latency: Duration
    /// A random extra delay, uniformly between zero and this, added on top of `latency`.
    public var latencyJitter: Duration
    /// The gateway's request budget; `nil` turns rate limiting off.
    public var rateLimit: SandboxRateLimit?
    /// How long a create or status update takes to show in `GET /common-access` (ISC applies writes
    /// asynchronously after answering 202).
    public var writeDelay: Duration
    /// Chance that an API request is answered 500 before anything is done (so a write is not applied).
    /// `/oauth/token` is never failed, so tests of retries need not also handle a missing token.
    public var errorRate: Double
    /// Chance that a create or update-status is applied and then answered 500 anyway, the case that makes
    /// a naive retry write twice.
    public var errorAfterWriteRate: Double
    /// Chance that the connection is closed without an answer (only over a real socket; nothing is applied).
    public var dropConnectionRate: Double
    /// Seed for the fault and jitter draws.
    public var seed: UInt64
    /// The clock and date the sandbox goes by; tests move it by hand.
    public var time: SandboxTime

    public init(
        clientID: String = Sandbox.defaultClientID,
        clientSecret: String = Sandbox.defaultClientSecret,
        tokenTTL: Duration = .seconds(749),
        latency: Duration = .zero,
        latencyJitter: Duration = .zero,
        rateLimit: SandboxRateLimit? = nil,
        writeDelay: Duration = .zero,
        errorRate: Double = 0,
        errorAfterWriteRate: Double = 0,
        dropConnectionRate: Double = 0,
        seed: UInt64 = 0,
        time: SandboxTime = .system
    ) {
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.tokenTTL = tokenTTL
        self.latency = latency
        self.latencyJitter = latencyJitter
        self.rateLimit = rateLimit
        self.writeDelay = writeDelay
        self.errorRate = errorRate
        self.errorAfterWriteRate = errorAfterWriteRate
        self.dropConnectionRate = dropConnectionRate
        self.seed = seed
        self.time = time
    }
}

/// The API gateway's rate limit: at most `requests` in any sliding `window` per client id.
///
/// SailPoint documents 100 requests per 10 seconds per client id and API version (older docs: per
/// token). The sandbox counts per client id across all versions unless `perAPIVersion` is set, which is
/// the stricter reading; a client that stays under it stays under the real one. Over the limit the
/// answer is 429 with `Retry-After` in whole seconds, rounded up. `/oauth/token` is not counted.
public struct SandboxRateLimit: Sendable, Equatable {
    public var requests: Int
    public var window: Duration
    /// Count each API version (`v2025`, `beta`, `common-access/v1`, …) separately, as the 2026 docs say.
    public var perAPIVersion: Bool

    public init(requests: Int = 100, per window: Duration = .seconds(10), perAPIVersion: Bool = false) {
        self.requests = requests
        self.window = window
        self.perAPIVersion = perAPIVersion
    }

    /// SailPoint's documented default: 100 requests per 10 s.
    public static let sailPointDefault = SandboxRateLimit()
}
