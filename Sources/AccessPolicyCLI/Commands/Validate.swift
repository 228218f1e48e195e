// `accesspolicy validate`: the config and policy files checked offline.

import AccessPolicy
import ArgumentParser
import Foundation

extension AccessPolicyCommand {
    struct Validate: AccessPolicySubcommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the config and every policy file offline; exit 1 on any error.")

        @OptionGroup var global: GlobalOptions

        func run(_ context: CommandContext) async throws -> ExitOutcome {
            let settings = try RunSettings(global, environment: context.environment, fileSystem: context.fileSystem)
            let policy = try await PolicyLoader(width: ProcessInfo.processInfo.activeProcessorCount).load(
                directory: settings.policies, fileSystem: context.fileSystem, allowEmpty: settings.allowEmptyPolicy)
            DiagnosticPrinter.printWarnings(settings.config.warnings + policy.warnings, to: context.console)
            try policy.checkUsable(unmanaged: settings.unmanaged)
            let files = policy.files.count
            let config = settings.config.file.map { "config \($0)" } ?? "no config file"
            context.console.out(
                "\(policy.entries.count) entr\(policy.entries.count == 1 ? "y" : "ies") in \(files) "
                    + "file\(files == 1 ? "" : "s") under \(settings.policies) (\(config)): no errors\n")
            return .success
        }
    }
}
