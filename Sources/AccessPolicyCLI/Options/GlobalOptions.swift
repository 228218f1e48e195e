import AccessPolicy
import ArgumentParser

/// Options every command takes: where the config and policies are, which tenant, how chatty.
struct GlobalOptions: ParsableArguments {
    @Option(
        help: """
            The config file; it must exist (also ACCESSPOLICY_CONFIG). Default: accesspolicy.yaml in this folder or \
            the nearest one above it in the git repository. Relative paths inside it are relative to its folder.
            """)
    var config: String?

    @Option(help: "The policy directory (overrides \"policies:\" in the config).")
    var policies: String?

    @Flag(help: "Accept a policy folder that declares nothing (never together with unmanaged: deny).")
    var allowEmpty = false

    @Option(
        help: ArgumentHelp(
            "\"sandbox\", a tenant name or a base URL (overrides ACCESSPOLICY_TENANT and \"tenant:\").",
            valueName: "tenant"))
    var tenant: String?

    @Option(help: "API version: \(APIVersion.allCases.map(\.rawValue).joined(separator: ", ")).")
    var apiVersion: APIVersion?

    @Option(help: "What to do with live items no policy mentions: ignore, report or deny.")
    var unmanaged: UnmanagedMode?

    @Option(help: "Most requests in flight at once (default 32; the rate limit still applies).")
    var concurrency: Int?

    @Flag(name: .shortAndLong, help: "Log requests and timings to stderr (never credentials).")
    var verbose = false

    @Option(help: .hidden)
    var timings: String?

    func validate() throws {
        if let concurrency, !(1...128).contains(concurrency) {
            throw ValidationError("--concurrency must be from 1 to 128")
        }
    }
}

extension APIVersion: ExpressibleByArgument {}
extension UnmanagedMode: ExpressibleByArgument {}
extension PlanFormat: ExpressibleByArgument {}
