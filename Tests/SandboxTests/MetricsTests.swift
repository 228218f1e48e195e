import Foundation
import HummingbirdTesting
import Sandbox
import Testing

@Suite("SandboxMetrics")
struct MetricsTests {
    @Test("every request is counted per method and route template, refusals included")
    func perRoute() async throws {
        let metrics = SandboxMetrics()
        try await withSandbox(metrics: metrics) { client in
            _ = try await client.get("/v2025/common-access")  // 401
            let client = try await client.authorized()
            _ = try await client.get("/v2025/common-access")
            _ = try await client.get("/beta/common-access?limit=1")
            _ = try await client.get("/v2025/roles?limit=999")  // 400
            _ = try await client.get("/nowhere")  // 404
        }
        let snapshot = await metrics.snapshot()
        #expect(snapshot.requestsByRoute["GET /v2025/common-access"] == 2)
        #expect(snapshot.requestsByRoute["GET /beta/common-access"] == 1)
        #expect(snapshot.requestsByRoute["GET /v2025/roles"] == 1)
        #expect(snapshot.requestsByRoute["POST /oauth/token"] == 1)
        #expect(snapshot.requestsByRoute["GET <unmatched>"] == 1)
        #expect(snapshot.totalRequests == 6)
        #expect(snapshot.responsesByStatus == ["200": 3, "400": 1, "401": 1, "404": 1])
        #expect(snapshot.writeRequests == 0)

        await metrics.reset()
        #expect(await metrics.snapshot().totalRequests == 0)
    }

    @Test("writes are counted as writes")
    func writes() async throws {
        let metrics = SandboxMetrics()
        try await withSandbox(metrics: metrics) { client in
            _ = try await client.authorized().post("/v2025/common-access/update-status", json: "[]")
        }
        #expect(await metrics.snapshot().writeRequests == 1)
        #expect(await metrics.snapshot().requestsByRoute["POST /v2025/common-access/update-status"] == 1)
    }

    @Test("the peak number of requests in flight is tracked")
    func peakInFlight() async throws {
        let metrics = SandboxMetrics()
        let configuration = SandboxConfiguration(latency: .seconds(1))
        try await withSandbox(.router, configuration: configuration, metrics: metrics) { client in
            let client = try await client.authorized()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<4 {
                    group.addTask { _ = try await client.get("/v2025/roles") }
                }
                try await group.waitForAll()
            }
        }
        #expect(await metrics.snapshot().peakInFlight == 4)
    }

    @Test("a snapshot of the metrics is Codable for benchmark reports")
    func codable() throws {
        let snapshot = SandboxMetrics.Snapshot(requestsByRoute: ["GET /v2025/common-access": 3], totalRequests: 3)
        let data = try JSONEncoder().encode(snapshot)
        #expect(try JSONDecoder().decode(SandboxMetrics.Snapshot.self, from: data) == snapshot)
    }
}
