import AccessPolicy
import Foundation
import YAMLTree

/// The settings of one run: the config file, overridden by the environment, overridden by flags.
struct RunSettings: Sendable {
    var config: ToolConfig
    /// The folder of the config file: the sandbox keeps its state below it.
    var configFolder: String
    var policies: String
    var tenant: ToolConfig.Tenant?
    var apiVersion: APIVersion
    var unmanaged: UnmanagedMode
    var concurrency: Int
    var verbose: Bool
    /// Where to write ``RunTimings`` (the hidden `--timings` option, for the benchmark).
    var timingsFile: String?

    /// - Throws: ``PolicyErrors`` for a broken config file.
    init(_ options: GlobalOptions, environment: [String: String]) throws {
        config = try ToolConfig.load(path: options.config)
        let folder = (options.config as NSString).deletingLastPathComponent
        configFolder = folder.isEmpty ? "." : folder
        policies = options.policies ?? config.policies
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

    /// Where `tenant: sandbox` keeps its state, so `apply` then `plan` converge across runs.
    var sandboxStateFile: URL {
        URL(fileURLWithPath: configFolder).appendingPathComponent(".accesspolicy/sandbox-tenant.json")
    }
}
