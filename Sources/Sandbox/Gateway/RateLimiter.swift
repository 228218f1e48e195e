/// The gateway's request budget: at most `limit.requests` in any sliding window of `limit.window`, per key.
///
/// A sliding window is the strictest reading of "100 requests per 10 seconds": a client that bursts 100
/// at the end of one window and 100 at the start of the next is refused, as it should expect to be.
/// Refused requests do not use up the budget.
actor RateLimiter {
    private let limit: SandboxRateLimit
    private var admitted: [String: [ContinuousClock.Instant]] = [:]
    private let clock = ContinuousClock()

    init(limit: SandboxRateLimit) {
        self.limit = limit
    }

    /// Admits one request for `key`, or returns how long until one would be admitted.
    func admit(key: String) -> Duration? {
        guard limit.requests > 0 else { return limit.window }
        let now = clock.now
        var recent = admitted[key, default: []]
        if let firstLive = recent.firstIndex(where: { $0 > now - limit.window }) {
            recent.removeFirst(firstLive)
        } else {
            recent.removeAll()
        }
        guard recent.count >= limit.requests else {
            recent.append(now)
            admitted[key] = recent
            return nil
        }
        admitted[key] = recent
        let oldestRelevant = recent[recent.count - limit.requests]
        return oldestRelevant + limit.window - now
    }

    /// `Retry-After` for a wait: whole seconds, rounded up, at least 1.
    static func retryAfterSeconds(_ wait: Duration) -> Int {
        let (seconds, attoseconds) = wait.components
        return max(1, Int(seconds) + (attoseconds > 0 ? 1 : 0))
    }
}
