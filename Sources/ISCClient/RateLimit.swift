/// A request budget: at most `requests` in any sliding `window`.
public struct RateLimit: Sendable, Hashable, CustomStringConvertible {
    /// How many requests the window allows.
    public var requests: Int
    /// The length of the sliding window.
    public var window: Duration

    public init(requests: Int, window: Duration) {
        self.requests = requests
        self.window = window
    }

    /// SailPoint's documented gateway limit: 100 requests per client id (and API version) per 10 seconds.
    public static let sailPointDefault = RateLimit(requests: 100, window: .seconds(10))

    public var description: String { "\(requests) requests per \(window)" }
}
