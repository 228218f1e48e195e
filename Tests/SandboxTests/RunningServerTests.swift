import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Sandbox
import Testing

/// Talks to a sandbox started by `withRunningServer`, over a real socket.
private func fetchToken(port: Int) async throws -> String {
    try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
        let response = try await client.post(
            "/oauth/token", headers: [.contentType: "application/x-www-form-urlencoded"],
            body: ByteBuffer(
                string: "grant_type=client_credentials&client_id=sandbox-client&client_secret=sandbox-secret"))
        guard response.status == .ok, let body = response.body else { throw TestFailure("token: \(response.status)") }
        return try JSONDecoder().decode(TokenReply.self, from: Data(String(buffer: body).utf8)).access_token
    }
}

private func listCount(port: Int, token: String) async throws -> Int {
    try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
        let response = try await client.get(
            "/v2025/common-access",
            headers: [.authorization: "Bearer \(token)", HTTPField.Name("X-SailPoint-Experimental")!: "true"])
        guard response.status == .ok, let body = response.body else { throw TestFailure("list: \(response.status)") }
        return try JSONDecoder().decode([ListedItem].self, from: Data(String(buffer: body).utf8)).count
    }
}

@Suite("Sandbox.withRunningServer")
struct RunningServerTests {
    @Test("starts on a free loopback port, serves, and stops when the body returns")
    func startServeStop() async throws {
        let (port, count) = try await Sandbox.withRunningServer(store: TenantStore()) { port in
            (port, try await listCount(port: port, token: try await fetchToken(port: port)))
        }
        #expect(port > 0)
        #expect(count == TenantSnapshot.seeded().commonAccess.count)
        await #expect(throws: (any Error).self) { _ = try await fetchToken(port: port) }
    }

    @Test("two sandboxes run side by side on different ports")
    func twoAtOnce() async throws {
        let small = TenantStore(snapshot: .generated(roles: 5, accessProfiles: 5, commonAccess: 3, seed: 9))
        try await Sandbox.withRunningServer(store: TenantStore()) { first in
            try await Sandbox.withRunningServer(store: small) { second throws in
                #expect(first != second)
                #expect(try await listCount(port: first, token: try await fetchToken(port: first)) == 15)
                #expect(try await listCount(port: second, token: try await fetchToken(port: second)) == 3)
            }
        }
    }

    @Test("an error thrown by the body comes out, and the server still stops")
    func bodyThrows() async throws {
        struct Expected: Error {}
        let ports = PortBox()
        await #expect(throws: Expected.self) {
            try await Sandbox.withRunningServer(store: TenantStore()) { port in
                await ports.set(port)
                throw Expected()
            }
        }
        let port = try #require(await ports.port)
        await #expect(throws: (any Error).self) { _ = try await fetchToken(port: port) }
    }

    @Test("a port that is taken is reported as an error, not a hang")
    func portTaken() async throws {
        try await Sandbox.withRunningServer(store: TenantStore()) { port in
            await #expect(throws: (any Error).self) {
                try await Sandbox.withRunningServer(store: TenantStore(), port: port) { _ in }
            }
        }
    }

    @Test("the configured client credentials are the ones the running server accepts")
    func configuration() async throws {
        let configuration = SandboxConfiguration(clientID: "ci-client", clientSecret: "ci-secret")
        try await Sandbox.withRunningServer(store: TenantStore(), configuration: configuration) { port in
            await #expect(throws: (any Error).self) { _ = try await fetchToken(port: port) }
        }
    }
}

private actor PortBox {
    var port: Int?
    func set(_ value: Int) { port = value }
}
