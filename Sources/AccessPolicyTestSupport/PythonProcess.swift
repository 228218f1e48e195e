import Foundation

/// Runs Python child processes for the tests that drive SailPoint's own SDK.
///
/// Never blocks a thread of the concurrency pool while the child runs: the SDK takes 10-40 s to import, and a
/// blocked pool thread (there are as many as cores) stalls every other test of the run, timing ones included.
public enum PythonProcess {
    /// Runs `python` with `arguments` to completion; its exit status and stdout and stderr together.
    public static func run(_ python: String, _ arguments: [String]) async throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python] + arguments
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("python-\(UUID()).log")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = handle
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        try handle.close()
        return (status, try String(contentsOf: output, encoding: .utf8))
    }

    /// Whether `python` has `sailpoint==1.4.2`'s `sailpoint.v2025`. Asks `find_spec`, which does not import the
    /// SDK's thousands of models, so the check takes a moment even where it blocks.
    public static func hasSailPointSDK(_ python: String) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, "-c", "import importlib.util; assert importlib.util.find_spec('sailpoint.v2025')"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus == 0
        } catch {
            return false
        }
    }
}
