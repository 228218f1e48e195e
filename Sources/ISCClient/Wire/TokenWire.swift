/// The token endpoint's answer; only `access_token` and `expires_in` matter.
struct TokenResponseWire: Decodable {
    var accessToken: String?
    var expiresIn: Double?

    private enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case expiresIn = "expires_in"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        accessToken = container.lenient(String.self, forKey: .accessToken)
        expiresIn = container.lenientSeconds(forKey: .expiresIn)
    }
}
