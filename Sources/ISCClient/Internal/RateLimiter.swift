/// Keeps one client under its request budget and holds everything back while the tenant says "429, wait".
///
/// The gateway counts a request when it arrives, which is some time after we send it and before its response
/// reaches us. So a request occupies a slot of the sliding window from the moment it is sent until `window`
/// after its response arrived: however the network delays vary, the gateway never sees more than `requests`
/// arrivals in any `window`. Call ``finish()`` once per ``acquire()``, when the response (or failure) is in.
actor RateLimiter: WaitQueueOwner {
    private let limit: RateLimit?
    private let timeline: Timeline
    /// Requests sent whose response has not arrived yet.
    private var inFlight = 0
    /// When the responses of recent requests arrived, oldest first; each holds its slot until `+ window`.
    private var finished: [Duration] = []
    private var pausedUntil: Duration = .zero
    /// Tasks waiting because every slot is held by a request still in flight.
    var waiters = WaitQueue<Void>()

    init(limit: RateLimit?, timeline: Timeline) {
        self.limit = limit
        self.timeline = timeline
    }

    /// Waits until one more request may go out now, and counts it. Throws `CancellationError` if cancelled.
    func acquire() async throws {
        while true {
            try Task.checkCancellation()
            let now = timeline.now
            if now < pausedUntil {
                try await timeline.sleep(for: pausedUntil - now)
                continue
            }
            guard let limit else { return }
            finished.removeFirst(finished.prefix { $0 + limit.window <= now }.count)
            if inFlight + finished.count < limit.requests {
                inFlight += 1
                return
            }
            if let oldest = finished.first {
                try await timeline.sleep(for: oldest + limit.window - now)
            } else {
                try await suspend()  // every slot is in flight: wait for a response, then for its window
            }
        }
    }

    /// Records that the response to an acquired request arrived (or that it failed or was cancelled).
    func finish() {
        guard limit != nil else { return }
        finished.append(timeline.now)
        giveBack()
    }

    /// How long ago each request that still holds a slot finished, oldest first: what a later process needs to
    /// keep the same client id under the same budget.
    func recentAges() -> [Duration] {
        guard let limit else { return [] }
        let now = timeline.now
        return finished.filter { $0 + limit.window > now }.map { now - $0 }
    }

    /// Counts requests finished `ages` ago (by another process with the same client id) against the window.
    func prime(ages: [Duration]) {
        guard limit != nil else { return }
        let now = timeline.now
        finished = (ages.map { now - $0 } + finished).sorted()
    }

    /// Holds back every request for `duration` from now (a 429's `Retry-After`); a longer pause already set wins.
    func pause(for duration: Duration) {
        pausedUntil = max(pausedUntil, timeline.now + duration)
    }

    /// Hands back an acquired permit whose request was never sent: it holds no slot of the window. (``finish()``
    /// hands it back too, after counting the request in the window.)
    func giveBack() {
        guard limit != nil else { return }
        inFlight -= 1
        for waiter in waiters.removeAll() { waiter.resume() }
    }

    /// Thrown by ``withPermit(unless:_:)`` when the request was not worth sending any more.
    struct Declined: Error {}

    /// Runs `body` as one counted request: acquires first, finishes however `body` ends. When `stale` says yes
    /// once the permit is granted (say, the token expired during the wait), gives the permit back uncounted and
    /// throws ``Declined`` instead.
    nonisolated func withPermit<T: Sendable>(
        unless stale: @Sendable () async -> Bool = { false }, _ body: @Sendable () async throws -> T
    ) async throws -> T {
        try await acquire()
        if await stale() {
            await giveBack()
            throw Declined()
        }
        do {
            let value = try await body()
            await finish()
            return value
        } catch {
            await finish()
            throw error
        }
    }
}
