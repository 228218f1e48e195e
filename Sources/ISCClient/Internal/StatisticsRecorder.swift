/// Counts what the client sends; read through ``ISCClient/statistics()``.
actor StatisticsRecorder {
    private var statistics = RequestStatistics()

    func recordRequest(method: String, path: String) {
        statistics.requests["\(method) \(path)", default: 0] += 1
    }

    func recordRateLimited() { statistics.rateLimitedResponses += 1 }

    func recordRetry() { statistics.retries += 1 }

    func snapshot(peakInFlight: Int) -> RequestStatistics {
        var copy = statistics
        copy.peakInFlight = peakInFlight
        return copy
    }
}
