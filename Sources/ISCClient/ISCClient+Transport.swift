// One request on the wire: a slot, a token, the rate limiter, the response read whole.

import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

extension ISCClient {
    /// Sends `request` once: waits for a slot, takes the current token, waits for the rate limiter, then reads
    /// the whole response. The token is taken only once the request holds a slot, so it does not age while the
    /// request queues for one.
    ///
    /// Without `authenticated` (the token request itself) no slot is taken: the requests that hold the slots
    /// may be waiting for that very token.
    ///
    /// - Throws: `CancellationError`, ``TransportFailure`` when no answer arrived, ``ISCError`` `.badResponse`
    ///   when the body exceeds ``ISCClientConfiguration/maxResponseBytes``, `RateLimiter.Declined` without
    ///   sending when the token expired while the rate limiter held the request back.
    func transmit(_ request: APIRequest, checkingToken: Bool = true) async throws -> APIResponse {
        guard request.authenticated else { return try await transmitNow(request, bearer: nil, checkingToken: false) }
        return try await slots.withSlot {
            try await transmitNow(request, bearer: try await currentToken(), checkingToken: checkingToken)
        }
    }

    private func transmitNow(_ request: APIRequest, bearer: AccessToken?, checkingToken: Bool) async throws
        -> APIResponse
    {
        let tokens = self.tokens
        return try await limiter.withPermit(unless: {
            guard let bearer, checkingToken else { return false }
            return await !tokens.isUsable(bearer)
        }) {
            let outgoing = makeHTTPRequest(request, bearer: bearer)
            await recorder.recordRequest(method: request.method.rawValue, path: request.path)
            onEvent?(.requestSent(method: request.method.rawValue, path: request.path))
            let started = timeline.now
            let response: HTTPClientResponse
            let body: ByteBuffer
            do {
                response = try await http.execute(outgoing, timeout: Self.timeAmount(configuration.requestTimeout))
                body = try await response.body.collect(upTo: configuration.maxResponseBytes)
            } catch is NIOTooManyBytesError {
                logOutcome(request, status: "body too large", since: started)
                throw ISCError(
                    kind: .badResponse, method: request.method.rawValue, path: request.path,
                    message: "the response body is larger than \(configuration.maxResponseBytes) bytes")
            } catch {
                if Task.isCancelled { throw CancellationError() }
                let summary = Self.summary(of: error)
                logOutcome(request, status: summary, since: started)
                let usedWholeTimeout = timeline.now - started >= configuration.requestTimeout * 0.95
                throw TransportFailure(summary: summary, usedWholeTimeout: usedWholeTimeout)
            }
            let status = Int(response.status.code)
            logOutcome(request, status: "\(status)", since: started)
            return APIResponse(
                status: status, headers: response.headers, body: Array(body.readableBytesView), bearer: bearer)
        }
    }

    private func makeHTTPRequest(_ request: APIRequest, bearer: AccessToken?) -> HTTPClientRequest {
        let query = PercentEncoding.query(request.query)
        var outgoing = HTTPClientRequest(url: serviceURL.url(path: request.path, query: query))
        outgoing.method = request.method == .post ? .POST : .GET
        outgoing.headers.add(name: "Accept", value: "application/json")
        outgoing.headers.add(name: "User-Agent", value: configuration.userAgent)
        if let bearer {
            outgoing.headers.add(name: "Authorization", value: "Bearer \(bearer.value)")
        }
        if request.authenticated {
            // Required by every common-access operation outside beta, harmless everywhere else (facts §9).
            outgoing.headers.add(name: "X-SailPoint-Experimental", value: "true")
        }
        if let body = request.body {
            outgoing.headers.add(name: "Content-Type", value: request.contentType ?? "application/json")
            outgoing.body = .bytes(body)
        }
        return outgoing
    }

    /// One debug line per request; never headers or bodies.
    private func logOutcome(_ request: APIRequest, status: String, since started: Duration) {
        let elapsed = timeline.now - started
        let milliseconds = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        let query = PercentEncoding.query(request.query)
        logger.debug(
            "\(request.method.rawValue) \(request.path) \(status) \(milliseconds)ms",
            metadata: [
                "isc.method": "\(request.method.rawValue)", "isc.path": "\(request.path)",
                "isc.query": "\(query)", "isc.status": "\(status)", "isc.ms": "\(milliseconds)",
            ])
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    /// A short, secret-free description of a network failure.
    static func summary(of error: any Error) -> String {
        if let error = error as? HTTPClientError {
            if error == .connectTimeout { return "connection timed out" }
            if error == .deadlineExceeded || error == .readTimeout { return "request timed out" }
            if error == .remoteConnectionClosed { return "connection closed by the server" }
        }
        let text = String(describing: error)
        return text.count > 200 ? String(text.prefix(200)) + "…" : text
    }
}
