import Foundation
import Testing

/// Runs the built `accesspolicy` binary in a folder of its own, the way a user or CI job would.
struct CLIRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// A fresh folder with `accesspolicy.yaml` and the given policy files.
    let folder: URL

    init(config: String = "tenant: sandbox\n", policies: [String: String]) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("accesspolicy-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("policies"), withIntermediateDirectories: true)
        try Data(config.utf8).write(to: folder.appendingPathComponent("accesspolicy.yaml"))
        for (name, text) in policies {
            let url = folder.appendingPathComponent("policies/\(name)")
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
    }

    static var binary: URL {
        Bundle.main.bundleURL.appendingPathComponent("accesspolicy")
    }

    /// Runs `accesspolicy ARGS` with the folder as working directory and a controlled environment.
    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "NO_COLOR": "1"]
        env.merge(environment) { _, new in new }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read before waiting so a full pipe cannot block the child.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    var stateFile: URL { folder.appendingPathComponent(".accesspolicy/sandbox-tenant.json") }
}
