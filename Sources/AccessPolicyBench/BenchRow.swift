import Foundation

/// One line of the benchmark table.
struct BenchRow {
    var size: Int
    var phase: String
    var outcome: ChildProcess.Outcome
    var metrics: SandboxProcess.Metrics
    var timings: ReportedTimings?
    var policy: BenchPolicy
    var liveItems: Int
    var batchSize: Int
    var rateLimited: Bool

    var listGets: Int { metrics.count("GET ", "/common-access") }
    var creates: Int { metrics.count("POST ", "/common-access") }
    var updates: Int { metrics.count("POST ", "/update-status") }
    var tokens: Int { metrics.requestsByRoute["POST /oauth/token"] ?? 0 }

    /// The fewest requests this phase can make: one token, ceil(live / 250) list pages per listing, one POST per
    /// create, ceil(flips / batch) update-status calls. Apply lists twice (plan, then convergence check).
    var minimumRequests: Int {
        let pagesBefore = max(1, (liveItems + 249) / 250)
        let pagesAfter = max(1, (liveItems + policy.creates + 249) / 250)
        switch phase {
        case "plan": return 1 + pagesBefore
        case "apply": return 1 + pagesBefore + policy.creates + (policy.flips + batchSize - 1) / batchSize + pagesAfter
        default: return 1 + pagesAfter
        }
    }

    static func table(_ rows: [BenchRow]) -> String {
        var lines = [
            "| items | phase | wall s | requests (min) | list GETs | creates | update-status | token | "
                + "peak in flight | 429s | peak RSS MB | YAML load s | diff ms | wall ÷ (requests ÷ 10/s) |",
            "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for row in rows {
            let wall = row.wallSeconds
            let paced = Double(row.metrics.totalRequests) / 10
            lines.append(
                "| \(row.size) | \(row.phase) | \(String(format: "%.2f", wall)) | "
                    + "\(row.metrics.totalRequests) (\(row.minimumRequests)) | \(row.listGets) | \(row.creates) | "
                    + "\(row.updates) | \(row.tokens) | \(row.metrics.peakInFlight) | \(row.metrics.rateLimitedResponses) | "
                    + "\((row.timings?.peakRSS ?? row.outcome.peakRSS) / 1_048_576) | \(row.timings?.load.map { String(format: "%.3f", $0) } ?? "–") | "
                    + "\(row.timings?.diff.map { String(format: "%.1f", $0 * 1000) } ?? "–") | "
                    + "\(row.rateLimited ? String(format: "%.2f", wall / paced) : "–") |")
        }
        return lines.joined(separator: "\n")
    }

    var wallSeconds: Double {
        let (seconds, attoseconds) = outcome.wall.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
