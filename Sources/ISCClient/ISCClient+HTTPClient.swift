// The HTTP client configuration the CLI uses, and the rate-limit memory between runs.

import AsyncHTTPClient
import NIOCore

extension ISCClient {
    /// An AsyncHTTPClient configuration suited to a CLI talking to ISC, for callers that make their own
    /// `HTTPClient` instead of using `HTTPClient.shared`.
    ///
    /// - Redirects are refused: a token request redirected elsewhere would carry the client secret with it.
    /// - Connection failures fail at once instead of being re-tried until the request timeout, so this client's
    ///   own backoff decides (a wrong `SAIL_BASE_URL` fails in seconds, not minutes).
    /// - Connects time out after 10 s.
    ///
    /// The caller owns the `HTTPClient` made from it and must shut it down.
    public static func recommendedHTTPClientConfiguration() -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = HTTPClient.Configuration.Timeout(connect: .seconds(10), read: .seconds(60))
        configuration.connectionPool.retryConnectionEstablishment = false
        return configuration
    }
}

extension ISCClient {
    /// A process-wide client with ``recommendedHTTPClientConfiguration()``, for callers that do not bring their
    /// own. Like `HTTPClient.shared` it lives as long as the process and is never shut down.
    public static let defaultHTTPClient = HTTPClient(
        eventLoopGroupProvider: .singleton, configuration: recommendedHTTPClientConfiguration())
}

extension ISCClient {
    /// How long ago each request that still counts against the rate-limit window finished. A CLI run saves this
    /// and the next run passes it to ``countEarlierRequests(ages:)``, so plan then apply in one CI job stay
    /// under the gateway's budget together, not only each on its own.
    public func rateLimitHistory() async -> [Duration] {
        await limiter.recentAges()
    }

    /// Counts requests an earlier process with the same client id finished `ages` ago against the window.
    public func countEarlierRequests(ages: [Duration]) async {
        await limiter.prime(ages: ages)
    }
}
