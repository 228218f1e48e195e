import AccessPolicy
import ArgumentParser
import Foundation
import ISCClient
import Logging

/// What a command needs from the world — console, environment, disk, logger — built once by `run()` for the
/// process, and by tests for an in-process run (see ``AccessPolicySubcommand/execute(_:)``).
struct CommandContext: Sendable {
    var console: any Console
    var environment: [String: String]
    var logger: Logger
    var fileSystem: any FileSystem

    static func live(verbose: Bool) -> CommandContext {
        var logger = Logger(label: "accesspolicy") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = verbose ? .debug : .warning
        return CommandContext(
            console: TerminalConsole(), environment: ProcessInfo.processInfo.environment, logger: logger,
            fileSystem: LocalFileSystem())
    }

    /// Colors only on a terminal, never with `NO_COLOR` (https://no-color.org) or `TERM=dumb`.
    var colorsOnStdout: Bool {
        console.stdoutIsTTY && environment["NO_COLOR"].map(\.isEmpty) ?? true && environment["TERM"] != "dumb"
    }

    /// Prints an error the way a user can act on it and picks the exit code.
    func report(_ error: any Error) -> ExitOutcome {
        switch error {
        case let errors as PolicyErrors:
            DiagnosticPrinter.print(errors, to: console)
        case is CancellationError:
            console.err("error: interrupted\n")
        default:
            // Tenant text (an ISC error message) may be in it: control characters are shown, not obeyed.
            console.err("error: \(Escaped.text("\(error)", keepingNewlines: true))\n")
        }
        return .failure
    }
}

/// A subcommand whose logic takes a context and returns an exit outcome, so tests can run it in-process.
protocol AccessPolicySubcommand: AsyncParsableCommand {
    var global: GlobalOptions { get }
    func run(_ context: CommandContext) async throws -> ExitOutcome
}

extension AccessPolicySubcommand {
    mutating func run() async throws {
        let outcome = await execute(CommandContext.live(verbose: global.verbose))
        if outcome != .success { throw ExitCode(outcome.rawValue) }
    }

    /// Runs the command in `context`, an error reported as the process would report it.
    func execute(_ context: CommandContext) async -> ExitOutcome {
        do {
            return try await run(context)
        } catch {
            return context.report(error)
        }
    }
}
