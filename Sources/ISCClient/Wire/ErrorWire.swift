/// Every error body shape ISC uses, in one lenient reader.
///
/// `ErrorResponseDto` (`detailCode`, `trackingId`, `messages[].text`, `causes[].text`) for 400/403/404/500,
/// `{"error": …}` for 401 (and OAuth's `error_description` from the token endpoint), `{"message": …}` for 429.
struct ErrorBodyWire: Decodable {
    var detailCode: String?
    var trackingID: String?
    var messages: [String] = []
    var causes: [String] = []
    var error: String?
    var errorDescription: String?
    var message: String?

    private enum CodingKeys: String, CodingKey {
        case detailCode, trackingId, messages, causes, error, message
        case errorDescription = "error_description"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        detailCode = container.lenientString(forKey: .detailCode)
        trackingID = container.lenientString(forKey: .trackingId)
        messages = container.lenient(LossyArray<MessageWire>.self, forKey: .messages)?.elements.compactMap(\.text) ?? []
        causes = container.lenient(LossyArray<MessageWire>.self, forKey: .causes)?.elements.compactMap(\.text) ?? []
        error = container.lenientString(forKey: .error)
        errorDescription = container.lenientString(forKey: .errorDescription)
        message = container.lenientString(forKey: .message)
    }

    /// The most specific human text the body holds.
    var firstText: String? {
        [messages.first, causes.first, errorDescription, error, message]
            .compactMap { $0?.trimmingWhitespace() }
            .first { !$0.isEmpty }
    }

    /// `ErrorMessageDto`; only the text is kept.
    struct MessageWire: Decodable {
        var text: String?

        private enum CodingKeys: String, CodingKey {
            case text
        }

        init(from decoder: any Decoder) throws {
            text = try decoder.container(keyedBy: CodingKeys.self).lenientString(forKey: .text)
        }
    }
}
