import Synchronization

/// A clock that runs in real time but can be moved forward by hand, so tests of token expiry do not depend
/// on how fast the machine runs them.
final class AdjustableClock: Clock, Sendable {
    typealias Instant = ContinuousClock.Instant

    private let offset = Mutex<Duration>(.zero)

    var now: Instant { ContinuousClock.now.advanced(by: offset.withLock { $0 }) }
    var minimumResolution: Duration { ContinuousClock().minimumResolution }

    func advance(by duration: Duration) {
        offset.withLock { $0 += duration }
    }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        try await ContinuousClock().sleep(for: now.duration(to: deadline))
    }
}
