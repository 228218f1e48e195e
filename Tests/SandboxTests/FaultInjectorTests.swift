import Testing

@testable import Sandbox

@Suite("FaultInjector")
struct FaultInjectorTests {
    @Test("jitter stays between latency and latency + jitter, and repeats for the same seed")
    func jitter() async {
        let configuration = SandboxConfiguration(latency: .milliseconds(100), latencyJitter: .milliseconds(50), seed: 9)
        let first = FaultInjector(configuration: configuration)
        let second = FaultInjector(configuration: configuration)
        var delays: [Duration] = []
        for _ in 0..<50 {
            let delay = await first.delay()
            #expect(delay >= .milliseconds(100) && delay <= .milliseconds(150))
            #expect(await second.delay() == delay)
            delays.append(delay)
        }
        #expect(Set(delays.map(\.components.attoseconds)).count > 1)
    }

    @Test("rates of 0 and 1 never and always fire; in between they fire about as often as asked")
    func rates() async {
        let never = FaultInjector(configuration: SandboxConfiguration())
        let always = FaultInjector(configuration: SandboxConfiguration(errorRate: 1, dropConnectionRate: 1))
        let sometimes = FaultInjector(configuration: SandboxConfiguration(errorAfterWriteRate: 0.25, seed: 1))
        var fired = 0
        for _ in 0..<2_000 {
            let quiet = [await never.failsBefore(), await never.dropsConnection(), await never.failsAfterWrite()]
            #expect(quiet == [false, false, false])
            let loud = [await always.failsBefore(), await always.dropsConnection()]
            #expect(loud == [true, true])
            if await sometimes.failsAfterWrite() { fired += 1 }
        }
        #expect((400...600).contains(fired))
    }
}
