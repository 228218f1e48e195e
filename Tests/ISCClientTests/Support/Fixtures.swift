import AccessPolicy
import Foundation
import ISCClient

/// A secret that must never show up anywhere but the token request body.
let canarySecret = "canary-Secret+/=&\"#%-9f2c"

/// Test settings: no client-side limiter and millisecond backoff unless a test says otherwise.
func testConfiguration(_ baseURL: String, apiVersion: APIVersion = .v2025) -> ISCClientConfiguration {
    var configuration = ISCClientConfiguration(
        baseURL: baseURL, apiVersion: apiVersion,
        credentials: ClientCredentials(clientID: "sandbox-client", clientSecret: canarySecret))
    configuration.rateLimit = nil
    configuration.retryBaseDelay = .milliseconds(5)
    configuration.maxRetryDelay = .milliseconds(40)
    configuration.requestTimeout = .seconds(10)
    return configuration
}

/// One `CommonAccessResponse` as JSON.
func commonAccessJSON(
    id: String, accessID: String, type: String = "ROLE", name: String? = nil, status: String = "CONFIRMED"
) -> String {
    let nameField = name.map { #""name":"\#($0)","# } ?? ""
    let access =
        #"{"id":"\#(accessID)","type":"\#(type)",\#(nameField)"#
        + #""description":null,"ownerName":"Ada","ownerId":"owner-1"}"#
    return #"{"id":"\#(id)","access":\#(access),"status":"\#(status)","commonAccessType":"UNSET","#
        + #""lastUpdated":"2026-01-02T03:04:05Z","reviewedByUser":true,"lastReviewed":null,"createdByUser":false}"#
}

/// `count` distinct items with ids `item-0000…`.
func makeItems(_ count: Int, prefix: String = "item") -> [String] {
    (0..<count).map { index in
        let number = String(format: "%05d", index)
        return commonAccessJSON(id: "\(prefix)-\(number)", accessID: "access-\(number)", name: "Access \(number)")
    }
}

/// The page of `items` a list request asks for, with `X-Total-Count` when it asked `count=true`.
func page(of items: [String], for request: RecordedRequest, total: Int? = nil) -> StubResponse {
    let offset = request.intQuery("offset") ?? 0
    let limit = request.intQuery("limit") ?? 250
    let slice = offset < items.count ? Array(items[offset..<min(items.count, offset + limit)]) : []
    var headers: [String: String] = [:]
    if request.query("count") == "true" { headers["X-Total-Count"] = String(total ?? items.count) }
    return .json("[" + slice.joined(separator: ",") + "]", headers: headers)
}

/// A stub tenant: tokens on `/oauth/token`, everything else from `api`.
func tenant(
    token: @escaping @Sendable (RecordedRequest) async throws -> StubResponse = { _ in .token() },
    api: @escaping @Sendable (RecordedRequest) async throws -> StubResponse
) -> @Sendable (RecordedRequest) async throws -> StubResponse {
    { request in
        request.path == "/oauth/token" ? try await token(request) : try await api(request)
    }
}

/// An actor-held counter for stubs that answer differently the n-th time.
actor Counter {
    private var values: [String: Int] = [:]

    /// Increments `key` and returns the new value (1 the first time).
    func next(_ key: String = "") -> Int {
        values[key, default: 0] += 1
        return values[key]!
    }

    /// The current value of `key` (0 before the first `next`).
    func value(_ key: String = "") -> Int { values[key] ?? 0 }
}

/// Collects client events in the order the client reported them.
struct EventRecorder: Sendable {
    private let stream: AsyncStream<ClientEvent>
    private let continuation: AsyncStream<ClientEvent>.Continuation

    init() {
        (stream, continuation) = AsyncStream.makeStream()
    }

    /// Pass as the client's `onEvent`.
    var handler: @Sendable (ClientEvent) -> Void {
        { [continuation] event in continuation.yield(event) }
    }

    /// Everything reported so far; ends the recording.
    func events() async -> [ClientEvent] {
        continuation.finish()
        var events: [ClientEvent] = []
        for await event in stream { events.append(event) }
        return events
    }
}

extension ISCClient {
    /// A client for a stub at `baseURL` with ``testConfiguration(_:apiVersion:)`` tweaked by `adjust`.
    static func forStub(
        _ baseURL: String, apiVersion: APIVersion = .v2025,
        adjust: (inout ISCClientConfiguration) -> Void = { _ in }
    ) throws -> ISCClient {
        var configuration = testConfiguration(baseURL, apiVersion: apiVersion)
        adjust(&configuration)
        return try ISCClient(configuration: configuration)
    }
}
