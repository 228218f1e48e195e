import Foundation

/// The access tokens this sandbox has issued, and when each expires.
///
/// Tokens are random opaque strings (not JWTs): clients must treat them as opaque anyway. They live only
/// in memory, so a restarted sandbox makes every client fetch a new one, as a real token would expire.
actor TokenRegistry {
    enum Verdict: Equatable {
        case valid(clientID: String)
        case expired
        case unknown
    }

    private struct Grant {
        var clientID: String
        /// On the sandbox's clock (``SandboxTime/elapsed``).
        var expiresAt: Duration
    }

    private var grants: [String: Grant] = [:]
    private let time: SandboxTime

    init(time: SandboxTime) {
        self.time = time
    }

    /// Issues a token for `clientID` that expires after `ttl`.
    func issue(clientID: String, ttl: Duration) -> String {
        let now = time.elapsed()
        // Forget tokens long expired, but keep recent ones so their holders hear "expired", not "invalid".
        grants = grants.filter { $0.value.expiresAt + max(ttl, .seconds(600)) > now }
        var generator = SystemRandomNumberGenerator()
        let token = (0..<4).map { _ in String(generator.next() as UInt64, radix: 36) }.joined(separator: ".")
        grants[token] = Grant(clientID: clientID, expiresAt: now + ttl)
        return token
    }

    func verify(_ token: String) -> Verdict {
        guard let grant = grants[token] else { return .unknown }
        return time.elapsed() < grant.expiresAt ? .valid(clientID: grant.clientID) : .expired
    }
}
