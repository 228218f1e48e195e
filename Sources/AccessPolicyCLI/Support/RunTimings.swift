import AccessPolicy
import Foundation
import ISCClient

/// Where a run's time went and what it sent, written by the hidden `--timings FILE` option for the
/// benchmark (`accesspolicy-bench`). Seconds as numbers; no credential in it.
struct RunTimings: Encodable {
    struct Client: Encodable {
        var requests: [String: Int]
        var totalRequests: Int
        var peakInFlight: Int
        var rateLimitedResponses: Int
        var retries: Int

        init(_ statistics: RequestStatistics) {
            requests = statistics.requests
            totalRequests = statistics.totalRequests
            peakInFlight = statistics.peakInFlight
            rateLimitedResponses = statistics.rateLimitedResponses
            retries = statistics.retries
        }
    }

    var load: Double?
    var list: Double?
    var resolve: Double?
    var diff: Double?
    var apply: Double?
    var liveItems: Int?
    var client: Client?

    mutating func record(_ run: PlannedRun) {
        list = run.timings.list.seconds
        resolve = run.timings.resolve.seconds
        diff = run.timings.diff.seconds
        liveItems = run.live.count
    }

    func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
