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
    /// Peak resident memory of this process in bytes (Linux `VmHWM`), read when the file is written.
    var peakRSS: Int? = RunTimings.peakResidentBytes()

    mutating func record(_ run: PlannedRun) {
        list = run.timings.list.seconds
        resolve = run.timings.resolve.seconds
        diff = run.timings.diff.seconds
        liveItems = run.live.count
    }

    /// `VmHWM` from /proc/self/status. Not `getrusage`: after a vfork-style spawn its `ru_maxrss` also counts
    /// the parent's memory from before `exec`.
    static func peakResidentBytes() -> Int? {
        // Read to the end: /proc files report a size of 0, so size-based reads come back empty.
        guard let handle = FileHandle(forReadingAtPath: "/proc/self/status") else { return nil }
        defer { try? handle.close() }
        let status = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kilobytes = line.dropFirst("VmHWM:".count).split(whereSeparator: \.isWhitespace).first.flatMap {
                Int($0)
            }
            return kilobytes.map { $0 * 1024 }
        }
        return nil
    }

    func write(to path: String, fileSystem: any FileSystem) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try fileSystem.writeFile(path, Array(try encoder.encode(self)))
    }
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
