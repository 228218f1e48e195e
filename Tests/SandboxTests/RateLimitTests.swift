import AccessPolicyTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Sandbox
import Testing

@Suite("Rate limiting")
struct RateLimitTests {
    @Test(
        "over the budget the answer is 429 with Retry-After in whole seconds and SailPoint's body",
        arguments: Transport.allCases)
    func limited(transport: Transport) async throws {
        let metrics = SandboxMetrics()
        let configuration = SandboxConfiguration(rateLimit: SandboxRateLimit(requests: 5, per: .seconds(10)))
        try await withSandbox(transport, configuration: configuration, metrics: metrics) { client in
            let client = try await client.authorized()
            for _ in 0..<5 {
                #expect(try await client.get("/v2025/common-access?limit=1").status == .ok)
            }
            let refused = try await client.get("/v2025/roles")
            #expect(refused.status == .tooManyRequests)
            #expect(refused.text == #"{"message":" Rate Limit Exceeded "}"#)
            let retryAfter = try #require(refused.headers[.retryAfter].flatMap(Int.init))
            #expect((1...10).contains(retryAfter))
            // The token endpoint is not behind the gateway's budget.
            #expect(
                try await client.requestToken(
                    body: "grant_type=client_credentials&client_id=sandbox-client&client_secret=sandbox-secret"
                ).status == .ok)
        }
        #expect(await metrics.snapshot().rateLimitedResponses == 1)
    }

    @Test("after Retry-After the client is admitted again")
    func recovers() async throws {
        let clock = ManualClock()
        let configuration = SandboxConfiguration(
            rateLimit: SandboxRateLimit(requests: 2, per: .seconds(6)), time: manualTime(clock))
        try await withSandbox(configuration: configuration) { client in
            let client = try await client.authorized()
            #expect(try await client.get("/v2025/roles?limit=1").status == .ok)
            #expect(try await client.get("/v2025/roles?limit=1").status == .ok)
            let refused = try await client.get("/v2025/roles?limit=1")
            #expect(refused.status == .tooManyRequests)
            let retryAfter = try #require(refused.headers[.retryAfter].flatMap(Int.init))
            // No time has passed: the first admission leaves the window in exactly 6 s.
            #expect(retryAfter == 6)
            clock.advance(by: .milliseconds(5999))
            #expect(try await client.get("/v2025/roles?limit=1").status == .tooManyRequests)
            clock.advance(by: .milliseconds(1))
            #expect(try await client.get("/v2025/roles?limit=1").status == .ok)
        }
    }

    @Test("per API version, each version has its own budget")
    func perVersion() async throws {
        let configuration = SandboxConfiguration(
            rateLimit: SandboxRateLimit(requests: 2, per: .seconds(10), perAPIVersion: true))
        try await withSandbox(configuration: configuration) { client in
            let client = try await client.authorized()
            #expect(try await client.get("/v2025/roles").status == .ok)
            #expect(try await client.get("/v2025/common-access").status == .ok)
            #expect(try await client.get("/v2025/roles").status == .tooManyRequests)
            #expect(try await client.get("/beta/roles").status == .ok)
            #expect(try await client.get("/common-access/v1").status == .ok)
        }
    }
}
