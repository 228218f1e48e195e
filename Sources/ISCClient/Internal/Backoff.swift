/// Exponential backoff with full jitter: attempt n waits a random time in [0, min(cap, base · 2ⁿ⁻¹)].
///
/// Full jitter spreads the retries of many clients (or many pages) hit by the same outage.
struct Backoff: Sendable {
    var base: Duration
    var cap: Duration

    /// The delay before retrying after failed attempt `attempt` (1-based).
    func delay(afterAttempt attempt: Int) -> Duration {
        let ceiling = self.ceiling(afterAttempt: attempt)
        guard ceiling > .zero else { return .zero }
        let nanoseconds = Double(ceiling.components.seconds) * 1e9 + Double(ceiling.components.attoseconds) / 1e9
        return .nanoseconds(Int64(Double.random(in: 0...nanoseconds)))
    }

    func ceiling(afterAttempt attempt: Int) -> Duration {
        var ceiling = base
        for _ in 1..<max(1, attempt) {
            ceiling *= 2
            if ceiling >= cap { return cap }
        }
        return min(ceiling, cap)
    }
}
