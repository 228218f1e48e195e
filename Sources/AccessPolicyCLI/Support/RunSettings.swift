import AccessPolicy
import Foundation
import YAMLTree

/// The settings of one run: the config file, overridden by the environment, overridden by flags.
struct RunSettings: Sendable {
    var config: ToolConfig
    /// The folder of the config file (the working folder without one): the sandbox keeps its state below it.
    var configFolder: String
    var policies: String
    /// Accept a policy folder that declares nothing (`--allow-empty` or `allowEmptyPolicy: true`).
    var allowEmptyPolicy: Bool
    var tenant: ToolConfig.Tenant?
    var apiVersion: APIVersion
    var unmanaged: UnmanagedMode
    var concurrency: Int
    var verbose: Bool
    /// Where to write ``RunTimings`` (the hidden `--timings` option, for the benchmark).
    var timingsFile: String?
    /// Where `tenant: sandbox` keeps its state, next to the config, so `apply` then `plan` converge across runs.
    var sandboxStateFile: URL

    /// The variable that names a config file when `--config` does not.
    static let configVariable = "ACCESSPOLICY_CONFIG"

    /// - Throws: ``PolicyErrors`` for a named config file that does not exist, or a broken one.
    init(_ options: GlobalOptions, environment: [String: String], fileSystem: any FileSystem) throws {
        let locator = ConfigLocator(fileSystem: fileSystem)
        let path =
            if let option = options.config {
                try locator.locate(named: option, source: .option)
            } else if let variable = environment[Self.configVariable] {
                try locator.locate(named: variable, source: .environment(variable: Self.configVariable))
            } else {
                try locator.locate(named: nil)
            }
        config = try path.map { try ToolConfig.load(path: $0, fileSystem: fileSystem) } ?? ToolConfig.defaults()
        configFolder = path.map(PathText.folder(of:)) ?? "."
        sandboxStateFile =
            URL(
                fileURLWithPath: configFolder,
                relativeTo: URL(fileURLWithPath: fileSystem.currentDirectory, isDirectory: true)
            ).appendingPathComponent(".accesspolicy/sandbox-tenant.json").standardizedFileURL
        policies = options.policies ?? config.policies
        allowEmptyPolicy = options.allowEmpty || config.allowEmptyPolicy
        tenant =
            options.tenant.map(ToolConfig.Tenant.init) ?? environment["ACCESSPOLICY_TENANT"].map(ToolConfig.Tenant.init)
            ?? config.tenant ?? environment["SAIL_BASE_URL"].map { ToolConfig.Tenant.url($0) }
        apiVersion = options.apiVersion ?? config.apiVersion
        unmanaged = options.unmanaged ?? config.unmanaged
        concurrency = options.concurrency ?? config.concurrency ?? Self.defaultConcurrency
        verbose = options.verbose
        timingsFile = options.timings
    }

    /// Requests in flight by default: measured in docs/performance.md (apply of 5,000 creates at 20 ms latency:
    /// 18 s at 8, 10.5 s at 16, 6.5 s at 32). The client's rate limiter still paces a real tenant to its budget.
    static let defaultConcurrency = 32

}
