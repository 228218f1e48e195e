/// Draws the random faults and jitter a `SandboxConfiguration` asks for, from its seed.
///
/// One actor per running sandbox, so the sequence of draws is fixed by the seed and the order in which
/// requests arrive. A rate of zero never draws, so switching one fault on does not shift another's
/// sequence.
actor FaultInjector {
    private let configuration: SandboxConfiguration
    private var random: SplitMix64

    init(configuration: SandboxConfiguration) {
        self.configuration = configuration
        self.random = SplitMix64(seed: configuration.seed)
    }

    /// Answer 500 before doing anything.
    func failsBefore() -> Bool {
        draw(configuration.errorRate)
    }

    /// Apply the write, then answer 500.
    func failsAfterWrite() -> Bool {
        draw(configuration.errorAfterWriteRate)
    }

    /// Close the connection without an answer.
    func dropsConnection() -> Bool {
        draw(configuration.dropConnectionRate)
    }

    /// `latency` plus a uniform draw from 0…`latencyJitter`.
    func delay() -> Duration {
        guard configuration.latencyJitter > .zero else { return configuration.latency }
        let fraction = Double(random.next() >> 11) / Double(1 << 53)
        return configuration.latency + configuration.latencyJitter * fraction
    }

    private func draw(_ rate: Double) -> Bool {
        guard rate > 0 else { return false }
        guard rate < 1 else { return true }
        return Double(random.next() >> 11) / Double(1 << 53) < rate
    }
}
