/// Tasks suspended inside an actor, resumed first-in first-out.
///
/// The owning actor keeps the queue in its isolated state; ``suspend(_:in:)`` parks the current task and
/// removes it again if the task is cancelled while waiting.
struct WaitQueue<Value: Sendable> {
    private var entries: [(id: UInt64, continuation: CheckedContinuation<Value, any Error>)] = []
    private var nextID: UInt64 = 0

    var isEmpty: Bool { entries.isEmpty }

    mutating func makeID() -> UInt64 {
        nextID += 1
        return nextID
    }

    mutating func append(_ id: UInt64, _ continuation: CheckedContinuation<Value, any Error>) {
        entries.append((id, continuation))
    }

    mutating func popFirst() -> CheckedContinuation<Value, any Error>? {
        entries.isEmpty ? nil : entries.removeFirst().continuation
    }

    mutating func remove(_ id: UInt64) -> CheckedContinuation<Value, any Error>? {
        guard let index = entries.firstIndex(where: { $0.id == id }) else { return nil }
        return entries.remove(at: index).continuation
    }

    mutating func removeAll() -> [CheckedContinuation<Value, any Error>] {
        defer { entries.removeAll() }
        return entries.map(\.continuation)
    }
}

/// An actor that parks tasks in a ``WaitQueue``.
protocol WaitQueueOwner<Value>: Actor {
    associatedtype Value: Sendable
    var waiters: WaitQueue<Value> { get set }
}

extension WaitQueueOwner {
    /// Parks the current task until another method of the actor resumes it.
    ///
    /// Cancellation resumes it with `CancellationError`. The cancellation handler runs outside the actor, so it
    /// hops back in with a small task; the continuation is registered synchronously on the actor before that
    /// task can run, so a cancellation is never lost.
    func suspend() async throws -> Value {
        let id = waiters.makeID()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                } else {
                    waiters.append(id, continuation)
                }
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    func cancelWaiter(_ id: UInt64) {
        waiters.remove(id)?.resume(throwing: CancellationError())
    }
}
