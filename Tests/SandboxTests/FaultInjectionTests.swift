import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Sandbox
import Testing

@Suite("Fault injection")
struct FaultInjectionTests {
    static let role = TenantSnapshot.seeded().roles.first { $0.name == "Marketing Specialist" }!
    static let createBody = #"{"access":{"id":"\#(role.id)","type":"ROLE"},"status":"CONFIRMED"}"#

    @Test("errorRate 1 answers every API call 500 and applies no write; tokens still work")
    func errorBefore() async throws {
        let store = TenantStore()
        try await withSandbox(store: store, configuration: SandboxConfiguration(errorRate: 1)) { client in
            let client = try await client.authorized()
            let list = try await client.get("/v2025/common-access")
            #expect(list.status == .internalServerError)
            #expect(try list.decode(ErrorBody.self).detailCode == "500.0 Internal Fault")
            #expect(try await client.post("/v2025/common-access", json: Self.createBody).status == .internalServerError)
        }
        #expect(await store.snapshot() == .seeded())
    }

    @Test("errorAfterWriteRate 1 applies create and update-status, then answers 500")
    func errorAfterWrite() async throws {
        let store = TenantStore()
        let denied = TenantSnapshot.seeded().commonAccess.first { $0.status == .denied }!
        try await withSandbox(store: store, configuration: SandboxConfiguration(errorAfterWriteRate: 1)) { client in
            let client = try await client.authorized()
            #expect(try await client.get("/v2025/common-access").status == .ok)
            #expect(try await client.post("/v2025/common-access", json: Self.createBody).status == .internalServerError)
            let update = try await client.post(
                "/v2025/common-access/update-status", json: #"[{"confirmedIds":["\#(denied.id)"]}]"#)
            #expect(update.status == .internalServerError)
            // A retry that does not look first is refused as a duplicate, never doubled.
            #expect(try await client.post("/v2025/common-access", json: Self.createBody).status == .badRequest)
        }
        let snapshot = await store.snapshot()
        #expect(snapshot.commonAccess.filter { $0.accessID == Self.role.id }.count == 1)
        #expect(snapshot.commonAccess.first { $0.id == denied.id }?.status == .confirmed)
    }

    @Test("the same seed gives the same faults in the same order")
    func deterministic() async throws {
        func statuses(seed: UInt64) async throws -> [Int] {
            try await withSandbox(configuration: SandboxConfiguration(errorRate: 0.5, seed: seed)) { client in
                let client = try await client.authorized()
                var codes: [Int] = []
                for _ in 0..<24 { codes.append(try await client.get("/v2025/roles?limit=1").status.code) }
                return codes
            }
        }
        let first = try await statuses(seed: 11)
        #expect(first == (try await statuses(seed: 11)))
        #expect(first.contains(200) && first.contains(500))
        #expect(first != (try await statuses(seed: 12)))
    }

    @Test("dropConnectionRate 1 closes the connection without an answer and applies nothing")
    func dropConnection() async throws {
        let store = TenantStore()
        let metrics = SandboxMetrics()
        let configuration = SandboxConfiguration(dropConnectionRate: 1)
        try await Sandbox.withRunningServer(store: store, configuration: configuration, metrics: metrics) { port in
            // The token endpoint is never dropped.
            let token = try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
                let response = try await client.post(
                    "/oauth/token", headers: [.contentType: "application/x-www-form-urlencoded"],
                    body: ByteBuffer(
                        string: "grant_type=client_credentials&client_id=sandbox-client&client_secret=sandbox-secret"))
                return try JSONDecoder().decode(TokenReply.self, from: Data(String(buffer: response.body!).utf8))
                    .access_token
            }
            await #expect(throws: (any Error).self) {
                try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
                    _ = try await client.post(
                        "/v2025/common-access",
                        headers: [
                            .authorization: "Bearer \(token)", .contentType: "application/json",
                            HTTPField.Name("X-SailPoint-Experimental")!: "true",
                        ],
                        body: ByteBuffer(string: Self.createBody))
                }
            }
        }
        #expect(await store.snapshot() == .seeded())
        let snapshot = await metrics.snapshot()
        #expect(snapshot.droppedConnections == 1)
        #expect(snapshot.requestsByRoute["POST /v2025/common-access"] == 1)
    }

    @Test("latency delays every answer by at least the configured time")
    func latency() async throws {
        let configuration = SandboxConfiguration(
            latency: .milliseconds(150), latencyJitter: .milliseconds(100), seed: 3)
        try await withSandbox(configuration: configuration) { client in
            let elapsed = try await ContinuousClock().measure { _ = try await client.get("/v2025/roles") }
            #expect(elapsed >= .milliseconds(150))
        }
    }
}
