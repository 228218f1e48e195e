import AccessPolicy

/// A tenant in memory for unit tests of the core: behaves like ISC's list, create and update-status, and
/// records every call so tests can assert that nothing was written twice or needlessly.
public actor InMemoryTenant: CommonAccessService, AccessRequestService {
    /// Every call, in order, for assertions like "plan made no write".
    public enum Call: Sendable, Hashable {
        case list
        case create(AccessKey, CommonAccessStatus)
        case updateStatus(confirmed: [String], denied: [String])
        case findCatalog(AccessType, String)
        case findCatalogIDs(AccessType, [String])
        case listRequests
        case close([String])
        case cancel([String])
        case approve([String])
    }

    public private(set) var items: [LiveItem]
    public private(set) var catalog: [CatalogItem]
    public private(set) var calls: [Call] = []
    /// Pending access requests; acting on one takes it (or its approvals) off.
    public private(set) var pendingRequests: [PendingAccessRequest]
    /// Creates of these keys are refused, as a tenant refuses an id it does not know.
    public private(set) var refusedCreates: Set<AccessKey>
    private var nextID = 1

    public init(
        items: [LiveItem] = [], catalog: [CatalogItem] = [], pendingRequests: [PendingAccessRequest] = [],
        refusingCreates refusedCreates: Set<AccessKey> = []
    ) {
        self.items = items
        self.catalog = catalog
        self.pendingRequests = pendingRequests
        self.refusedCreates = refusedCreates
    }

    /// Adds an item as someone else would (another run, a person in the ISC UI), without recording a call.
    public func addItem(_ item: LiveItem) {
        items.append(item)
    }

    public var writes: [Call] {
        calls.filter {
            switch $0 {
            case .create, .updateStatus, .close, .cancel, .approve: true
            case .list, .findCatalog, .findCatalogIDs, .listRequests: false
            }
        }
    }

    public func listCommonAccess() async throws -> [LiveItem] {
        calls.append(.list)
        return items
    }

    public func createCommonAccess(_ request: NewCommonAccess) async throws -> LiveItem {
        calls.append(.create(request.access.key, request.status))
        guard !refusedCreates.contains(request.access.key) else {
            throw InMemoryTenantError.refused(request.access.key)
        }
        // As ISC's "already exists" is handled by the client: the listed item, whatever its status.
        if let listed = items.first(where: { $0.key == request.access.key }) { return listed }
        let known = catalog.first { $0.type == request.access.type && $0.id == request.access.id }
        let item = LiveItem(
            id: Self.itemID(nextID), access: known?.reference ?? request.access,
            status: request.status, reviewedByUser: true)
        nextID += 1
        items.append(item)
        return item
    }

    /// A uuid-shaped item id, like ISC's, numbered so tests can predict it.
    public static func itemID(_ number: Int) -> String {
        let digits = String(number)
        return "00000000-0000-4000-8000-" + String(repeating: "0", count: max(0, 12 - digits.count)) + digits
    }

    public func updateStatus(_ batch: StatusBatch) async throws {
        calls.append(.updateStatus(confirmed: batch.confirmedIDs, denied: batch.deniedIDs))
        let known = Set(items.map(\.id))
        if let unknown = (batch.confirmedIDs + batch.deniedIDs).first(where: { !known.contains($0) }) {
            throw InMemoryTenantError.unknownItem(unknown)
        }
        for index in items.indices {
            if batch.confirmedIDs.contains(items[index].id) { items[index].status = .confirmed }
            if batch.deniedIDs.contains(items[index].id) { items[index].status = .denied }
        }
    }

    public func findCatalogItems(type: AccessType, named name: String) async throws -> [CatalogItem] {
        calls.append(.findCatalog(type, name))
        return catalog.filter { $0.type == type && $0.name.lowercased() == name.lowercased() }
    }

    public func findCatalogItems(type: AccessType, ids: [String]) async throws -> [CatalogItem] {
        calls.append(.findCatalogIDs(type, ids))
        let wanted = Set(ids)
        return catalog.filter { $0.type == type && wanted.contains($0.id) }
    }
}

extension InMemoryTenant {
    public func listPendingAccessRequests() async throws -> [PendingAccessRequest] {
        calls.append(.listRequests)
        return pendingRequests
    }

    public func closeAccessRequests(_ request: CloseAccessRequests) async throws {
        calls.append(.close(request.requestIDs))
        try check(request.requestIDs, limit: AccessRequestLimits.close)
        pendingRequests.removeAll { request.requestIDs.contains($0.requestID) }
    }

    public func cancelAccessRequests(requestIDs: [String], comment: String) async throws {
        calls.append(.cancel(requestIDs))
        try check(requestIDs, limit: AccessRequestLimits.cancel)
        pendingRequests.removeAll { requestIDs.contains($0.requestID) }
    }

    public func approveAccessRequests(approvalIDs: [String], comment: String) async throws {
        calls.append(.approve(approvalIDs))
        guard (1...AccessRequestLimits.approve).contains(approvalIDs.count) else {
            throw InMemoryTenantError.overLimit(approvalIDs.count)
        }
        var approvedLast: Set<Int> = []
        for index in pendingRequests.indices
        where pendingRequests[index].approvalIDs.contains(where: approvalIDs.contains) {
            pendingRequests[index].approvalIDs.removeAll { approvalIDs.contains($0) }
            if pendingRequests[index].approvalIDs.isEmpty { approvedLast.insert(index) }
        }
        // An item whose last pending approval was approved moves on to provisioning: no longer pending.
        pendingRequests = pendingRequests.enumerated().filter { !approvedLast.contains($0.offset) }.map(\.element)
    }

    private func check(_ ids: [String], limit: Int) throws {
        guard (1...limit).contains(ids.count) else { throw InMemoryTenantError.overLimit(ids.count) }
        let known = Set(pendingRequests.map(\.requestID))
        if let unknown = ids.first(where: { !known.contains($0) }) { throw InMemoryTenantError.unknownItem(unknown) }
    }
}

public enum InMemoryTenantError: Error, Equatable {
    case overLimit(Int)
    case refused(AccessKey)
    case unknownItem(String)
}
