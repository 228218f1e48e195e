import AccessPolicy
import Testing

@Suite("Bounded fan-out")
struct ConcurrentMapTests {
    actor InFlight {
        private(set) var peak = 0
        private var now = 0
        func enter() {
            now += 1
            peak = max(peak, now)
        }
        func leave() { now -= 1 }
    }

    struct Boom: Error {}

    @Test("results keep the input's order, and no more than `width` calls run at once")
    func orderAndWidth() async throws {
        let inFlight = InFlight()
        let results = try await Array(0..<40).concurrentMap(width: 4) { value in
            await inFlight.enter()
            await Task.yield()
            await inFlight.leave()
            return value * 2
        }
        #expect(results == (0..<40).map { $0 * 2 })
        #expect(await inFlight.peak <= 4)
    }

    @Test("the first error is thrown")
    func errors() async {
        await #expect(throws: Boom.self) {
            _ = try await Array(0..<10).concurrentMap(width: 3) { value in
                if value == 6 { throw Boom() }
                return value
            }
        }
    }
}
