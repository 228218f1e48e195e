/// Bounds the requests in flight (``ISCClientConfiguration/concurrency``) across every caller of one client.
///
/// A counting semaphore as an actor: a released slot is handed straight to the longest waiter.
actor ConcurrencyLimiter: WaitQueueOwner {
    private let width: Int
    private var inUse = 0
    private(set) var peak = 0
    var waiters = WaitQueue<Void>()

    init(width: Int) {
        self.width = max(1, width)
    }

    func acquire() async throws {
        try Task.checkCancellation()
        if inUse < width {
            inUse += 1
            peak = max(peak, inUse)
            return
        }
        try await suspend()  // resumed by `release`, which hands over its slot
    }

    func release() {
        if let next = waiters.popFirst() {
            next.resume()
        } else {
            inUse -= 1
        }
    }

    /// Runs `body` holding one slot; the slot is released however `body` ends.
    nonisolated func withSlot<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        try await acquire()
        do {
            let value = try await body()
            await release()
            return value
        } catch {
            await release()
            throw error
        }
    }
}
