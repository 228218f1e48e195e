import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Sandbox
import Testing

@Suite("Tooling endpoints: /__sandbox/metrics")
struct AdminEndpointTests {
    @Test("GET /__sandbox/metrics reports the metrics as JSON, without a token", arguments: Transport.allCases)
    func readMetrics(transport: Transport) async throws {
        let metrics = SandboxMetrics()
        try await withSandbox(transport, metrics: metrics) { client in
            let client = try await client.authorized()
            _ = try await client.get("/v2025/common-access?limit=1")
            _ = try await client.get("/v2025/roles?limit=99")  // 400

            let response = try await client.raw.execute(uri: "/__sandbox/metrics", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json")
            let reported = try response.decode(SandboxMetrics.Snapshot.self)
            #expect(reported.totalRequests == 3)
            #expect(reported.requestsByRoute["GET /v2025/common-access"] == 1)
            #expect(reported.requestsByRoute["POST /oauth/token"] == 1)
            #expect(reported.responsesByStatus == ["200": 2, "400": 1])
        }
        #expect(await metrics.snapshot().totalRequests == 3)
    }

    @Test("POST /__sandbox/metrics/reset zeroes the counters and answers 204", arguments: Transport.allCases)
    func resetMetrics(transport: Transport) async throws {
        let metrics = SandboxMetrics()
        try await withSandbox(transport, metrics: metrics) { client in
            let client = try await client.authorized()
            _ = try await client.get("/v2025/common-access")
            #expect(await metrics.snapshot().totalRequests == 2)

            let reset = try await client.raw.execute(uri: "/__sandbox/metrics/reset", method: .post)
            #expect(reset.status == .noContent)
            #expect(reset.body.readableBytes == 0)
            #expect(await metrics.snapshot() == SandboxMetrics.Snapshot())

            _ = try await client.get("/v2025/common-access")
            let reported = try await client.raw.execute(uri: "/__sandbox/metrics", method: .get)
                .decode(SandboxMetrics.Snapshot.self)
            #expect(reported.totalRequests == 1)
            #expect(reported.requestsByRoute == ["GET /v2025/common-access": 1])
        }
    }

    @Test("the tooling endpoints are not rate limited, slowed, failed or counted")
    func outsideTheSimulation() async throws {
        let metrics = SandboxMetrics()
        let configuration = SandboxConfiguration(
            latency: .seconds(300), rateLimit: SandboxRateLimit(requests: 0, per: .seconds(10)), errorRate: 1)
        try await withSandbox(configuration: configuration, metrics: metrics) { client in
            let elapsed = try await ContinuousClock().measure {
                for _ in 0..<3 {
                    let response = try await client.raw.execute(uri: "/__sandbox/metrics", method: .get)
                    #expect(response.status == .ok)
                }
                let reset = try await client.raw.execute(uri: "/__sandbox/metrics/reset", method: .post)
                #expect(reset.status == .noContent)
            }
            // Generous, for a busy machine (a whole test run on 2 cores stalls tests for 10 s and more): one
            // delayed answer would take 300 s.
            #expect(elapsed < .seconds(60))
        }
        #expect(await metrics.snapshot().totalRequests == 0)
    }

    @Test("the tooling endpoints are never dropped")
    func neverDropped() async throws {
        let metrics = SandboxMetrics()
        let configuration = SandboxConfiguration(dropConnectionRate: 1)
        try await Sandbox.withRunningServer(
            store: TenantStore(), configuration: configuration, metrics: metrics
        ) { port in
            try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
                let response = try await client.get("/__sandbox/metrics")
                #expect(response.status == .ok)
                let body = try #require(response.body)
                let reported = try JSONDecoder().decode(
                    SandboxMetrics.Snapshot.self, from: Data(String(buffer: body).utf8))
                #expect(reported.droppedConnections == 0)
            }
        }
        #expect(await metrics.snapshot().totalRequests == 0)
    }
}
