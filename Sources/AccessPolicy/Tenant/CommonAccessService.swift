/// The one thing the core needs from a tenant.
///
/// The real HTTP client (`ISCClient`), the embedded sandbox reached over HTTP and the in-memory fake of the
/// unit tests all stand behind this protocol, so planning and applying never know which one they talk to.
/// Implementations own paging, retries, authentication and rate limiting; callers may call these methods
/// concurrently.
public protocol CommonAccessService: Sendable {
    /// Every item of the common-access list, each once, or an error: a short or shifting list is never
    /// returned as if it were complete.
    func listCommonAccess() async throws -> [LiveItem]

    /// Adds one item to the list with the given status (`POST /common-access`).
    ///
    /// Must never create the same access twice, even when a first attempt failed after it took effect. When the
    /// access is already on the list (another run created it meanwhile), returns that item as the tenant lists
    /// it, whatever its status: the caller sets the status if it differs. "Already exists" is not a failure.
    func createCommonAccess(_ request: NewCommonAccess) async throws -> LiveItem

    /// Confirms and denies items by their item ids (`POST /common-access/update-status`). Asynchronous on
    /// the tenant's side: the change may show in the list only later.
    func updateStatus(_ batch: StatusBatch) async throws

    /// Roles or access profiles whose name equals `name`, for resolving policy entries written by name.
    func findCatalogItems(type: AccessType, named name: String) async throws -> [CatalogItem]

    /// The roles or access profiles with these ids (those that exist), for naming items a policy gives only by
    /// id: ISC's access-request lists say which item a request is for by type and name alone.
    func findCatalogItems(type: AccessType, ids: [String]) async throws -> [CatalogItem]
}

/// The body of a create: which access, and with what status.
public struct NewCommonAccess: Sendable, Hashable, Codable {
    public var access: AccessReference
    public var status: CommonAccessStatus

    public init(access: AccessReference, status: CommonAccessStatus) {
        self.access = access
        self.status = status
    }
}

/// One `update-status` call: item ids to confirm and to deny.
public struct StatusBatch: Sendable, Hashable, Codable {
    public var confirmedIDs: [String]
    public var deniedIDs: [String]

    public init(confirmedIDs: [String] = [], deniedIDs: [String] = []) {
        self.confirmedIDs = confirmedIDs
        self.deniedIDs = deniedIDs
    }

    public var count: Int { confirmedIDs.count + deniedIDs.count }
}
