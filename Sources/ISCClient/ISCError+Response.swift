// An ISCError from an HTTP answer: status, SailPoint's detail code, message and tracking id.

import Foundation

extension ISCError {
    /// An error from a response the client did not accept, with whatever SailPoint fields the body holds.
    ///
    /// Non-JSON bodies (a proxy's HTML page) are tolerated: the start of their text becomes the message.
    init(response: APIResponse, method: String, path: String) {
        let wire = try? JSONDecoder().decode(ErrorBodyWire.self, from: Data(response.body))
        self.init(
            kind: Kind(status: response.status), method: method, path: path, status: response.status,
            detailCode: wire?.detailCode.flatMap(Self.oneLine), trackingID: wire?.trackingID.flatMap(Self.oneLine),
            message: (wire?.firstText ?? Self.plainText(response.body)).flatMap(Self.oneLine))
    }

    /// Applies `scrub` to every field whose text came from the tenant (message, detailCode, trackingId): a
    /// hostile or buggy server may echo the secret or the token into any of them.
    mutating func scrubTenantText(_ scrub: (String) -> String) {
        message = message.map(scrub)
        detailCode = detailCode.map(scrub)
        trackingID = trackingID.map(scrub)
    }

    /// Collapses whitespace and line breaks and caps the length so a description stays one readable line.
    static func oneLine(_ text: String) -> String? {
        let collapsed = text.split(whereSeparator: { $0.isWhitespace || $0.isNewline }).joined(separator: " ")
        guard !collapsed.isEmpty else { return nil }
        return collapsed.count > 300 ? String(collapsed.prefix(300)) + "…" : collapsed
    }

    private static func plainText(_ body: [UInt8]) -> String? {
        guard !body.isEmpty else { return nil }
        return String(decoding: body.prefix(2000), as: UTF8.self)
    }
}
