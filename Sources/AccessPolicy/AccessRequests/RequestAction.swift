import Foundation
public import YAMLTree

/// One thing apply would do to a pending access request, and which rule asks for it.
public struct RequestAction: Sendable, Hashable, Codable {
    public enum Rule: String, Sendable, Hashable, Codable, CaseIterable {
        case autoApprove, cancel, closeStale

        /// The verb people read in plans: approve, cancel, close.
        public var verb: String {
            switch self {
            case .autoApprove: "approve"
            case .cancel: "cancel"
            case .closeStale: "close"
            }
        }
    }

    public var rule: Rule
    public var request: PendingAccessRequest
    /// Whole days the request has been pending when the plan was made.
    public var ageDays: Int
    /// Where the rule is written.
    public var source: SourceLocation
    /// An approval for an item the tenant does not list as CONFIRMED yet (the same plan creates it or flips
    /// it): apply sends it only after its other writes, once the tenant lists the item CONFIRMED, so nothing is
    /// approved while it is not CONFIRMED common access.
    public var awaitsCommonAccess: Bool

    public init(
        rule: Rule, request: PendingAccessRequest, ageDays: Int, source: SourceLocation,
        awaitsCommonAccess: Bool = false
    ) {
        self.rule = rule
        self.request = request
        self.ageDays = ageDays
        self.source = source
        self.awaitsCommonAccess = awaitsCommonAccess
    }

    private enum CodingKeys: String, CodingKey {
        case rule, request, ageDays, source, awaitsCommonAccess
    }

    /// Reads plans saved before `awaitsCommonAccess` existed as waiting, so apply checks the tenant before
    /// approving.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        rule = try container.decode(Rule.self, forKey: .rule)
        request = try container.decode(PendingAccessRequest.self, forKey: .request)
        ageDays = try container.decode(Int.self, forKey: .ageDays)
        source = try container.decode(SourceLocation.self, forKey: .source)
        awaitsCommonAccess = try container.decodeIfPresent(Bool.self, forKey: .awaitsCommonAccess) ?? true
    }

    /// What plans print beside an approval that ``awaitsCommonAccess``.
    public static let awaitNote = "once the item shows CONFIRMED"

    /// `ROLE "Engineering Base"`, or what is known of the item.
    public var itemDescription: String {
        "\(request.itemType ?? "ITEM") \"\(request.itemName ?? "?")\""
    }
}
