/// Progress the client reports while it works, for a progress line on stderr or a benchmark.
///
/// Delivered synchronously on the task that made the request; keep the handler cheap.
public enum ClientEvent: Sendable, Hashable {
    /// A page of the common-access list arrived. `total` is the number of pages to read, or 0 when the tenant
    /// sent no `X-Total-Count` and the client pages until a short page.
    case pageFetched(done: Int, total: Int)
    /// A request is about to go out (`path` without the query string).
    case requestSent(method: String, path: String)
    /// The tenant answered 429; every request of this client waits `retryAfter` before the next one goes out.
    case rateLimited(retryAfter: Duration)
    /// A request failed in a way worth retrying; `attempt` is the number of the attempt about to start (2, 3, …).
    case retrying(method: String, path: String, attempt: Int, reason: String)
}
