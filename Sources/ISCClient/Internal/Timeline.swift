/// The injected clock, reduced to "time since the client was made" and "sleep".
///
/// Actors that schedule (rate limiter, token cache) then do arithmetic on plain `Duration`s and need not be
/// generic over the clock, while tests can still hand in any `Clock<Duration>`.
struct Timeline: Sendable {
    private let elapsed: @Sendable () -> Duration
    private let sleeper: @Sendable (Duration) async throws -> Void

    init<C: Clock>(_ clock: C) where C.Duration == Duration {
        let origin = clock.now
        elapsed = { origin.duration(to: clock.now) }
        sleeper = { try await clock.sleep(for: $0) }
    }

    /// Time since the timeline was made.
    var now: Duration { elapsed() }

    /// Sleeps on the injected clock; throws `CancellationError` when the task is cancelled.
    func sleep(for duration: Duration) async throws {
        guard duration > .zero else { return try Task.checkCancellation() }
        try await sleeper(duration)
    }
}
