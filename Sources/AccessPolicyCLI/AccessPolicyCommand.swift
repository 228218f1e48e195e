// The `accesspolicy` root command: its subcommands, version, and the exit code of a bad command line.

import AccessPolicy
import ArgumentParser

@main
struct AccessPolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accesspolicy",
        abstract: "Keep SailPoint ISC common access in line with YAML policy files kept in git.",
        discussion: """
            Exit codes: 0 no changes / apply converged, 1 error, 2 changes pending (plan), \
            3 blocked by a guard or a stale plan, 4 apply did not converge in time.
            """,
        version: ToolVersion.current,
        subcommands: [Validate.self, Plan.self, Apply.self, Export.self, SandboxCommand.self]
    )

    /// ArgumentParser exits 64 (EX_USAGE) on a bad command line; the documented contract has one error code,
    /// 1, so a CI step that tells "changes pending" (2) from "broken" needs no extra case.
    static func main() async {
        TerminalConsole.prepareStandardStreams()
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            TerminalConsole().err(fullMessage(for: error) + "\n")
            exit(withError: ExitCode.failure)
        }
    }
}
