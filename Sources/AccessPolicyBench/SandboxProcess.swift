import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// `accesspolicy sandbox serve` in a process of its own, so the client's memory and CPU are measured alone.
final class SandboxProcess {
    let process = Process()
    let port: Int

    init(binary: String, arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["sandbox", "serve", "--port", "0"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.standardError
        try process.run()
        // The first line is "sandbox tenant listening on http://127.0.0.1:PORT".
        var line = Data()
        while let byte = try out.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
            line += byte
        }
        guard let text = String(data: line, encoding: .utf8), let colon = text.lastIndex(of: ":"),
            let port = Int(text[text.index(after: colon)...])
        else {
            process.terminate()
            throw BenchError("the sandbox did not say where it listens")
        }
        self.port = port
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// The sandbox's request counters (`GET /__sandbox/metrics`).
    func metrics() async throws -> Metrics {
        let response = try await HTTPClient.shared.execute(
            HTTPClientRequest(url: "\(baseURL)/__sandbox/metrics"), timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 20)
        return try JSONDecoder().decode(Metrics.self, from: Data(body.readableBytesView))
    }

    func resetMetrics() async throws {
        var request = HTTPClientRequest(url: "\(baseURL)/__sandbox/metrics/reset")
        request.method = .POST
        _ = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }

    struct Metrics: Decodable {
        var requestsByRoute: [String: Int]
        var totalRequests: Int
        var peakInFlight: Int
        var rateLimitedResponses: Int

        func count(_ prefix: String, _ suffix: String) -> Int {
            requestsByRoute.filter { $0.key.hasPrefix(prefix) && $0.key.hasSuffix(suffix) }.values.reduce(0, +)
        }
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
