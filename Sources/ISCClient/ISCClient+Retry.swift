// Retries: 5xx, no answer and 429, with backoff, and the recheck before re-sending a write.

import Logging

extension ISCClient {
    /// The longest `Retry-After` the client waits out; a tenant asking for more gets an error instead of a hang.
    static let longestRetryAfter: Duration = .seconds(300)
    /// Attempts that may run into the request timeout before a call gives up (see ``TransportFailure``).
    static let maxTimedOutAttempts = 2

    /// What a look at the tenant before a retry found out about the earlier attempts of a write.
    enum Recheck<T: Sendable>: Sendable {
        /// They took effect: this is the result, and nothing is sent again.
        case done(T)
        /// Part of it took effect: send this narrower request instead (an update-status without the ids that
        /// already show their status).
        case resend(APIRequest)
        /// Nothing to tell: send the request again as it was.
        case unknown
    }

    /// Sends `request` until it is accepted, retrying 5xx, network errors and 429s up to
    /// ``ISCClientConfiguration/maxAttempts`` times.
    ///
    /// - Parameters:
    ///   - accepted: the statuses that mean success; `decode` turns such a response into the result.
    ///   - recheck: for writes whose repetition matters (a create, an access-request action, a status change).
    ///     Asked before a retry once an attempt may have taken effect (a 5xx, no answer, or a 429: a gateway may
    ///     refuse the answer of a request it passed on), and again when a retry is rejected with 400/409,
    ///     whether earlier attempts took effect after all.
    ///   - recheckAfterRateLimit: false for idempotent writes, whose repetition after a 429 does no harm and
    ///     is not worth a read of the tenant while it is rate-limiting.
    /// - Throws: ``ISCError`` for every failure except cancellation.
    func send<T: Sendable>(
        _ request: APIRequest,
        accepting accepted: Set<Int>,
        recheck: (@Sendable () async throws -> Recheck<T>)? = nil,
        recheckAfterRateLimit: Bool = true,
        decode: (APIResponse) throws -> T
    ) async throws -> T {
        var request = request
        var attempt = 1
        var timeouts = 0
        // Once an attempt may have taken effect, every later retry looks first.
        var mayHaveTakenEffect = false
        while true {
            if mayHaveTakenEffect, let recheck {
                switch try await recheck() {
                case .done(let value):
                    logger.debug("\(request.label): an earlier attempt took effect; not sending again")
                    return value
                case .resend(let narrower):
                    logger.debug("\(request.label): an earlier attempt took effect in part; sending the rest")
                    request = narrower
                case .unknown:
                    break
                }
            }
            switch try await attemptOnce(
                request, attempt: attempt, accepting: accepted, recheck: recheck, decode: decode)
            {
            case .done(let value):
                return value
            case .unreachable(let failure):
                mayHaveTakenEffect = true
                timeouts += failure.usedWholeTimeout ? 1 : 0
                guard attempt < configuration.maxAttempts, timeouts < Self.maxTimedOutAttempts else {
                    throw ISCError(
                        kind: .transport, method: request.method.rawValue, path: request.path,
                        message: failure.summary, attempts: attempt)
                }
                attempt += 1
                await noteRetry(request, attempt: attempt, reason: failure.summary)
                try await timeline.sleep(for: backoff.delay(afterAttempt: attempt - 1))
            case .retry(let reason, let paused):
                mayHaveTakenEffect = mayHaveTakenEffect || !paused || recheckAfterRateLimit
                attempt += 1
                await noteRetry(request, attempt: attempt, reason: reason)
                if !paused {
                    // After a 429 the limiter already holds every request back; anything else backs off alone.
                    try await timeline.sleep(for: backoff.delay(afterAttempt: attempt - 1))
                }
            }
        }
    }

    private func noteRetry(_ request: APIRequest, attempt: Int, reason: String) async {
        await recorder.recordRetry()
        onEvent?(.retrying(method: request.method.rawValue, path: request.path, attempt: attempt, reason: reason))
        logger.debug("\(request.label): retrying (attempt \(attempt) of \(configuration.maxAttempts)): \(reason)")
    }

    enum AttemptOutcome<T> {
        /// Accepted and decoded, or found to have taken effect already.
        case done(T)
        /// A 5xx or 429 worth another attempt; `paused` when a 429 already holds the limiter back.
        case retry(reason: String, paused: Bool)
        /// No HTTP answer at all.
        case unreachable(TransportFailure)
    }

    /// One attempt of ``send(_:accepting:recheck:decode:)``: the result, a reason to retry, or a thrown error
    /// when the request failed for good or this was the last attempt.
    private func attemptOnce<T: Sendable>(
        _ request: APIRequest,
        attempt: Int,
        accepting accepted: Set<Int>,
        recheck: (@Sendable () async throws -> Recheck<T>)?,
        decode: (APIResponse) throws -> T
    ) async throws -> AttemptOutcome<T> {
        let isLast = attempt >= configuration.maxAttempts
        let response: APIResponse
        do {
            response = try await exchange(request)
        } catch let failure as TransportFailure {
            return .unreachable(failure)
        }
        if accepted.contains(response.status) { return .done(try decode(response)) }
        if attempt > 1, [400, 409].contains(response.status), let recheck, case .done(let done) = try await recheck() {
            return .done(done)
        }
        switch response.status {
        case 429:
            await recorder.recordRateLimited()
            let wait = response.retryAfter ?? backoff.ceiling(afterAttempt: attempt)
            guard wait <= Self.longestRetryAfter else {
                var error = apiError(response, for: request, attempts: attempt)
                error.hint = "the tenant asked to wait \(wait); try again later"
                throw error
            }
            guard !isLast else { throw apiError(response, for: request, attempts: attempt) }
            await limiter.pause(for: wait)
            onEvent?(.rateLimited(retryAfter: wait))
            return .retry(reason: "429 Too Many Requests, waiting \(wait)", paused: true)
        case 500...599:
            guard !isLast else { throw apiError(response, for: request, attempts: attempt) }
            return .retry(reason: "\(response.status) \(ISCError.reasonPhrase(response.status))", paused: false)
        default:
            throw apiError(response, for: request, attempts: attempt)
        }
    }

    /// Sends `request` with a bearer token; after a 401 forgets the token, fetches a new one once and re-sends.
    func exchange(_ request: APIRequest) async throws -> APIResponse {
        let response = try await transmitFresh(request)
        guard request.authenticated, response.status == 401, let token = response.bearer else { return response }
        logger.debug("\(request.label): 401 with a cached token; fetching a new token and sending once more")
        await tokens.invalidate(token)
        return try await transmitFresh(request)
    }

    /// Sends `request`, taking a fresh token when the one it held went stale while the rate limiter held it
    /// back. Should that keep happening (tokens shorter-lived than the limiter's waits), the third attempt goes
    /// out unchecked and a 401 is handled like any other.
    private func transmitFresh(_ request: APIRequest) async throws -> APIResponse {
        for _ in 0..<2 {
            do {
                return try await transmit(request)
            } catch is RateLimiter.Declined {
                continue
            }
        }
        return try await transmit(request, checkingToken: false)
    }

    /// The ``ISCError`` for a response that is not accepted, with the body's SailPoint fields.
    func apiError(_ response: APIResponse, for request: APIRequest, attempts: Int) -> ISCError {
        var error = ISCError(response: response, method: request.method.rawValue, path: request.path)
        error.attempts = attempts
        error.scrubTenantText { scrub($0, bearer: response.bearer) }
        if response.status == 401 {
            error.hint =
                "the tenant refused a freshly issued token; "
                + "check that \(ISCEnvironment.baseURLVariable) is the tenant that issued it"
        } else if response.status == 403 {
            error.hint = "the API client lacks a scope or user level this call needs"
        }
        return error
    }

    /// Removes the client secret and the request's token from text the tenant sent back.
    func scrub(_ text: String, bearer: AccessToken? = nil, alsoHiding extra: [String] = []) -> String {
        let secret = configuration.credentials.clientSecret
        var hidden = [secret, PercentEncoding.encode(secret)] + extra
        if let bearer { hidden.append(bearer.value) }
        var scrubbed = text
        for value in Set(hidden) where value.count >= 3 {
            scrubbed = scrubbed.replacing(value, with: "<redacted>")
        }
        return scrubbed
    }
}
