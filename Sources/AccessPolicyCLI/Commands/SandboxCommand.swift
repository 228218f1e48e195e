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
            abstract: "Serve the sandbox tenant on 127.0.0.1 until interrupted (for demos, tests and other clients).")

        @OptionGroup var state: StateOptions

        @Option(help: "Port to listen on; 0 picks a free one (printed on stdout).")
        var port = 8080

        @Option(help: "Added latency per request, in milliseconds.")
        var latencyMs = 0

        @Option(help: "Enforce a rate limit of this many requests per 10 s per client id (SailPoint: 100).")
        var rateLimit: Int?

        @Option(help: "Token lifetime in seconds.")
        var tokenTTL = 749

        @Option(help: "Writes become visible only after this many milliseconds (ISC is asynchronous).")
        var writeDelayMs = 0

        func run() async throws {
            var logger = Logger(label: "sandbox") { StreamLogHandler.standardError(label: $0) }
            logger.logLevel = .info
            let store = try TenantStore.open(at: URL(fileURLWithPath: state.state))
            var configuration = SandboxConfiguration()
            configuration.latency = .milliseconds(latencyMs)
            configuration.tokenTTL = .seconds(tokenTTL)
            configuration.writeDelay = .milliseconds(writeDelayMs)
            if let rateLimit { configuration.rateLimit = SandboxRateLimit(requests: rateLimit, per: .seconds(10)) }
            let app = Sandbox.buildApplication(
                store: store, configuration: configuration, port: port, logger: logger
            ) { port in
                let line = """
                    sandbox tenant listening on http://127.0.0.1:\(port)
                    client id: \(Sandbox.defaultClientID) (secret: see README, "The sandbox tenant")
                    """
                FileHandle.standardOutput.write(Data((line + "\n").utf8))
            }
            try await app.runService()
        }
    }

    struct Reset: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Put the sandbox tenant back to its seed.")

        @OptionGroup var state: StateOptions

        func run() async throws {
            let store = try TenantStore.open(at: URL(fileURLWithPath: state.state))
            try await store.reset()
            FileHandle.standardError.write(Data("sandbox tenant reset to its seed (\(state.state))\n".utf8))
        }
    }
}
