import ArgumentParser
import Foundation
import Sandbox

/// `accesspolicy-bench`: plan, apply and re-plan against a generated sandbox tenant of N items, with
/// injected latency and optionally SailPoint's rate limit, and print what it cost (issue 4, docs/performance.md).
@main
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accesspolicy-bench",
        abstract: "Measure plan, apply and re-plan against a generated sandbox tenant.",
        discussion: """
            Policy mix per N items: 5 % creates, 10 % flips, 60 % no-ops, 25 % unmanaged. \
            The sandbox runs as a separate process; the client is the real `accesspolicy` binary.
            """)

    @Option(help: "Tenant sizes (items), comma-separated.")
    var sizes = "1000,10000,100000"

    @Option(help: "Latency the sandbox adds to every request, in milliseconds.")
    var latencyMs = 20

    @Flag(help: "Make the sandbox enforce SailPoint's 100 requests / 10 s, and the client pace itself to it.")
    var rateLimit = false

    @Option(help: "Requests in flight (passed to accesspolicy --concurrency); default: accesspolicy's own.")
    var concurrency: Int?

    @Option(help: "Item ids per update-status call.")
    var batchSize = 250

    @Option(help: "The accesspolicy binary (default: next to this one).")
    var accesspolicy: String?

    @Option(help: "Keep the generated files here instead of a temporary folder.")
    var workDirectory: String?

    @Option(help: "Append the results as Markdown to this file.")
    var markdown: String?

    @Option(
        help: ArgumentHelp(
            "Also run this sequential Python-SDK script against the same tenant and print the ratios.",
            discussion: "Use scripts/python-sdk-baseline.py; needs python3 with sailpoint==1.4.2 and pyyaml."))
    var pythonBaseline: String?

    func run() async throws {
        let binary =
            accesspolicy
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("accesspolicy").path
        var rows: [BenchRow] = []
        var comparison = PythonBaseline.tableHeader
        for size in sizes.split(separator: ",").compactMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) {
            let (measured, lines) = try await measure(size: size, binary: binary)
            rows += measured
            comparison += lines
        }
        var table = BenchRow.table(rows)
        if pythonBaseline != nil { table += "\n\n" + comparison.joined(separator: "\n") }
        let settings = """
            latency \(latencyMs) ms, \(rateLimit ? "rate limit 100 requests / 10 s" : "no rate limit"), \
            concurrency \(concurrency.map(String.init) ?? "default"), batch size \(batchSize)
            """
        print("\n\(settings)\n\n\(table)")
        if let markdown {
            let handle =
                FileHandle(forWritingAtPath: markdown)
                ?? {
                    _ = FileManager.default.createFile(atPath: markdown, contents: nil)
                    return FileHandle(forWritingAtPath: markdown)!
                }()
            handle.seekToEndOfFile()
            handle.write(Data("\n\(settings)\n\n\(table)\n".utf8))
            handle.closeFile()
        }
    }

    /// The rows of the three accesspolicy runs, and with `--python-baseline` the comparison lines.
    private func measure(size: Int, binary: String) async throws -> ([BenchRow], [String]) {
        let folder = URL(fileURLWithPath: workDirectory ?? NSTemporaryDirectory())
            .appendingPathComponent("accesspolicy-bench-\(size)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { if workDirectory == nil { try? FileManager.default.removeItem(at: folder) } }

        log("N=\(size): generating the tenant and the policy")
        let live = size * 95 / 100
        let catalog = size * 55 / 100 + 1
        let snapshot = TenantSnapshot.generated(roles: catalog, accessProfiles: catalog, commonAccess: live, seed: 7)
        let stateFile = folder.appendingPathComponent("tenant.json")
        try await TenantStore(persistingTo: stateFile).replace(with: snapshot)
        let policy = try BenchPolicy.write(
            for: snapshot, items: size, into: folder.appendingPathComponent("policies"), seed: 11)

        var serverArguments = ["--state", stateFile.path, "--ephemeral", "--latency-ms", String(latencyMs)]
        if rateLimit { serverArguments += ["--rate-limit", "100"] }
        let environment = [
            "SAIL_CLIENT_ID": Sandbox.defaultClientID, "SAIL_CLIENT_SECRET": Sandbox.defaultClientSecret,
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "NO_COLOR": "1",
            // The runs share what they sent with the next one here, as consecutive CI steps would in $HOME.
            "XDG_CACHE_HOME": folder.appendingPathComponent("cache").path,
        ]

        // The baseline gets a sandbox of its own; --ephemeral leaves the state file as generated for the next one.
        var baseline: PythonBaseline?
        if let pythonBaseline {
            log("N=\(size): Python SDK baseline")
            let server = try SandboxProcess(binary: binary, arguments: serverArguments)
            defer { server.stop() }
            let result = try PythonBaseline.run(
                script: pythonBaseline, baseURL: server.baseURL, clientID: Sandbox.defaultClientID,
                clientSecret: Sandbox.defaultClientSecret, policies: folder.appendingPathComponent("policies"),
                folder: folder, environment: environment)
            guard result.creates == policy.creates, result.flips == policy.flips else {
                throw BenchError(
                    "the baseline planned \(result.creates) creates and \(result.flips) flips, "
                        + "expected \(policy.creates) and \(policy.flips)")
            }
            baseline = result
        }

        let server = try SandboxProcess(binary: binary, arguments: serverArguments)
        defer { server.stop() }

        // Denial guards are on by default (maxDenied 25, maxDeniedPercent 10). The generated policy flips 10 % of
        // the items, most of them CONFIRMED ones to DENIED: far over 25, so apply would stop with exit 3 before
        // writing. The benchmark measures the writes, so both guards are off.
        let config = folder.appendingPathComponent("accesspolicy.yaml")
        try Data(
            """
            tenant: \(server.baseURL)
            policies: policies
            unmanaged: ignore
            batchSize: \(batchSize)
            requestsPer10s: \(rateLimit ? 100 : 0)
            guards:
              maxDenied: off
              maxDeniedPercent: off

            """.utf8
        ).write(to: config)

        var rows: [BenchRow] = []
        for (phase, arguments, expected) in [
            ("plan", ["plan"], Int32(2)), ("apply", ["apply", "--auto-approve", "--wait", "10m"], 0),
            ("re-plan", ["plan"], 0),
        ] {
            log("N=\(size): \(phase)")
            try await server.resetMetrics()
            let timings = folder.appendingPathComponent("\(phase)-timings.json")
            let outcome = try ChildProcess.run(
                binary,
                arguments + ["--config", config.path, "--timings", timings.path]
                    + (concurrency.map { ["--concurrency", String($0)] } ?? []),
                environment: environment, stdout: folder.appendingPathComponent("\(phase).out").path,
                stderr: folder.appendingPathComponent("\(phase).err").path)
            guard outcome.status == expected else {
                let stderr =
                    (try? String(contentsOf: folder.appendingPathComponent("\(phase).err"), encoding: .utf8)) ?? ""
                throw BenchError("\(phase) exited \(outcome.status), expected \(expected):\n\(stderr)")
            }
            let metrics = try await server.metrics()
            let reported = try? JSONDecoder().decode(
                ReportedTimings.self, from: Data(contentsOf: timings))
            rows.append(
                BenchRow(
                    size: size, phase: phase, outcome: outcome, metrics: metrics, timings: reported, policy: policy,
                    liveItems: live, batchSize: batchSize, rateLimited: rateLimit))
        }
        let comparison = baseline.map {
            PythonBaseline.comparison(size: size, baseline: $0, plan: rows[0], apply: rows[1])
        }
        return (rows, comparison ?? [])
    }

    /// Progress on stderr; a closed stderr drops it (FileHandle's non-throwing `write` would trap instead).
    private func log(_ text: String) {
        try? FileHandle.standardError.write(contentsOf: Data("\(text)\n".utf8))
    }
}

/// What `accesspolicy --timings FILE` wrote.
struct ReportedTimings: Decodable {
    var peakRSS: Int?
    var load: Double?
    var list: Double?
    var diff: Double?
    var apply: Double?
}
