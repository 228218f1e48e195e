/// Counts what the sandbox served, so benchmarks can report load and tests can assert, for example,
/// that `plan` sent no write.
///
/// Every request is counted, including those answered 401, 404 or 429 and those whose connection was
/// dropped on purpose. Routes are keyed by method and route template, e.g. `"GET /v2025/common-access"`;
/// requests that match no route are keyed `"GET <unmatched>"`.
public actor SandboxMetrics {
    /// A copy of the counters at one moment.
    public struct Snapshot: Sendable, Codable, Equatable {
        /// Requests per `"METHOD /route-template"`.
        public var requestsByRoute: [String: Int]
        /// Responses per HTTP status code (as a string, e.g. `"202"`); dropped connections are not here.
        public var responsesByStatus: [String: Int]
        public var totalRequests: Int
        /// The most requests that were being answered at the same time.
        public var peakInFlight: Int
        /// How many 429 answers were sent.
        public var rateLimitedResponses: Int
        /// How many connections were closed without an answer (fault injection).
        public var droppedConnections: Int

        public init(
            requestsByRoute: [String: Int] = [:], responsesByStatus: [String: Int] = [:], totalRequests: Int = 0,
            peakInFlight: Int = 0, rateLimitedResponses: Int = 0, droppedConnections: Int = 0
        ) {
            self.requestsByRoute = requestsByRoute
            self.responsesByStatus = responsesByStatus
            self.totalRequests = totalRequests
            self.peakInFlight = peakInFlight
            self.rateLimitedResponses = rateLimitedResponses
            self.droppedConnections = droppedConnections
        }

        /// Requests sent with a method other than GET (token requests excluded): zero for a read-only run.
        public var writeRequests: Int {
            requestsByRoute.filter { !$0.key.hasPrefix("GET ") && $0.key != "POST /oauth/token" }.values.reduce(0, +)
        }
    }

    private var counters = Snapshot()
    private var inFlight = 0

    public init() {}

    /// Zeroes every counter (requests still in flight keep being tracked).
    public func reset() {
        counters = Snapshot(peakInFlight: inFlight)
    }

    /// The counters now; a copy, so it does not change as more requests arrive.
    public func snapshot() -> Snapshot {
        counters
    }

    func requestStarted(route: String) {
        counters.totalRequests += 1
        counters.requestsByRoute[route, default: 0] += 1
        inFlight += 1
        counters.peakInFlight = max(counters.peakInFlight, inFlight)
    }

    func requestFinished(status: Int) {
        inFlight -= 1
        counters.responsesByStatus[String(status), default: 0] += 1
        if status == 429 { counters.rateLimitedResponses += 1 }
    }

    func connectionDropped(route: String) {
        counters.totalRequests += 1
        counters.requestsByRoute[route, default: 0] += 1
        counters.droppedConnections += 1
    }
}
