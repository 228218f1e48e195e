// No Foundation here: with it in scope, Swift 6.3 does not open `any Clock<Duration>` for `start(_:)`.

/// Laps on an injected clock: the time since the last lap. The planner times its phases with it.
struct Stopwatch {
    private let elapsed: () -> Duration
    private var lastLap: Duration = .zero

    init(_ clock: any Clock<Duration>) {
        elapsed = Self.start(clock)
    }

    private static func start<C: Clock<Duration>>(_ clock: C) -> () -> Duration {
        let start = clock.now
        return { start.duration(to: clock.now) }
    }

    /// The time since the last lap (or the start).
    mutating func lap() -> Duration {
        let now = elapsed()
        defer { lastLap = now }
        return now - lastLap
    }
}
