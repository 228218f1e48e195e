import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs the built `accesspolicy` binary in a folder of its own, the way a user or CI job would. The folder
/// is removed when the runner goes away.
final class CLIRunner: Sendable {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        /// True when a signal ended the process; `status` is then the signal's number.
        var killedBySignal = false
    }

    /// A fresh folder with `accesspolicy.yaml` and the given policy files.
    let folder: URL

    init(config: String = "tenant: sandbox\n", policies: [String: String]) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("accesspolicy-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("policies"), withIntermediateDirectories: true)
        try Data(config.utf8).write(to: folder.appendingPathComponent("accesspolicy.yaml"))
        for (name, text) in policies {
            let url = folder.appendingPathComponent("policies/\(name)")
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    static var binary: URL {
        Bundle.main.bundleURL.appendingPathComponent("accesspolicy")
    }

    /// Runs `accesspolicy ARGS` with the folder as working directory and a controlled environment.
    ///
    /// Waits without blocking a thread of the concurrency pool: a blocked pool thread (there are as many as
    /// cores) stalls every other test of the run, and a tenant served by the test process itself needs those
    /// threads to answer.
    func run(_ arguments: [String], environment: [String: String] = [:], in subfolder: String? = nil) async throws
        -> Result
    {
        try await start(arguments, environment: environment, in: subfolder).result()
    }

    /// Runs `script` with bash in the folder, the binary's path in `$AP`: for pipes a test cannot build with
    /// `Process` alone, like `"$AP" apply | head -c 1`.
    func runShell(_ script: String, environment: [String: String] = [:]) async throws -> Result {
        let process = makeProcess([], environment: environment.merging(["AP": Self.binary.path]) { $1 })
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script]
        return try await RunningCommand(process).result()
    }

    var stateFile: URL { folder.appendingPathComponent(".accesspolicy/sandbox-tenant.json") }

    private func makeProcess(_ arguments: [String], environment: [String: String], in subfolder: String? = nil)
        -> Process
    {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        process.currentDirectoryURL = subfolder.map { folder.appendingPathComponent($0) } ?? folder
        var env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "NO_COLOR": "1"]
        env.merge(environment) { _, new in new }
        process.environment = env
        return process
    }

    /// Starts `accesspolicy ARGS` and returns at once, so a test can watch the tenant and signal the process.
    func start(_ arguments: [String], environment: [String: String] = [:], in subfolder: String? = nil) throws
        -> RunningCommand
    {
        try RunningCommand(makeProcess(arguments, environment: environment, in: subfolder))
    }

    /// Writes `text` to `path` inside the folder, creating its folders.
    func write(_ path: String, _ text: String) throws {
        let url = folder.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }
}

/// A child process whose output is collected on threads of its own while it runs.
final class RunningCommand: @unchecked Sendable {
    // Safe because `process` is only signalled after `run()`, and `stdout` and `stderr` are only touched while
    // `lock` is held.
    private let process: Process
    private let done = DispatchGroup()
    private let lock = NSLock()
    private var stdout = Data()
    private var stderr = Data()

    fileprivate init(_ process: Process) throws {
        self.process = process
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        done.enter()
        process.terminationHandler = { [done] _ in done.leave() }
        try process.run()
        for (pipe, isStdout) in [(out, true), (err, false)] {
            done.enter()
            // Blocking reads on a thread of their own, never on the concurrency pool.
            Thread.detachNewThread { [self, done] in
                while true {
                    let chunk = pipe.fileHandleForReading.availableData
                    if chunk.isEmpty { break }
                    lock.withLock {
                        if isStdout { stdout.append(chunk) } else { stderr.append(chunk) }
                    }
                }
                done.leave()
            }
        }
    }

    var pid: Int32 { process.processIdentifier }

    /// What the process wrote to stderr so far, to wait for a message while it runs.
    var stderrSoFar: String { lock.withLock { String(decoding: stderr, as: UTF8.self) } }

    /// Sends SIGINT, as Ctrl-C on a terminal does.
    func interrupt() { kill(pid, SIGINT) }

    /// Sends `signal`: SIGTERM as a CI runner cancelling a job, SIGHUP as a closed terminal.
    func send(_ signal: Int32) { kill(pid, signal) }

    /// Sends SIGKILL: no handler runs, nothing is flushed or reported.
    func killHard() { kill(pid, SIGKILL) }

    /// Waits for the process to end and its output to be read.
    func result() async -> CLIRunner.Result {
        await withCheckedContinuation { continuation in
            done.notify(queue: .global()) { [self] in
                let (out, err) = lock.withLock { (stdout, stderr) }
                continuation.resume(
                    returning: CLIRunner.Result(
                        status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
                        stderr: String(decoding: err, as: UTF8.self),
                        killedBySignal: process.terminationReason == .uncaughtSignal))
            }
        }
    }
}
