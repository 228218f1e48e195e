import AccessPolicy
import AccessPolicyTestSupport
import Foundation
import Testing

@testable import ISCClient

@Suite("Bulk status updates")
struct UpdateStatusTests {
    @Test("the body is a JSON array holding one {confirmedIds, deniedIds}")
    func bodyIsArray() async throws {
        try await StubServer.run(tenant { _ in StubResponse(status: 204) }) { baseURL, log in
            let client = try ISCClient.forStub(baseURL)
            try await client.updateStatus(StatusBatch(confirmedIDs: ["c-1", "c-2"], deniedIDs: ["d-1"]))
            let post = try #require(await log.requests("POST", "/v2025/common-access/update-status").first)
            #expect(post.header("Content-Type") == "application/json")
            #expect(post.body == #"[{"confirmedIds":["c-1","c-2"],"deniedIds":["d-1"]}]"#)
        }
    }

    @Test("an empty batch sends nothing")
    func emptyBatch() async throws {
        try await StubServer.run(tenant { _ in .json("{}", status: 202) }) { baseURL, log in
            let client = try ISCClient.forStub(baseURL)
            try await client.updateStatus(StatusBatch())
            #expect(await log.requests.isEmpty)
        }
    }

    @Test("5xx is retried with backoff until it succeeds", arguments: [500, 502, 503, 504])
    func retriedOnServerError(status: Int) async throws {
        let attempts = Counter()
        try await StubServer.run(
            tenant { request in
                // The list read before each retry does not show the batch done: it is sent again.
                if request.method == "GET" { return page(of: [], for: request) }
                return await attempts.next() < 3 ? .json("{}", status: status) : .json("{}", status: 202)
            }
        ) { baseURL, log in
            let events = EventRecorder()
            var configuration = testConfiguration(baseURL)
            configuration.maxAttempts = 3
            configuration.retryBaseDelay = .seconds(1)
            configuration.maxRetryDelay = .seconds(20)
            // Backoff on a clock that jumps to each deadline: seconds of backoff, no second of waiting.
            let clock = ManualClock(advancesOnSleep: true)
            let client = try ISCClient(configuration: configuration, clock: clock, onEvent: events.handler)
            try await client.updateStatus(StatusBatch(confirmedIDs: ["c-1"]))
            #expect(await log.count("POST", "/v2025/common-access/update-status") == 3)
            #expect(await client.statistics().retries == 2)
            // Full jitter: the n-th wait is somewhere in [0, 1 s · 2ⁿ⁻¹].
            let waits = clock.sleeps
            #expect(waits.count == 2)
            #expect(zip(waits, [Duration.seconds(1), .seconds(2)]).allSatisfy { $0 >= .zero && $0 <= $1 })
            let retries = await events.events().filter { if case .retrying = $0 { true } else { false } }
            #expect(retries.count == 2)
        }
    }

    @Test("a batch that took effect although its answer was a 5xx is not sent again")
    func notResentWhenDone() async throws {
        let listed = [commonAccessJSON(id: "c-1", accessID: "2c9180835d2e5168015d32f890ca1581", status: "CONFIRMED")]
        try await StubServer.run(
            tenant { request in
                request.method == "GET" ? page(of: listed, for: request) : .json(#"{"messages":[]}"#, status: 502)
            }
        ) { baseURL, log in
            let client = try ISCClient.forStub(baseURL) { $0.maxAttempts = 4 }
            try await client.updateStatus(StatusBatch(confirmedIDs: ["c-1"]))
            #expect(await log.count("POST", "/v2025/common-access/update-status") == 1)
            #expect(await log.count("GET", "/v2025/common-access") == 1)
        }
    }

    @Test("after a 5xx, the ids the list already shows with their status are not sent again")
    func retryNarrowed() async throws {
        let listed = [commonAccessJSON(id: "c-1", accessID: "2c9180835d2e5168015d32f890ca1581", status: "CONFIRMED")]
        let posts = Counter()
        try await StubServer.run(
            tenant { request in
                if request.method == "GET" { return page(of: listed, for: request) }
                return await posts.next() == 1 ? .json("{}", status: 500) : .json("{}", status: 202)
            }
        ) { baseURL, log in
            let client = try ISCClient.forStub(baseURL)
            try await client.updateStatus(StatusBatch(confirmedIDs: ["c-1", "c-2"], deniedIDs: ["d-1"]))
            let bodies = await log.requests("POST", "/v2025/common-access/update-status").map(\.body)
            #expect(
                bodies == [
                    #"[{"confirmedIds":["c-1","c-2"],"deniedIds":["d-1"]}]"#,
                    #"[{"confirmedIds":["c-2"],"deniedIds":["d-1"]}]"#,
                ])
        }
    }

    @Test("after a 429 the batch is sent again without reading the list: the gateway passed nothing on")
    func noRecheckAfter429() async throws {
        let posts = Counter()
        try await StubServer.run(
            tenant { request in
                if request.method == "GET" { return page(of: [], for: request) }
                return await posts.next() == 1
                    ? .json("{}", status: 429, headers: ["Retry-After": "0"]) : .json("{}", status: 202)
            }
        ) { baseURL, log in
            let client = try ISCClient.forStub(baseURL)
            try await client.updateStatus(StatusBatch(deniedIDs: ["d-1"]))
            #expect(await log.count("POST", "/v2025/common-access/update-status") == 2)
            #expect(await log.count("GET", "/v2025/common-access") == 0)
        }
    }

    @Test("5xx on every attempt gives up after maxAttempts with the last error")
    func givesUp() async throws {
        try await StubServer.run(
            tenant { _ in
                .json(
                    #"{"detailCode":"500.0 Internal Fault","trackingId":"abc123","#
                        + #""messages":[{"text":"An internal fault occurred."}]}"#,
                    status: 500)
            }
        ) { baseURL, log in
            let client = try ISCClient.forStub(baseURL) { $0.maxAttempts = 4 }
            let error = try await #require(throws: ISCError.self) {
                try await client.updateStatus(StatusBatch(deniedIDs: ["d-1"]))
            }
            #expect(error.kind == .server)
            #expect(error.attempts == 4)
            #expect(error.trackingID == "abc123")
            #expect(await log.count("POST", "/v2025/common-access/update-status") == 4)
        }
    }
}
