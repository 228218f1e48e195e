import Foundation

/// The sandbox's sense of time, handed in from outside: how long it has been running (token lifetimes, the
/// gateway's rate-limit window, latency) and the date (timestamps, writes that show later).
///
/// Real time by default (``system``); tests hand in a clock they move by hand, so a token's expiry or a write
/// delay is a step of the test, not seconds of waiting on a machine that may be busy.
public struct SandboxTime: Sendable {
    /// Time since the sandbox's clock started.
    public var elapsed: @Sendable () -> Duration
    /// Waits on the clock.
    public var sleep: @Sendable (Duration) async throws -> Void
    /// The date now: the start date plus ``elapsed``.
    public var date: @Sendable () -> Date

    /// Time on `clock`, starting at `start`.
    public init<C: Clock<Duration>>(clock: C, start: Date = Date()) {
        let origin = clock.now
        let elapsed: @Sendable () -> Duration = { origin.duration(to: clock.now) }
        self.elapsed = elapsed
        sleep = { try await clock.sleep(for: $0) }
        date = {
            let (seconds, attoseconds) = elapsed().components
            return start.addingTimeInterval(Double(seconds) + Double(attoseconds) / 1e18)
        }
    }

    /// The machine's own time.
    public static var system: SandboxTime {
        SandboxTime(clock: ContinuousClock())
    }
}
