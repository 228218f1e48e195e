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
    /// Catalog look-ups: `GET /roles` and `GET /access-profiles` (plan checks each create's type by id).
    var catalogGets: Int { metrics.count("GET ", "/roles") + metrics.count("GET ", "/access-profiles") }
    var creates: Int { metrics.count("POST ", "/common-access") }
    var updates: Int { metrics.count("POST ", "/update-status") }
    var tokens: Int { metrics.requestsByRoute["POST /oauth/token"] ?? 0 }

    /// The fewest requests this phase can make: one token and ceil(live / 250) list pages per listing; a plan
    /// with creates also looks them up in the catalog by id, ceil(creates of the type / 50) calls per type (every
    /// generated create exists with its type, so no second look-up under the other type). An apply plans first,
    /// re-reads the whole list once before its first write, then sends one POST per create and ceil(flips / batch)
    /// update-status calls, and lists once more to see the tenant converge. A re-plan has no creates left.
    var minimumRequests: Int {
        let pagesBefore = max(1, (liveItems + 249) / 250)
        let pagesAfter = max(1, (liveItems + policy.creates + 249) / 250)
        let catalogLookUps = (policy.roleCreates + 49) / 50 + (policy.accessProfileCreates + 49) / 50
        let plan = 1 + pagesBefore + catalogLookUps
        switch phase {
        case "plan": return plan
        case "apply":
            guard policy.creates + policy.flips > 0 else { return plan }
            return plan + pagesBefore + policy.creates + (policy.flips + batchSize - 1) / batchSize + pagesAfter
        default: return 1 + pagesAfter
        }
    }

    static func table(_ rows: [BenchRow]) -> String {
        var lines = [
            "| items | phase | wall s | requests (min) | list GETs | catalog GETs | creates | update-status | token | "
                + "peak in flight | 429s | peak RSS MB | YAML load s | diff ms | wall ÷ (requests ÷ 10/s) |",
            "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for row in rows {
            let wall = row.wallSeconds
            let paced = Double(row.metrics.totalRequests) / 10
            lines.append(
                "| \(row.size) | \(row.phase) | \(String(format: "%.2f", wall)) | "
                    + "\(row.metrics.totalRequests) (\(row.minimumRequests)) | \(row.listGets) | \(row.catalogGets) | "
                    + "\(row.creates) | "
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
