import AccessPolicy
import ArgumentParser
import ISCClient
import Logging

/// What a command needs from the world, built once in `run()`; tests build their own.
struct CommandContext: Sendable {
    var console: Console
    var environment: [String: String] { console.environment }
    var logger: Logger
    var fileSystem: any FileSystem

    static func live(verbose: Bool) -> CommandContext {
        var logger = Logger(label: "accesspolicy") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = verbose ? .debug : .warning
        return CommandContext(console: .live, logger: logger, fileSystem: LocalFileSystem())
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
        let context = CommandContext.live(verbose: global.verbose)
        let outcome: ExitOutcome
        do {
            outcome = try await run(context)
        } catch {
            outcome = context.report(error)
        }
        if outcome != .success { throw ExitCode(outcome.rawValue) }
    }
}
