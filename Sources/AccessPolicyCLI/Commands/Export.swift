// `accesspolicy export`: today's tenant as policy files, checked first so the next plan can read them.

import AccessPolicy
import ArgumentParser
import Foundation
import ISCClient

extension AccessPolicyCommand {
    struct Export: AccessPolicySubcommand {
        static let configuration = CommandConfiguration(
            abstract: "Write today's tenant as policy files; the next plan is then empty.",
            discussion: "Refuses to write into a folder that already has policy files, unless --force.")

        @OptionGroup var global: GlobalOptions

        @Option(help: "Folder to write roles.yaml and access-profiles.yaml to (default: the policy directory).")
        var out: String?

        @Flag(help: "Write even if the folder already holds policy files (the files written are replaced).")
        var force = false

        func validate() throws {
            // An empty name is no folder: the check would read nothing there and the files would land in `/`.
            if out?.isEmpty == true {
                throw ValidationError("--out needs a folder; use --out . for this one")
            }
        }

        func run(_ context: CommandContext) async throws -> ExitOutcome {
            let settings = try RunSettings(global, environment: context.environment, fileSystem: context.fileSystem)
            let folder = out ?? settings.policies
            let force = self.force
            return try await TenantConnection.with(settings, context: context) {
                client, label in
                let live = try await client.listCommonAccess()
                let header = """
                    Exported from tenant \(label) by `accesspolicy export` (\(live.count) items).
                    Each entry keeps its id; the name is for people reading the file.
                    """
                let files = PolicyExporter(header: header).render(live)
                try await ExportCheck(fileSystem: context.fileSystem)
                    .check(files: files, folder: folder, policies: settings.policies, force: force, live: live)
                for file in files {
                    let path = PathText.join(folder, file.name)
                    try context.fileSystem.writeFile(path, Array(file.contents.utf8))
                    context.console.err("wrote \(path)\n")
                }
                let check = folder == settings.policies ? "accesspolicy plan" : "accesspolicy plan --policies \(folder)"
                context.console.err("exported \(live.count) items; run `\(check)` to check it is empty\n")
                return .success
            }
        }
    }
}
