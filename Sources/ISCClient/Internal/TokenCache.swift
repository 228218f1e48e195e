/// Holds the current bearer token and makes sure concurrent callers share one fetch.
///
/// A token is refreshed when less than min(60 s, 10 % of its lifetime) remains, measured from when its request
/// was sent. If the task doing the fetch is cancelled, a waiting caller takes over instead of failing too.
actor TokenCache: WaitQueueOwner {
    private let timeline: Timeline
    private var current: (token: AccessToken, refreshAt: Duration)?
    private var isFetching = false
    /// Resumed with the new token, or `nil` when the fetch was abandoned because its task was cancelled.
    var waiters = WaitQueue<AccessToken?>()

    init(timeline: Timeline) {
        self.timeline = timeline
    }

    /// A token that is not about to expire, fetching one with `fetch` if needed (at most one fetch at a time).
    func token(fetch: @Sendable () async throws -> IssuedToken) async throws -> AccessToken {
        while true {
            try Task.checkCancellation()
            if let fresh { return fresh }
            if isFetching {
                if let token = try await suspend() { return token }
                continue
            }
            isFetching = true
            let requestedAt = timeline.now
            do {
                let issued = try await fetch()
                current = (issued.token, requestedAt + issued.lifetime - Self.refreshMargin(issued.lifetime))
                isFetching = false
                for waiter in waiters.removeAll() { waiter.resume(returning: issued.token) }
                return issued.token
            } catch {
                isFetching = false
                let abandoned = error is CancellationError
                for waiter in waiters.removeAll() {
                    if abandoned { waiter.resume(returning: nil) } else { waiter.resume(throwing: error) }
                }
                throw error
            }
        }
    }

    /// Whether `token` is still the one to send: current and not about to expire.
    func isUsable(_ token: AccessToken) -> Bool { fresh == token }

    /// The current token unless it is due for refresh.
    private var fresh: AccessToken? {
        guard let current, timeline.now < current.refreshAt else { return nil }
        return current.token
    }

    /// Forgets `token` after the tenant refused it (401), unless a newer token already replaced it.
    func invalidate(_ token: AccessToken) {
        if current?.token == token { current = nil }
    }

    static func refreshMargin(_ lifetime: Duration) -> Duration {
        min(.seconds(60), lifetime / 10)
    }
}
