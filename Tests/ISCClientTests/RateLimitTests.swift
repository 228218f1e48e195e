import AccessPolicy
import AccessPolicyTestSupport
import Testing

@testable import ISCClient

@Suite("Rate limiting: the client-side limiter and 429 pauses")
struct RateLimitTests {
    @Test("a 429 with Retry-After: 1 pauses every request of the client, then the call succeeds")
    func retryAfterPausesAll() async throws {
        let first = Counter()
        try await StubServer.run(
            tenant { request in
                if request.path == "/v2025/roles", await first.next() == 1 {
                    return .json(#"{"message":" Rate Limit Exceeded "}"#, status: 429, headers: ["Retry-After": "1"])
                }
                try await Task.sleep(for: .milliseconds(100))
                return .json("[]")
            }
        ) { baseURL, log in
            let (rateLimited, signal) = AsyncStream<Duration>.makeStream()
            var configuration = testConfiguration(baseURL)
            configuration.concurrency = 4
            let client = try ISCClient(
                configuration: configuration,
                onEvent: { event in
                    if case .rateLimited(let retryAfter) = event { signal.yield(retryAfter) }
                })
            _ = try await client.findCatalogItems(type: .accessProfile, named: "warm-up")  // token fetched
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { _ = try await client.findCatalogItems(type: .role, named: "x") }
                var waits = rateLimited.makeAsyncIterator()
                #expect(await waits.next() == .seconds(1))
                // Sent while the 429 pause is on: they must wait for it too.
                for _ in 0..<3 {
                    group.addTask { _ = try await client.findCatalogItems(type: .accessProfile, named: "y") }
                }
                try await group.waitForAll()
            }
            let requests = await log.apiRequests
            let limited = try #require(requests.first { $0.path == "/v2025/roles" })
            let after = requests.filter { $0.receivedAt > limited.receivedAt }
            #expect(after.count == 4)
            for request in after {
                #expect(limited.receivedAt.duration(to: request.receivedAt) >= .seconds(1), "\(request.label)")
            }
            let statistics = await client.statistics()
            #expect(statistics.rateLimitedResponses == 1)
            #expect(statistics.retries == 1)
        }
    }

    @Test("a 429 without Retry-After backs off and retries")
    func noRetryAfter() async throws {
        let first = Counter()
        try await StubServer.run(
            tenant { _ in
                await first.next() == 1 ? .json(#"{"message":"Rate Limit Exceeded"}"#, status: 429) : .json("[]")
            }
        ) { baseURL, log in
            let client = try ISCClient.forStub(baseURL)
            _ = try await client.findCatalogItems(type: .role, named: "x")
            #expect(await log.count("GET", "/v2025/roles") == 2)
        }
    }

    @Test("with the limiter set like the server's limit (10 per second) no 429 happens")
    func limiterPrevents429() async throws {
        let items = makeItems(290)  // 29 pages of 10 plus the token: 30 requests, at least 2 s at 10/s
        let window = ServerWindow(limit: 10, window: .seconds(1))
        try await StubServer.run({ request in
            guard await window.admit() else {
                return .json(#"{"message":" Rate Limit Exceeded "}"#, status: 429, headers: ["Retry-After": "1"])
            }
            return request.path == "/oauth/token" ? .token() : page(of: items, for: request)
        }) { baseURL, log in
            let client = try ISCClient.forStub(baseURL) {
                $0.rateLimit = RateLimit(requests: 10, window: .seconds(1))
                $0.pageSize = 10
                $0.concurrency = 8
            }
            let started = ContinuousClock.now
            #expect(try await client.listCommonAccess().count == 290)
            let elapsed = started.duration(to: .now)
            let statistics = await client.statistics()
            #expect(statistics.rateLimitedResponses == 0)
            #expect(await window.rejected == 0)
            #expect(statistics.totalRequests == 30)
            #expect(elapsed >= .seconds(2))
            #expect(await log.requests.count == 30)
        }
    }

    @Test("a second client told the first one's history stays under the budget the two share")
    func historyCarriesOver() async throws {
        let items = makeItems(50)  // 5 pages of 10 plus the token: 6 requests per listing
        // 5 s: long enough that the first client's requests still count when the second starts, however busy the
        // machine; short enough to keep the test quick.
        let window = ServerWindow(limit: 8, window: .seconds(5))
        try await StubServer.run({ request in
            guard await window.admit() else {
                return .json(#"{"message":" Rate Limit Exceeded "}"#, status: 429, headers: ["Retry-After": "2"])
            }
            return request.path == "/oauth/token" ? .token() : page(of: items, for: request)
        }) { baseURL, _ in
            let configure: (inout ISCClientConfiguration) -> Void = {
                $0.rateLimit = RateLimit(requests: 8, window: .seconds(5))
                $0.pageSize = 10
            }
            let first = try ISCClient.forStub(baseURL, adjust: configure)
            #expect(try await first.listCommonAccess().count == 50)
            let history = await first.rateLimitHistory()
            #expect((1...6).contains(history.count))  // requests older than the window no longer count

            // Like a second CLI run in the same CI job: a new client, told what the first one sent.
            let second = try ISCClient.forStub(baseURL, adjust: configure)
            await second.countEarlierRequests(ages: history)
            let started = ContinuousClock.now
            #expect(try await second.listCommonAccess().count == 50)
            #expect(await second.statistics().rateLimitedResponses == 0)
            #expect(await window.rejected == 0)
            // 6 + 6 requests with 8 allowed per 5 s: the second client had to wait for the first one's slots.
            if history.count == 6 { #expect(started.duration(to: .now) >= .seconds(1)) }
        }
    }

    @Test("the limiter admits a window's worth at once, then one per expired slot, on the clock's schedule")
    func limiterUnit() async throws {
        let clock = ManualClock()
        let start = clock.now
        let limiter = RateLimiter(limit: RateLimit(requests: 5, window: .seconds(3)), timeline: Timeline(clock))
        for _ in 0..<5 { try await limiter.withPermit {} }
        #expect(clock.sleeping == 0, "a window's worth goes at once")
        let sixth = Task {
            try await limiter.withPermit {}
            return clock.now
        }
        #expect(await clock.waitForSleepers(1))
        clock.advance(by: .milliseconds(2999))
        #expect(clock.sleeping == 1, "the first slot is not free before its window has passed")
        clock.advance(by: .milliseconds(1))
        #expect(try await sixth.value == start.advanced(by: .seconds(3)))
    }

    @Test("while every slot is in flight the next request waits for a response plus the window")
    func limiterCountsFromResponses() async throws {
        let clock = ManualClock()
        let start = clock.now
        let limiter = RateLimiter(limit: RateLimit(requests: 1, window: .milliseconds(100)), timeline: Timeline(clock))
        try await limiter.acquire()
        let second = Task {
            try await limiter.acquire()
            return clock.now
        }
        // The first response arrives 200 ms later; the second request then waits a window after it.
        clock.advance(by: .milliseconds(200))
        await limiter.finish()
        #expect(await clock.waitForSleepers(1))
        clock.advance(by: .milliseconds(100))
        #expect(try await second.value == start.advanced(by: .milliseconds(300)))
    }

    @Test("a task waiting for the limiter is cancelled promptly")
    func limiterCancellation() async throws {
        let limiter = RateLimiter(
            limit: RateLimit(requests: 1, window: .seconds(30)), timeline: Timeline(ContinuousClock()))
        try await limiter.acquire()
        let waiting = Task { try await limiter.acquire() }
        try await Task.sleep(for: .milliseconds(50))
        waiting.cancel()
        let started = ContinuousClock.now
        await #expect(throws: CancellationError.self) { try await waiting.value }
        // The window is 30 s: anything well under it shows the wait was cut short (loose for busy CI machines).
        #expect(started.duration(to: .now) < .seconds(10))
    }

    @Test("the concurrency limit is never exceeded and a cancelled waiter leaves the queue")
    func concurrencyLimiter() async throws {
        let slots = ConcurrencyLimiter(width: 2)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<10 {
                group.addTask { try await slots.withSlot { try await Task.sleep(for: .milliseconds(10)) } }
            }
            try await group.waitForAll()
        }
        #expect(await slots.peak == 2)
        try await slots.acquire()
        try await slots.acquire()
        let waiting = Task { try await slots.acquire() }
        try await Task.sleep(for: .milliseconds(20))
        waiting.cancel()
        await #expect(throws: CancellationError.self) { try await waiting.value }
        await slots.release()
        await slots.release()
        try await slots.acquire()  // both slots free again: the cancelled waiter took none
        try await slots.acquire()
    }
}

/// A server-side sliding window, like the gateway's: at most `limit` arrivals in any `window`.
actor ServerWindow {
    private let limit: Int
    private let window: Duration
    private var arrivals: [ContinuousClock.Instant] = []
    private(set) var rejected = 0

    init(limit: Int, window: Duration) {
        self.limit = limit
        self.window = window
    }

    func admit() -> Bool {
        let now = ContinuousClock.now
        arrivals.removeAll { $0.duration(to: now) >= window }
        guard arrivals.count < limit else {
            rejected += 1
            return false
        }
        arrivals.append(now)
        return true
    }
}
