/// The gateway's request budget: at most `limit.requests` in any sliding window of `limit.window`, per key.
///
/// A sliding window is the strictest reading of "100 requests per 10 seconds": a client that bursts 100
/// at the end of one window and 100 at the start of the next is refused, as it should expect to be.
/// Refused requests do not use up the budget.
///
/// O(1) amortized per request, whatever the budget: each key keeps its admission times in arrival order
/// and forgets expired ones by moving a start index, so a benchmark with a budget of thousands per
/// window does not pay for the window on every request.
actor RateLimiter {
    /// The admission times of one key still inside the window, `times[start...]`, oldest first.
    private struct Admissions {
        /// On the sandbox's clock (``SandboxTime/elapsed``).
        var times: [Duration] = []
        var start = 0

        var live: Int { times.count - start }

        /// Forgets times at or before `cutoff`, and compacts once the forgotten part is most of the array.
        mutating func expire(upTo cutoff: Duration) {
            while start < times.count, times[start] <= cutoff { start += 1 }
            if start > 64, start * 2 > times.count {
                times.removeFirst(start)
                start = 0
            }
        }

        /// Records an admission at `now`, or returns how long until the oldest relevant admission leaves
        /// the window.
        mutating func admit(at now: Duration, limit: SandboxRateLimit) -> Duration? {
            expire(upTo: now - limit.window)
            guard live >= limit.requests else {
                times.append(now)
                return nil
            }
            return times[times.count - limit.requests] + limit.window - now
        }
    }

    private let limit: SandboxRateLimit
    private var admitted: [String: Admissions] = [:]
    private let time: SandboxTime

    init(limit: SandboxRateLimit, time: SandboxTime) {
        self.limit = limit
        self.time = time
    }

    /// Admits one request for `key`, or returns how long until one would be admitted.
    func admit(key: String) -> Duration? {
        guard limit.requests > 0 else { return limit.window }
        let now = time.elapsed()
        // Mutated in place through the dictionary, so the times are not copied per request.
        return admitted[key, default: Admissions()].admit(at: now, limit: limit)
    }

    /// `Retry-After` for a wait: whole seconds, rounded up, at least 1.
    static func retryAfterSeconds(_ wait: Duration) -> Int {
        let (seconds, attoseconds) = wait.components
        return max(1, Int(seconds) + (attoseconds > 0 ? 1 : 0))
    }
}
