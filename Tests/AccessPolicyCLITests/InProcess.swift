import AccessPolicy
import ArgumentParser
import Foundation
import Logging
import Testing

@testable import AccessPolicyCLI

/// A console that records what a command prints, and answers its question from a script.
final class RecordingConsole: Console, @unchecked Sendable {
    // Safe because every stored property that changes is read and written only while `lock` is held.
    private let lock = NSLock()
    private var stdout = ""
    private var stderr = ""
    private var answers: [String]
    let stdoutIsTTY = false
    let stderrIsTTY = false
    let stdinIsTTY: Bool

    init(stdinIsTTY: Bool = false, answers: [String] = []) {
        self.stdinIsTTY = stdinIsTTY
        self.answers = answers
    }

    func out(_ text: String) { lock.withLock { stdout += text } }
    func err(_ text: String) { lock.withLock { stderr += text } }

    func readAnswer() -> String? {
        lock.withLock { answers.isEmpty ? nil : answers.removeFirst() }
    }

    var printed: (stdout: String, stderr: String) { lock.withLock { (stdout, stderr) } }
}

extension CLIRunner {
    /// Runs `accesspolicy ARGS` inside the test process, with the folder (or `subfolder` of it) as its working
    /// folder, the given environment and a recording console: the same command code as the binary, without a
    /// process. Process-level behaviour (signals, pipes, the exit status itself) is tested with ``run(_:environment:in:)``.
    func call(
        _ arguments: [String], environment: [String: String] = [:], in subfolder: String? = nil,
        stdinIsTTY: Bool = false, answers: [String] = []
    ) async -> Result {
        let console = RecordingConsole(stdinIsTTY: stdinIsTTY, answers: answers)
        var logger = Logger(label: "accesspolicy") { _ in SwiftLogNoOpLogHandler() }
        logger.logLevel = .critical
        let folder = subfolder.map { self.folder.appendingPathComponent($0) } ?? self.folder
        let context = CommandContext(
            console: console, environment: ["NO_COLOR": "1"].merging(environment) { $1 }, logger: logger,
            fileSystem: LocalFileSystem(currentDirectory: folder.path))
        let status: Int32
        do {
            let command = try AccessPolicyCommand.parseAsRoot(arguments)
            if let subcommand = command as? any AccessPolicySubcommand {
                status = await subcommand.execute(context).rawValue
            } else {
                Issue.record("\(arguments) is not a command that runs in-process")
                status = -1
            }
        } catch {
            // As `main` does: a bad command line exits 1 with the usage, `--help` exits 0.
            let code = AccessPolicyCommand.exitCode(for: error)
            let message = AccessPolicyCommand.fullMessage(for: error)
            if code == .success { console.out(message + "\n") } else { console.err(message + "\n") }
            status = code == .validationFailure ? 1 : code.rawValue
        }
        let printed = console.printed
        return Result(status: status, stdout: printed.stdout, stderr: printed.stderr)
    }
}
