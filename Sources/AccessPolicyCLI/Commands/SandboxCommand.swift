// `accesspolicy sandbox serve` and `sandbox reset`: the embedded tenant for demos, tests and other clients.

import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Sandbox

extension AccessPolicyCommand {
    struct SandboxCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sandbox",
            abstract: "The embedded simulated tenant: serve it over HTTP on loopback, or reset it.",
            subcommands: [Serve.self, Reset.self])
    }
}

extension AccessPolicyCommand.SandboxCommand {
    struct StateOptions: ParsableArguments {
        @Option(help: "The sandbox's state file.")
        var state = ".accesspolicy/sandbox-tenant.json"
    }

    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the sandbox tenant on 127.0.0.1 until interrupted (for demos, tests and other clients).",
            discussion: """
                The first line on stdout is "sandbox tenant listening on http://127.0.0.1:PORT". Clients \
                authenticate with client id sandbox-client and secret sandbox-secret (demo values).
                """)

        @OptionGroup var state: StateOptions

        @Option(help: "Port to listen on; 0 picks a free one.")
        var port = 8080

        @Flag(help: "Read the state file but never write it back (benchmarks, throwaway runs).")
        var ephemeral = false

        @Option(help: "Serve a generated tenant with this many common-access items instead of the state file.")
        var generate: Int?

        @Option(help: "Seed for --generate and for the fault injection's randomness.")
        var seed: UInt64 = 1

        @Option(help: "Added latency per request, in milliseconds.")
        var latencyMs = 0

        @Option(help: "Extra random latency per request, up to this many milliseconds.")
        var latencyJitterMs = 0

        @Option(help: "Enforce a rate limit of this many requests per 10 s per client id (SailPoint: 100).")
        var rateLimit: Int?

        @Option(help: "Token lifetime in seconds.")
        var tokenTTL = 749

        @Option(help: "Writes become visible only after this many milliseconds (ISC is asynchronous).")
        var writeDelayMs = 0

        @Option(help: "Share of API requests answered 500 before doing anything (0…1).")
        var errorRate = 0.0

        @Option(help: "Share of writes applied and then answered 500 (0…1).")
        var errorAfterWriteRate = 0.0

        @Option(help: "Share of requests whose connection is closed without an answer (0…1).")
        var dropRate = 0.0

        func validate() throws {
            for (name, rate) in [
                ("--error-rate", errorRate), ("--error-after-write-rate", errorAfterWriteRate),
                ("--drop-rate", dropRate),
            ] where !(0...1).contains(rate) {
                throw ValidationError("\(name) must be from 0 to 1")
            }
        }

        func run() async throws {
            var logger = Logger(label: "sandbox") { StreamLogHandler.standardError(label: $0) }
            logger.logLevel = .warning
            let store: TenantStore
            // Held while serving, so that `tenant: sandbox` runs on the same state wait instead of overwriting it.
            var lock: StateFileLock?
            defer { withExtendedLifetime(lock) {} }
            if let generate {
                let catalog = max(1, generate * 11 / 20 + 1)
                store = TenantStore(
                    snapshot: .generated(roles: catalog, accessProfiles: catalog, commonAccess: generate, seed: seed))
            } else if ephemeral {
                store = TenantStore(
                    snapshot: try await TenantStore.open(at: URL(fileURLWithPath: state.state)).snapshot())
            } else {
                lock = try await TenantConnection.lockSandbox(
                    URL(fileURLWithPath: state.state), console: TerminalConsole())
                store = try TenantStore.open(at: URL(fileURLWithPath: state.state))
            }
            var configuration = SandboxConfiguration()
            configuration.latency = .milliseconds(latencyMs)
            configuration.latencyJitter = .milliseconds(latencyJitterMs)
            configuration.tokenTTL = .seconds(tokenTTL)
            configuration.writeDelay = .milliseconds(writeDelayMs)
            configuration.errorRate = errorRate
            configuration.errorAfterWriteRate = errorAfterWriteRate
            configuration.dropConnectionRate = dropRate
            configuration.seed = seed
            if let rateLimit { configuration.rateLimit = SandboxRateLimit(requests: rateLimit, per: .seconds(10)) }
            let app = Sandbox.buildApplication(
                store: store, configuration: configuration, port: port, logger: logger
            ) { port in
                TerminalConsole().out("sandbox tenant listening on http://127.0.0.1:\(port)\n")
            }
            try await app.runService()
        }
    }

    struct Reset: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Put the sandbox tenant back to its seed.")

        @OptionGroup var state: StateOptions

        func run() async throws {
            let file = URL(fileURLWithPath: state.state)
            let lock = try await TenantConnection.lockSandbox(file, console: TerminalConsole())
            defer { withExtendedLifetime(lock) {} }
            let store = try TenantStore.open(at: file)
            try await store.reset()
            TerminalConsole().err("sandbox tenant reset to its seed (\(state.state))\n")
        }
    }
}
