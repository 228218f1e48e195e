/// A failure talking to ISC, with what support asks for: the call, the status, SailPoint's `detailCode` and
/// `trackingId`, and the first message.
///
/// Prints as one line, e.g.
/// `POST /v2025/common-access: 400 400.1 Bad Request Content — access.id is invalid (trackingId 4f1c…)`.
/// It never contains the client secret or a token: messages the tenant sends back are scrubbed of both.
public struct ISCError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, coarse enough to act on (exit code, hint, retry).
    public enum Kind: Sendable, Hashable {
        /// 401: the credentials or the token were refused.
        case unauthorized
        /// 403: the API client lacks a scope or user level.
        case forbidden
        /// 404.
        case notFound
        /// 400 or another 4xx the request itself caused.
        case badRequest
        /// 429 still after every attempt, or a `Retry-After` too long to wait for.
        case rateLimited
        /// 5xx still after every attempt.
        case server
        /// No HTTP answer: connection refused, TLS failure, timeout.
        case transport
        /// An answer the client cannot use: undecodable, too large, or a list that kept changing while read.
        case badResponse
        /// Plain `http://` to a host that is not loopback.
        case insecureURL
        /// A missing environment variable or an invalid setting.
        case configuration
    }

    public var kind: Kind
    /// `GET`, `POST`; `nil` for errors that happen before any request (configuration).
    public var method: String?
    /// The request path without the query, e.g. `/v2025/common-access`.
    public var path: String?
    /// The HTTP status, when there was a response.
    public var status: Int?
    /// SailPoint's fine-grained code, e.g. `400.1 Bad Request Content`.
    public var detailCode: String?
    /// SailPoint's id for this failure; support asks for it.
    public var trackingID: String?
    /// The first message the tenant gave, or the client's own explanation.
    public var message: String?
    /// What the user can do about it.
    public var hint: String?
    /// How many attempts were made before giving up (shown when more than one).
    public var attempts: Int?

    public init(
        kind: Kind, method: String? = nil, path: String? = nil, status: Int? = nil, detailCode: String? = nil,
        trackingID: String? = nil, message: String? = nil, hint: String? = nil, attempts: Int? = nil
    ) {
        self.kind = kind
        self.method = method
        self.path = path
        self.status = status
        self.detailCode = detailCode
        self.trackingID = trackingID
        self.message = message
        self.hint = hint
        self.attempts = attempts
    }

    public var description: String {
        var text = ""
        if let method, let path {
            text = "\(method) \(path): "
        } else {
            text = "\(kind.label): "
        }
        if let status {
            text += "\(status) \(detailCode ?? Self.reasonPhrase(status))"
        } else if method != nil {
            text += "no response"
        }
        if let message, !message.isEmpty {
            text += text.hasSuffix(": ") ? message : " — \(message)"
        }
        if let trackingID, !trackingID.isEmpty { text += " (trackingId \(trackingID))" }
        if let attempts, attempts > 1 { text += " after \(attempts) attempts" }
        if let hint, !hint.isEmpty { text += "; \(hint)" }
        return text
    }

    static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 409: "Conflict"
        case 413: "Payload Too Large"
        case 415: "Unsupported Media Type"
        case 422: "Unprocessable Entity"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "HTTP \(status)"
        }
    }
}

extension ISCError.Kind {
    var label: String {
        switch self {
        case .unauthorized: "unauthorized"
        case .forbidden: "forbidden"
        case .notFound: "not found"
        case .badRequest: "bad request"
        case .rateLimited: "rate limited"
        case .server: "server error"
        case .transport: "network error"
        case .badResponse: "bad response"
        case .insecureURL: "insecure URL"
        case .configuration: "configuration"
        }
    }

    /// The kind an unexpected HTTP status maps to.
    init(status: Int) {
        switch status {
        case 401: self = .unauthorized
        case 403: self = .forbidden
        case 404: self = .notFound
        case 429: self = .rateLimited
        case 500...599: self = .server
        case 400...499: self = .badRequest
        default: self = .badResponse
        }
    }
}
