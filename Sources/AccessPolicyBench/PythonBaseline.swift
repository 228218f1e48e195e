import Foundation

/// The sequential SailPoint-Python-SDK script (`scripts/python-sdk-baseline.py`) run against the same generated
/// tenant, latency and rate limit as accesspolicy, so the benchmark can print the ratios issue 4 asks about.
struct PythonBaseline: Decodable {
    struct Seconds: Decodable {
        var list: Double
        var yamlLoad: Double
        var diff: Double
        var plan: Double
        var writes: Double
        var verify: Double
        var total: Double
    }

    var seconds: Seconds
    var requests: [String: Int]
    var creates: Int
    var flips: Int

    /// Runs the script with `python3` from `PATH` and reads the JSON line it prints.
    static func run(
        script: String, baseURL: String, clientID: String, clientSecret: String, policies: URL, folder: URL,
        environment: [String: String]
    ) throws -> PythonBaseline {
        let stdout = folder.appendingPathComponent("python-baseline.out")
        let stderr = folder.appendingPathComponent("python-baseline.err")
        let outcome = try ChildProcess.run(
            "/usr/bin/env", ["python3", script, baseURL, clientID, clientSecret, policies.path],
            environment: environment, stdout: stdout.path, stderr: stderr.path)
        guard outcome.status == 0, let result = try? JSONDecoder().decode(Self.self, from: Data(contentsOf: stdout))
        else {
            let message = (try? String(contentsOf: stderr, encoding: .utf8)) ?? ""
            throw BenchError("the Python SDK baseline exited \(outcome.status):\n\(message.suffix(2_000))")
        }
        return result
    }

    /// Side-by-side lines: the script's plan and whole run against accesspolicy's plan and apply (an apply plans
    /// first too, then writes and lists until the tenant matches, as the script's whole run does).
    static func comparison(size: Int, baseline: PythonBaseline, plan: BenchRow, apply: BenchRow) -> [String] {
        let totalRequests = baseline.requests.filter { $0.key != "429" }.values.reduce(0, +)
        let planRatio = baseline.seconds.plan / plan.wallSeconds
        let applyRatio = baseline.seconds.total / apply.wallSeconds
        return [
            "| \(size) | plan | \(format(baseline.seconds.plan)) | \(format(plan.wallSeconds)) | "
                + "\(String(format: "%.1f×", planRatio)) | list \(format(baseline.seconds.list)) s, "
                + "YAML \(format(baseline.seconds.yamlLoad)) s, diff \(format(baseline.seconds.diff)) s |",
            "| \(size) | plan + writes + check | \(format(baseline.seconds.total)) | \(format(apply.wallSeconds)) | "
                + "\(String(format: "%.1f×", applyRatio)) | writes \(format(baseline.seconds.writes)) s, "
                + "\(totalRequests) requests, \(baseline.requests["429"] ?? 0) 429s |",
        ]
    }

    static let tableHeader = [
        "| items | phase | Python SDK script s | accesspolicy s | speed-up | script's breakdown |",
        "|---:|---|---:|---:|---:|---|",
    ]

    private static func format(_ seconds: Double) -> String { String(format: "%.2f", seconds) }
}
