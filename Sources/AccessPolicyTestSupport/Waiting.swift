/// Polls `condition` every 20 ms until it holds, for tests that wait for an event in another process or over
/// loopback (a write arriving, a message printed). The limit is generous on purpose: it is never what a test
/// measures, only what keeps a broken test from hanging.
/// - Throws: ``WaitTimedOut`` when the condition did not hold within `limit`.
public func waitUntil(limit: Duration = .seconds(60), _ condition: @Sendable () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + limit
    while try await !condition() {
        guard ContinuousClock.now < deadline else { throw WaitTimedOut(limit: limit) }
        try await Task.sleep(for: .milliseconds(20))
    }
}

/// A condition a test waited for did not hold in time.
public struct WaitTimedOut: Error, CustomStringConvertible {
    public var limit: Duration
    public var description: String { "the condition did not hold within \(limit)" }
}
