import Foundation

/// Asks a running ``Applier/apply(_:options:stop:progress:)`` to stop part-way: the CLI's answer to Ctrl-C.
///
/// Cancelling the apply task would abort HTTP writes mid-flight, and a write aborted mid-flight may or may not
/// have taken effect. A stop instead lets every write already sent finish and be reported, skips the writes
/// not yet started (reported as not sent), and cuts the convergence wait short, so the report says exactly
/// what was written.
public final class ApplyStop: @unchecked Sendable {
    // Safe because every stored property below is read and written only while `lock` is held, and the
    // continuations are resumed outside it, exactly once (whoever removes one from `waiters` resumes it).
    private let lock = NSLock()
    private var requested = false
    private var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
    private var nextWaiter: UInt64 = 0

    public init() {}

    /// True once ``request()`` was called.
    public var isRequested: Bool {
        lock.withLock { requested }
    }

    /// Asks the apply to stop; safe to call from any thread, any number of times.
    /// - Returns: true the first time, so a caller can tell a first Ctrl-C from a second.
    @discardableResult
    public func request() -> Bool {
        let (first, resumed) = lock.withLock { () -> (Bool, [CheckedContinuation<Void, Never>]) in
            let first = !requested
            requested = true
            let resumed = Array(waiters.values)
            waiters.removeAll()
            return (first, resumed)
        }
        for waiter in resumed { waiter.resume() }
        return first
    }

    /// Returns once a stop is requested, or as soon as the calling task is cancelled.
    func wait() async {
        let id = lock.withLock { () -> UInt64 in
            nextWaiter += 1
            return nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = lock.withLock { () -> Bool in
                    // Checked under the lock: a cancellation handler that ran before this found nothing to
                    // resume, so this must see the cancellation and not wait.
                    if requested || Task.isCancelled { return true }
                    waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = lock.withLock { waiters.removeValue(forKey: id) }
            waiter?.resume()
        }
    }
}
