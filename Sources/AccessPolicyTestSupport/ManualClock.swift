import Foundation

/// A clock that moves only when a test moves it: sleeps on it wait for ``advance(by:)``, never for real time, so
/// tests of rate limits, expiry, backoff and waits assert exact schedules and cannot flake on a busy machine.
public final class ManualClock: Clock, @unchecked Sendable {
    // Safe because `current`, `sleepers` and `nextID` are read and written only while `lock` is held, and each
    // continuation is resumed outside it, exactly once (by whoever removed it from `sleepers`).
    private let lock = NSLock()
    private var current = Instant(offset: .zero)
    private var sleepers: [UInt64: Sleeper] = [:]
    private var nextID: UInt64 = 0
    private var slept: [Duration] = []
    private let advancesOnSleep: Bool

    private struct Sleeper {
        var deadline: Instant
        var continuation: CheckedContinuation<Void, any Error>
    }

    public struct Instant: InstantProtocol, Hashable, Sendable {
        /// Time since the clock was made.
        public var offset: Duration

        public func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        public func duration(to other: Instant) -> Duration { other.offset - offset }
        public static func < (a: Instant, b: Instant) -> Bool { a.offset < b.offset }
    }

    /// - Parameter advancesOnSleep: a sleep moves the clock to its deadline and returns at once, for code that
    ///   only sleeps in one task at a time (a retry's backoff): its whole schedule runs without waiting, and
    ///   ``sleeps`` tells what it was.
    public init(advancesOnSleep: Bool = false) {
        self.advancesOnSleep = advancesOnSleep
    }

    /// Every sleep asked of the clock, in order, as the time it was to last.
    public var sleeps: [Duration] { lock.withLock { slept } }

    public var now: Instant { lock.withLock { current } }
    public var minimumResolution: Duration { .zero }

    /// How many tasks are asleep on the clock now.
    public var sleeping: Int { lock.withLock { sleepers.count } }

    public func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        try Task.checkCancellation()
        let id = lock.withLock { () -> UInt64 in
            slept.append(current.duration(to: deadline))
            if advancesOnSleep, current < deadline { current = deadline }
            nextID += 1
            return nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let due = lock.withLock { () -> Bool in
                    if deadline <= current { return true }
                    sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                    return false
                }
                if due { continuation.resume() }
            }
        } onCancel: {
            let sleeper = lock.withLock { sleepers.removeValue(forKey: id) }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves the clock forward and wakes every sleeper whose deadline has come.
    public func advance(by duration: Duration) {
        let due = lock.withLock { () -> [Sleeper] in
            current = current.advanced(by: duration)
            let due = sleepers.filter { $0.value.deadline <= current }
            for id in due.keys { sleepers.removeValue(forKey: id) }
            return due.values.sorted { $0.deadline < $1.deadline }
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    /// Returns once `count` tasks are asleep on the clock: then a test knows they scheduled their wake-ups
    /// before it moves the clock. Yields instead of sleeping; gives up (returns false) after a million yields.
    @discardableResult
    public func waitForSleepers(_ count: Int = 1) async -> Bool {
        for _ in 0..<1_000_000 {
            if sleeping >= count { return true }
            await Task.yield()
        }
        return false
    }
}
