import AccessPolicy
import Foundation
import ISCClient

/// Remembers, between runs, when this client id's recent requests finished, so that `plan` followed at once
/// by `apply` (as in a CI job) stays under SailPoint's 100 requests per 10 s together, not only each alone.
///
/// The file holds timestamps only, under `$XDG_CACHE_HOME/accesspolicy/rate-limit/` (default `~/.cache`), named
/// by a SHA-256 of the base URL and client id: no credential is written. Runs in parallel for the same client
/// id are not coordinated.
struct RateLimitMemory {
    let file: URL

    init?(baseURL: String, clientID: String, environment: [String: String]) {
        let cache =
            environment["XDG_CACHE_HOME"].map { URL(fileURLWithPath: $0) }
            ?? environment["HOME"].map { URL(fileURLWithPath: $0).appendingPathComponent(".cache") }
        guard let cache else { return nil }
        file = cache.appendingPathComponent("accesspolicy/rate-limit")
            .appendingPathComponent(Digest.sha256("\(baseURL)\n\(clientID)") + ".json")
    }

    private struct Stored: Codable {
        /// Seconds since 1970 at which requests finished.
        var finishedAt: [Double]
    }

    /// Tells `client` about requests an earlier run made that still count.
    func restore(into client: ISCClient) async {
        guard let data = try? Data(contentsOf: file), let stored = try? JSONDecoder().decode(Stored.self, from: data)
        else { return }
        let now = Date().timeIntervalSince1970
        let ages = stored.finishedAt.map { now - $0 }.filter { $0 >= 0 && $0 < 3600 }.map { Duration.seconds($0) }
        await client.countEarlierRequests(ages: ages)
    }

    /// Saves what still counts; failures are ignored (the memory only avoids 429s, it is not needed).
    func save(from client: ISCClient) async {
        let now = Date().timeIntervalSince1970
        let stored = Stored(finishedAt: await client.rateLimitHistory().map { now - $0.seconds })
        guard let data = try? JSONEncoder().encode(stored) else { return }
        try? FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? data.write(to: file, options: .atomic)
    }
}
