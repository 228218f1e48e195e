import AccessPolicy
import Foundation
import Testing

@testable import ISCClient

@Suite("Listing common access: paging, concurrency, consistency")
struct ListingTests {
    @Test("1,003 items arrive in exactly 5 list requests, count=true on the first only")
    func pagedConcurrently() async throws {
        let items = makeItems(1003)
        try await StubServer.run(
            tenant { request in
                try await Task.sleep(for: .milliseconds(30))  // long enough for the pages to overlap
                return page(of: items, for: request)
            }
        ) { baseURL, log in
            let events = EventRecorder()
            var configuration = testConfiguration(baseURL)
            configuration.concurrency = 3
            let client = try ISCClient(
                configuration: configuration,
                onEvent: events.handler)
            let listed = try await client.listCommonAccess()
            #expect(listed.count == 1003)
            #expect(Set(listed.map(\.id)).count == 1003)
            #expect(listed.first?.id == "item-00000")
            #expect(
                listed.first?.access
                    == AccessReference(
                        type: .role, id: "access-00000", name: "Access 00000", ownerID: "owner-1", ownerName: "Ada"))
            #expect(listed.first?.status == .confirmed)
            #expect(listed.first?.reviewedByUser == true)
            #expect(listed.first?.lastUpdated == "2026-01-02T03:04:05Z")

            let gets = await log.requests("GET", "/v2025/common-access")
            #expect(gets.count == 5)
            #expect(gets.first?.rawQuery == "offset=0&limit=250&count=true")
            #expect(gets.dropFirst().allSatisfy { $0.query("count") == nil })
            #expect(Set(gets.compactMap { $0.intQuery("offset") }) == [0, 250, 500, 750, 1000])
            #expect(gets.allSatisfy { $0.query("limit") == "250" })

            let statistics = await client.statistics()
            #expect(statistics.count("GET", "/v2025/common-access") == 5)
            #expect(statistics.peakInFlight == 3)
            let pageEvents = await events.events().filter { if case .pageFetched = $0 { true } else { false } }
            #expect(pageEvents.count == 5)
            #expect(pageEvents.contains(.pageFetched(done: 5, total: 5)))
        }
    }

    @Test("an empty list is one request")
    func emptyList() async throws {
        try await StubServer.run(tenant { page(of: [], for: $0) }) { baseURL, log in
            let client = try ISCClient.forStub(baseURL)
            #expect(try await client.listCommonAccess().isEmpty)
            #expect(await log.count("GET", "/v2025/common-access") == 1)
        }
    }

    @Test("a list that shifts on the first read is read again and returned whole")
    func shiftRecovered() async throws {
        let items = makeItems(600)
        let reads = Counter()
        try await StubServer.run(
            tenant { request in
                if request.query("count") == "true" { _ = await reads.next() }
                // During the first read an item is deleted after page 1 was served: later pages shift left by one.
                if await reads.value() == 1, (request.intQuery("offset") ?? 0) > 0 {
                    return page(of: Array(items.dropFirst()), for: request)
                }
                return page(of: items, for: request)
            }
        ) { baseURL, log in
            let client = try ISCClient.forStub(baseURL)
            let listed = try await client.listCommonAccess()
            #expect(listed.map(\.id) == (0..<600).map { "item-\(String(format: "%05d", $0))" })
            #expect(await log.requests("GET", "/v2025/common-access").filter { $0.query("count") == "true" }.count == 2)
        }
    }

    @Test("a list that keeps shifting is read three times, then a clear error")
    func shiftingForever() async throws {
        let items = makeItems(300)
        let grown = [commonAccessJSON(id: "inserted", accessID: "access-new")] + items
        try await StubServer.run(
            tenant { request in
                // Every time, an item is inserted at the front after the first page: the last page comes back long.
                (request.intQuery("offset") ?? 0) == 0 ? page(of: items, for: request) : page(of: grown, for: request)
            }
        ) { baseURL, log in
            let client = try ISCClient.forStub(baseURL)
            let error = try await #require(throws: ISCError.self) { try await client.listCommonAccess() }
            #expect(error.kind == .badResponse)
            #expect(error.description.contains("kept changing"))
            #expect(error.description.contains("offset 250 had 51 items, expected 50"))
            #expect(await log.requests("GET", "/v2025/common-access").filter { $0.query("count") == "true" }.count == 3)
        }
    }

    @Test("duplicates across pages are removed, but a total they do not add up to is an error")
    func duplicatesDetected() async throws {
        // 250 + 250 items with one id on both pages: 499 unique, X-Total-Count says 500.
        var items = makeItems(500)
        items[250] = items[249]
        let served = items
        try await StubServer.run(tenant { page(of: served, for: $0) }) { baseURL, _ in
            let client = try ISCClient.forStub(baseURL)
            let error = try await #require(throws: ISCError.self) { try await client.listCommonAccess() }
            #expect(error.description.contains("499 unique items"))
        }
    }

    @Test("a short page is never accepted as the end of the list")
    func shortPage() async throws {
        let items = makeItems(700)
        try await StubServer.run(
            tenant { request in
                (request.intQuery("offset") ?? 0) == 250
                    ? page(of: Array(items.prefix(400)), for: request) : page(of: items, for: request)
            }
        ) { baseURL, _ in
            let client = try ISCClient.forStub(baseURL)
            let error = try await #require(throws: ISCError.self) { try await client.listCommonAccess() }
            #expect(error.kind == .badResponse)
            #expect(error.description.contains("offset 250 had 150 items, expected 250"))
        }
    }

    @Test("without X-Total-Count the client pages sequentially until a short page")
    func noTotalCount() async throws {
        let items = makeItems(520)
        try await StubServer.run(
            tenant { request in
                var response = page(of: items, for: request)
                response.headers["X-Total-Count"] = nil
                return response
            }
        ) { baseURL, log in
            let client = try ISCClient.forStub(baseURL)
            #expect(try await client.listCommonAccess().count == 520)
            let offsets = await log.requests("GET", "/v2025/common-access").compactMap { $0.intQuery("offset") }
            #expect(offsets == [0, 250, 500])
        }
    }

    @Test("a server that ignores offset and never ends is stopped")
    func endlessPages() async throws {
        let items = makeItems(250)
        try await StubServer.run(
            tenant { request in
                .json("[" + items.joined(separator: ",") + "]")  // same full page for every offset, no total
            }
        ) { baseURL, log in
            let client = try ISCClient.forStub(baseURL)
            let error = try await #require(throws: ISCError.self) { try await client.listCommonAccess() }
            #expect(error.kind == .badResponse)
            #expect(error.description.contains("ignore offset"))
            #expect(await log.count("GET", "/v2025/common-access") == 2)
        }
    }

    @Test("an implausible X-Total-Count is refused instead of scheduling millions of pages")
    func hugeTotal() async throws {
        try await StubServer.run(
            tenant { request in
                page(of: makeItems(250), for: request, total: 999_999_999)
            }
        ) { baseURL, log in
            let client = try ISCClient.forStub(baseURL)
            let error = try await #require(throws: ISCError.self) { try await client.listCommonAccess() }
            #expect(error.kind == .badResponse)
            #expect(await log.count("GET", "/v2025/common-access") == 1)
        }
    }

    @Test("a body over maxResponseBytes is a clear error")
    func hugeBody() async throws {
        let items = makeItems(250)
        try await StubServer.run(tenant { page(of: items, for: $0) }) { baseURL, _ in
            let client = try ISCClient.forStub(baseURL) { $0.maxResponseBytes = 10_000 }
            let error = try await #require(throws: ISCError.self) { try await client.listCommonAccess() }
            #expect(error.kind == .badResponse)
            #expect(error.description.contains("larger than 10000 bytes"))
        }
    }

    @Test("an item without an id fails the list with the item's position")
    func itemWithoutID() async throws {
        try await StubServer.run(
            tenant { request in
                .json(#"[{"access":{"id":"a","type":"ROLE"},"status":"CONFIRMED"}]"#, headers: ["X-Total-Count": "1"])
            }
        ) { baseURL, _ in
            let client = try ISCClient.forStub(baseURL)
            let error = try await #require(throws: ISCError.self) { try await client.listCommonAccess() }
            #expect(error.description.contains("item 0 of the page has no usable id"))
        }
    }

    @Test("cancelling a listing stops it promptly")
    func cancellation() async throws {
        let items = makeItems(2000)
        try await StubServer.run(
            tenant { request in
                if (request.intQuery("offset") ?? 0) > 0 { try await Task.sleep(for: .milliseconds(2500)) }
                return page(of: items, for: request)
            }
        ) { baseURL, log in
            let client = try ISCClient.forStub(baseURL)
            let listing = Task { try await client.listCommonAccess() }
            while await log.count("GET", "/v2025/common-access") < 2 { try await Task.sleep(for: .milliseconds(10)) }
            let cancelledAt = ContinuousClock.now
            listing.cancel()
            // Pages answer only after 2.5 s: a listing that ignored the cancel would return the items instead.
            await #expect(throws: CancellationError.self) { try await listing.value }
            #expect(cancelledAt.duration(to: .now) < .seconds(10))  // loose: CI machines may be busy
        }
    }

    @Test("pages that fail with 503 are retried")
    func pageRetried() async throws {
        let items = makeItems(300)
        let failures = Counter()
        try await StubServer.run(
            tenant { request in
                if (request.intQuery("offset") ?? 0) == 250, await failures.next() <= 2 {
                    return .json(#"{"detailCode":"503","messages":[{"text":"busy"}]}"#, status: 503)
                }
                return page(of: items, for: request)
            }
        ) { baseURL, log in
            let client = try ISCClient.forStub(baseURL)
            #expect(try await client.listCommonAccess().count == 300)
            #expect(await log.count("GET", "/v2025/common-access") == 4)
            #expect(await client.statistics().retries == 2)
        }
    }
}
