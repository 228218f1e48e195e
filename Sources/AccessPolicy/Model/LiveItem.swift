/// One entry of the tenant's common-access list, as read from `GET /common-access`.
public struct LiveItem: Sendable, Hashable, Codable {
    /// The common-access item id (a uuid). `update-status` takes these, never the access id.
    public var id: String
    public var access: AccessReference
    public var status: CommonAccessStatus
    /// False for items ISC suggested that nobody has confirmed or denied yet.
    public var reviewedByUser: Bool?
    /// As the tenant sent it (ISO 8601); kept for the saved-plan fingerprint, never parsed.
    public var lastUpdated: String?

    public init(
        id: String, access: AccessReference, status: CommonAccessStatus, reviewedByUser: Bool? = nil,
        lastUpdated: String? = nil
    ) {
        self.id = id
        self.access = access
        self.status = status
        self.reviewedByUser = reviewedByUser
        self.lastUpdated = lastUpdated
    }

    public var key: AccessKey { access.key }
}
