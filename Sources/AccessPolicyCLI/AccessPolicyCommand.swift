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
        version: AccessPolicyVersion.current,
        subcommands: [Validate.self, Plan.self, Apply.self, Export.self, SandboxCommand.self]
    )
}

enum AccessPolicyVersion {
    static let current = "0.1.0"
}
