import Foundation

/// SailPoint's `ErrorResponseDto`, the body of every 400, 403, 404 and 500.
struct ErrorResponseWire: Encodable {
    struct Message: Encodable {
        var locale = "en-US"
        var localeOrigin = "DEFAULT"
        var text: String
    }

    var detailCode: String
    /// 32 lowercase hex digits, new for every error, as support asks for it.
    var trackingId: String
    var messages: [Message]
    var causes: [Message]

    init(detailCode: String, text: String) {
        self.detailCode = detailCode
        self.trackingId = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        self.messages = [Message(text: text)]
        self.causes = []
    }
}

/// The 401 body: `{"error": "JWT validation failed: …"}`.
struct UnauthorizedWire: Encodable {
    var error: String
}

/// The 429 body, spaces included as in the spec example.
struct RateLimitWire: Encodable {
    var message = " Rate Limit Exceeded "
}

/// An OAuth 2.0 error from the token endpoint (RFC 6749 §5.2).
struct OAuthErrorWire: Encodable {
    var error: String
    var errorDescription: String

    private enum CodingKeys: String, CodingKey {
        case error
        case errorDescription = "error_description"
    }
}
