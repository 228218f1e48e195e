import AccessPolicy
import Foundation
import Testing

@testable import ISCClient

@Suite("Creating common-access items")
struct CreateTests {
    static let request = NewCommonAccess(
        access: AccessReference(
            type: .role, id: "2c918086749d78830174a1a40e121518", name: "Engineering Base", ownerID: "owner-1",
            ownerName: "Ada"),
        status: .confirmed)

    @Test("the body is {access, status} with what is known of the access")
    func bodyShape() async throws {
        try await StubServer.run(
            tenant { _ in
                .json(commonAccessJSON(id: "item-1", accessID: "2c918086749d78830174a1a40e121518"), status: 202)
            }
        ) { baseURL, log in
            let client = try ISCClient.forStub(baseURL)
            _ = try await client.createCommonAccess(Self.request)
            let post = try #require(await log.requests("POST", "/v2025/common-access").first)
            #expect(post.header("Content-Type") == "application/json")
            let body = try #require(try JSONSerialization.jsonObject(with: Data(post.body.utf8)) as? [String: Any])
            #expect(body["status"] as? String == "CONFIRMED")
            let access = try #require(body["access"] as? [String: Any])
            #expect(access["id"] as? String == "2c918086749d78830174a1a40e121518")
            #expect(access["type"] as? String == "ROLE")
            #expect(access["name"] as? String == "Engineering Base")
            #expect(access["ownerId"] as? String == "owner-1")
            #expect(access["ownerName"] as? String == "Ada")
            #expect(access["description"] == nil)
        }
    }

    @Test(
        "a create answered 'already exists' (409 or 400) returns the item the list shows, whatever its status",
        arguments: [409, 400])
    func alreadyExists(status: Int) async throws {
        let listed = commonAccessJSON(id: "item-9", accessID: "2c918086749d78830174a1a40e121518", status: "DENIED")
        try await StubServer.run(
            tenant { request in
                request.method == "GET"
                    ? page(of: [listed], for: request)
                    : .json(#"{"messages":[{"text":"already exists"}]}"#, status: status)
            }
        ) { baseURL, log in
            let client = try ISCClient.forStub(baseURL)
            let item = try await client.createCommonAccess(Self.request)
            #expect(item.id == "item-9")
            #expect(item.status == .denied)
            #expect(await log.count("POST", "/v2025/common-access") == 1)
            let lookUp = try #require(await log.requests("GET", "/v2025/common-access").first)
            #expect(lookUp.query("filters") == #"access.id eq "2c918086749d78830174a1a40e121518""#)
        }
    }

    @Test("a 409 or 400 whose item the list does not show is the create's own error")
    func conflictWithoutItem() async throws {
        try await StubServer.run(
            tenant { request in
                request.method == "GET"
                    ? page(of: [], for: request) : .json(#"{"messages":[{"text":"bad id"}]}"#, status: 400)
            }
        ) { baseURL, _ in
            let client = try ISCClient.forStub(baseURL)
            let error = try await #require(throws: ISCError.self) { try await client.createCommonAccess(Self.request) }
            #expect(error.status == 400)
            #expect(error.method == "POST")
        }
    }

    @Test("only the id and type are sent when nothing else is known")
    func minimalBody() async throws {
        try await StubServer.run(tenant { _ in .json(commonAccessJSON(id: "item-1", accessID: "ap-1"), status: 201) }) {
            baseURL, log in
            let client = try ISCClient.forStub(baseURL)
            _ = try await client.createCommonAccess(
                NewCommonAccess(access: AccessReference(type: .accessProfile, id: "ap-1"), status: .denied))
            let post = try #require(await log.requests("POST", "/v2025/common-access").first)
            #expect(post.body == #"{"access":{"id":"ap-1","type":"ACCESS_PROFILE"},"status":"DENIED"}"#)
        }
    }

    @Test(
        "createdByUser may be a string or a boolean; unknown fields and nulls are ignored",
        arguments: [
            #""createdByUser":"true""#, #""createdByUser":true"#, #""createdByUser":null"#, #""createdByUser":"yes""#,
        ])
    func lenientResponse(createdByUser: String) async throws {
        let body = #"""
            {"id":"item-7","access":{"id":"2c918086749d78830174a1a40e121518","type":"ROLE","name":"Engineering Base",
            "description":null,"ownerName":null,"ownerId":"owner-1","futureField":{"nested":[1,2]}},
            "status":"CONFIRMED",
            "lastUpdated":"2026-02-03T04:05:06Z","reviewedByUser":"true","lastReviewed":null,\#(createdByUser),
            "brandNew":42}
            """#
        try await StubServer.run(tenant { _ in .json(body, status: 202) }) { baseURL, _ in
            let client = try ISCClient.forStub(baseURL)
            let item = try await client.createCommonAccess(Self.request)
            #expect(item.id == "item-7")
            #expect(item.access.key == Self.request.access.key)
            #expect(item.access.name == "Engineering Base")
            #expect(item.access.ownerName == "Ada")  // null in the response: kept from the request
            #expect(item.status == .confirmed)
            #expect(item.reviewedByUser == true)
            #expect(item.lastUpdated == "2026-02-03T04:05:06Z")
        }
    }

    @Test("a create that failed with 500 but took effect is found by re-listing, not posted twice")
    func createNotDoubled() async throws {
        let store = Counter()
        try await StubServer.run(
            tenant { request in
                switch request.method {
                case "POST":
                    _ = await store.next("created")
                    return .json(
                        #"{"detailCode":"500.0 Internal Fault","messages":[{"text":"An internal fault occurred."}]}"#,
                        status: 500)
                default:
                    let created = await store.value("created") > 0
                    return .json(
                        created
                            ? "["
                                + commonAccessJSON(
                                    id: "ghost-1", accessID: "2c918086749d78830174a1a40e121518", type: "ACCESS_PROFILE")
                                + "," + commonAccessJSON(id: "item-1", accessID: "2c918086749d78830174a1a40e121518")
                                + "]"
                            : "[]")
                }
            }
        ) { baseURL, log in
            let client = try ISCClient.forStub(baseURL)
            let item = try await client.createCommonAccess(Self.request)
            #expect(item.id == "item-1")  // same access id but ACCESS_PROFILE is not our item
            #expect(await log.count("POST", "/v2025/common-access") == 1)
            let relist = try #require(await log.requests("GET", "/v2025/common-access").first)
            #expect(relist.query("filters") == #"access.id eq "2c918086749d78830174a1a40e121518""#)
            #expect(await log.count("GET", "/v2025/common-access") == 1)
        }
    }

    @Test("a create that failed without effect is posted again after the re-list finds nothing")
    func createRetriedWhenAbsent() async throws {
        let posts = Counter()
        try await StubServer.run(
            tenant { request in
                if request.method == "POST" {
                    return await posts.next() == 1
                        ? .json("upstream connect error", status: 502, headers: ["Content-Type": "text/plain"])
                        : .json(
                            commonAccessJSON(id: "item-1", accessID: "2c918086749d78830174a1a40e121518"), status: 202)
                }
                return .json("[]")
            }
        ) { baseURL, log in
            let client = try ISCClient.forStub(baseURL)
            let item = try await client.createCommonAccess(Self.request)
            #expect(item.id == "item-1")
            #expect(await log.apiRequests.map(\.method) == ["POST", "GET", "POST"])
        }
    }

    @Test("a 429 on create waits, re-lists, and does not double the create")
    func createAfter429() async throws {
        let posts = Counter()
        try await StubServer.run(
            tenant { request in
                if request.method == "POST" {
                    _ = await posts.next()
                    // The gateway answered 429 but the create went through anyway.
                    return .json(#"{"message":" Rate Limit Exceeded "}"#, status: 429, headers: ["Retry-After": "0"])
                }
                return .json("[" + commonAccessJSON(id: "item-9", accessID: "2c918086749d78830174a1a40e121518") + "]")
            }
        ) { baseURL, log in
            let client = try ISCClient.forStub(baseURL)
            #expect(try await client.createCommonAccess(Self.request).id == "item-9")
            #expect(await log.count("POST", "/v2025/common-access") == 1)
        }
    }

    @Test("a retry rejected with 400 because the item now exists returns the existing item")
    func retryRejectedAsDuplicate() async throws {
        let posts = Counter()
        let lists = Counter()
        try await StubServer.run(
            tenant { request in
                if request.method == "POST" {
                    return await posts.next() == 1
                        ? .json("{}", status: 503)
                        : .json(
                            #"{"detailCode":"400.1 Bad Request Content","messages":[{"text":"already exists"}]}"#,
                            status: 400)
                }
                // The first re-list does not see the (asynchronously written) item yet, the second does.
                return await lists.next() == 1
                    ? .json("[]")
                    : .json("[" + commonAccessJSON(id: "item-3", accessID: "2c918086749d78830174a1a40e121518") + "]")
            }
        ) { baseURL, log in
            let client = try ISCClient.forStub(baseURL)
            #expect(try await client.createCommonAccess(Self.request).id == "item-3")
            #expect(await log.count("POST", "/v2025/common-access") == 2)
        }
    }

    @Test("a 202 without a body is answered by reading the item back")
    func acceptedWithoutBody() async throws {
        try await StubServer.run(
            tenant { request in
                request.method == "POST"
                    ? StubResponse(status: 202)
                    : .json("[" + commonAccessJSON(id: "item-5", accessID: "2c918086749d78830174a1a40e121518") + "]")
            }
        ) { baseURL, _ in
            let client = try ISCClient.forStub(baseURL)
            #expect(try await client.createCommonAccess(Self.request).id == "item-5")
        }
    }
}
