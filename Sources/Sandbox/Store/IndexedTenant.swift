import Foundation

/// A `TenantSnapshot` together with the indexes that keep every request O(page), O(batch) or O(log N).
///
/// The sandbox serves benchmarks with 100,000 items and as many catalog entries; a store that scans or
/// sorts the whole tenant per request would cost the server more CPU than the client being measured.
/// So the snapshot stays the one source of truth (what is persisted and what `TenantStore.snapshot()`
/// returns), changed in place, and these indexes follow every change:
/// - items by id and, for visible items and accepted-but-pending creates, by (type, access id), so a
///   create checks for a duplicate and an update checks its ids without a scan;
/// - each collection's default order and exact-match indexes (`RecordListing`);
/// - requested items by identity request id and by approval id, for the access-request writes, and the
///   state that accepted-but-not-yet-visible access-request writes will leave them in.
///
/// Items are only ever appended (the API has no delete), and access requests are only changed in place, so
/// positions into `snapshot.commonAccess` and `snapshot.accessRequests` stay valid. A whole new snapshot
/// (`replace`, `reset`) builds a new `IndexedTenant`.
struct IndexedTenant: Sendable {
    private struct AccessKey: Hashable {
        var type: TenantSnapshot.AccessType
        var id: String
    }

    private(set) var snapshot: TenantSnapshot

    private var items: RecordListing<TenantSnapshot.CommonAccessItem>
    private var roles: RecordListing<TenantSnapshot.Role>
    private var accessProfiles: RecordListing<TenantSnapshot.AccessProfile>
    /// Visible items by their exact id.
    private var itemPositions: PositionIndex
    /// Ids of the items whose create is accepted but not yet visible.
    private var pendingCreateIDs: Set<String> = []
    /// The item id for each (type, access id) the tenant knows, visible or pending; the first one wins.
    private var knownItemIDs: [AccessKey: String] = [:]
    /// The earliest `visibleAt` of the pending writes; `nil` when there are none.
    private var nextVisibleAt: Date?
    /// Whether `pendingWrites` is sorted by `visibleAt` (it is whenever every write had the same delay),
    /// so the due writes are a prefix.
    private var pendingWritesInVisibleOrder = true

    private var accessRequests: RecordListing<TenantSnapshot.AccessRequestItem>
    /// Requested items by their identity request id (`accessRequestId`), exactly.
    private var requestItemPositions: PositionIndex
    /// The requested item that holds each approval, by approval id.
    private var approvalItemPositions: [String: Int] = [:]
    /// Requested items as the accepted writes leave them, for the items that pending writes touch: writes
    /// are checked against this, so a cancel accepted a moment ago is not accepted again before it shows.
    private var acceptedRequests: [Int: TenantSnapshot.AccessRequestItem] = [:]
    /// How many pending writes touch each item in `acceptedRequests`.
    private var pendingTouches: [Int: Int] = [:]

    init(_ snapshot: TenantSnapshot) {
        self.snapshot = snapshot
        items = RecordListing(snapshot.commonAccess)
        roles = RecordListing(snapshot.roles)
        accessProfiles = RecordListing(snapshot.accessProfiles)
        itemPositions = PositionIndex(keys: snapshot.commonAccess.lazy.map(\.id))
        accessRequests = RecordListing(snapshot.accessRequests)
        requestItemPositions = PositionIndex(keys: snapshot.accessRequests.lazy.map(\.accessRequestID))
        for (position, item) in snapshot.accessRequests.enumerated() {
            for approval in item.approvals where approvalItemPositions[approval.id] == nil {
                approvalItemPositions[approval.id] = position
            }
        }
        knownItemIDs.reserveCapacity(snapshot.commonAccess.count)
        for item in snapshot.commonAccess {
            let key = AccessKey(type: item.accessType, id: item.accessID)
            if knownItemIDs[key] == nil { knownItemIDs[key] = item.id }
        }
        var previous: Date?
        for write in snapshot.pendingWrites {
            if case .create(let item) = write.change {
                pendingCreateIDs.insert(item.id)
                let key = AccessKey(type: item.accessType, id: item.accessID)
                if knownItemIDs[key] == nil { knownItemIDs[key] = item.id }
            }
            acceptAccessRequestChange(write.change)
            if let previous, write.visibleAt < previous { pendingWritesInVisibleOrder = false }
            previous = write.visibleAt
            nextVisibleAt = min(nextVisibleAt ?? write.visibleAt, write.visibleAt)
        }
    }

    // MARK: - Reads

    mutating func commonAccessPage(
        filter: FilterExpression?, sorting: Sorting, offset: Int, limit: Int
    ) -> ListPage<TenantSnapshot.CommonAccessItem> {
        items.page(of: snapshot.commonAccess, filter: filter, sorting: sorting, offset: offset, limit: limit)
    }

    /// A page of roles, and the names of the access profiles they reference (for `accessProfiles[].name`).
    mutating func rolePage(
        filter: FilterExpression?, sorting: Sorting, offset: Int, limit: Int
    ) -> (page: ListPage<TenantSnapshot.Role>, accessProfileNames: [String: String]) {
        let page = roles.page(of: snapshot.roles, filter: filter, sorting: sorting, offset: offset, limit: limit)
        var names: [String: String] = [:]
        for id in page.elements.lazy.flatMap(\.accessProfileIDs) where names[id] == nil {
            if let profile = accessProfile(id: id) { names[id] = profile.name }
        }
        return (page, names)
    }

    mutating func accessProfilePage(
        filter: FilterExpression?, sorting: Sorting, offset: Int, limit: Int
    ) -> ListPage<TenantSnapshot.AccessProfile> {
        accessProfiles.page(
            of: snapshot.accessProfiles, filter: filter, sorting: sorting, offset: offset, limit: limit)
    }

    mutating func accessRequestPage(
        filter: FilterExpression?, sorting: Sorting, offset: Int, limit: Int
    ) -> ListPage<TenantSnapshot.AccessRequestItem> {
        accessRequests.page(
            of: snapshot.accessRequests, filter: filter, sorting: sorting, offset: offset, limit: limit)
    }

    /// Positions of the requested items of identity request `id` (exact match).
    func accessRequestPositions(requestID id: String) -> [Int] {
        requestItemPositions.positions(for: id)
    }

    /// Position of the requested item that holds approval `id`.
    func accessRequestPosition(approvalID id: String) -> Int? {
        approvalItemPositions[id]
    }

    /// The requested item whose own id (`id` on the wire) is `id`.
    func accessRequestItem(id: String) -> TenantSnapshot.AccessRequestItem? {
        accessRequests.positions(whereField: "id", equals: id).lazy.map { snapshot.accessRequests[$0] }
            .first { $0.id == id }
    }

    /// The requested item at `position` as the writes accepted so far leave it (visible or not).
    func acceptedAccessRequest(at position: Int) -> TenantSnapshot.AccessRequestItem {
        acceptedRequests[position] ?? snapshot.accessRequests[position]
    }

    /// The catalog entry a create names: the first role or access profile with exactly this id.
    func catalogEntry(
        type: TenantSnapshot.AccessType, id: String
    ) -> (name: String, description: String?, owner: TenantSnapshot.Owner)? {
        switch type {
        case .role:
            roles.positions(whereField: "id", equals: id).lazy.map { snapshot.roles[$0] }.first { $0.id == id }
                .map { ($0.name, $0.description, $0.owner) }
        case .accessProfile:
            accessProfile(id: id).map { ($0.name, $0.description, $0.owner) }
        }
    }

    private func accessProfile(id: String) -> TenantSnapshot.AccessProfile? {
        accessProfiles.positions(whereField: "id", equals: id).lazy.map { snapshot.accessProfiles[$0] }
            .first { $0.id == id }
    }

    /// The id of the item for this role or access profile, visible or pending.
    func knownItemID(type: TenantSnapshot.AccessType, accessID: String) -> String? {
        knownItemIDs[AccessKey(type: type, id: accessID)]
    }

    /// Whether `id` is an item of this tenant, visible or pending.
    func knowsItem(id: String) -> Bool {
        itemPositions.firstPosition(for: id) != nil || pendingCreateIDs.contains(id)
    }

    // MARK: - Writes

    /// Makes `item` visible now.
    mutating func append(_ item: TenantSnapshot.CommonAccessItem) {
        let position = snapshot.commonAccess.count
        snapshot.commonAccess.append(item)
        items.inserted(position, in: snapshot.commonAccess)
        itemPositions.insert(position, for: item.id)
        pendingCreateIDs.remove(item.id)
        let key = AccessKey(type: item.accessType, id: item.accessID)
        if knownItemIDs[key] == nil { knownItemIDs[key] = item.id }
    }

    /// Accepts a write that becomes visible at `write.visibleAt`.
    mutating func enqueue(_ write: TenantSnapshot.PendingWrite) {
        if let last = snapshot.pendingWrites.last, write.visibleAt < last.visibleAt {
            pendingWritesInVisibleOrder = false
        }
        snapshot.pendingWrites.append(write)
        acceptAccessRequestChange(write.change)
        nextVisibleAt = min(nextVisibleAt ?? write.visibleAt, write.visibleAt)
        if case .create(let item) = write.change {
            pendingCreateIDs.insert(item.id)
            let key = AccessKey(type: item.accessType, id: item.accessID)
            if knownItemIDs[key] == nil { knownItemIDs[key] = item.id }
        }
    }

    /// Marks the visible items with these ids as reviewed by a user with `status`, as `update-status`
    /// does; ids of items that are not visible (yet) are skipped.
    mutating func setStatus(_ status: TenantSnapshot.Status, of ids: [String], at date: Date) {
        var changed = false
        for id in ids {
            for position in itemPositions.positions(for: id) {
                snapshot.commonAccess[position].status = status
                snapshot.commonAccess[position].reviewedByUser = true
                snapshot.commonAccess[position].lastReviewed = date
                snapshot.commonAccess[position].lastUpdated = date
                changed = true
            }
        }
        if changed { items.recordsChanged() }
    }

    /// Applies, in the order they were accepted, the pending writes whose `visibleAt` has come.
    ///
    /// O(1) when none is due. Otherwise O(due writes) plus moving the rest of the queue up when it is in
    /// visible order (the normal case), or one pass over the queue when it is not.
    mutating func applyDueWrites(at now: Date) {
        guard let next = nextVisibleAt, next <= now else { return }
        let due: [TenantSnapshot.PendingWrite]
        if pendingWritesInVisibleOrder {
            let end = snapshot.pendingWrites.firstIndex { $0.visibleAt > now } ?? snapshot.pendingWrites.endIndex
            due = Array(snapshot.pendingWrites[..<end])
            snapshot.pendingWrites.removeFirst(end)
            nextVisibleAt = snapshot.pendingWrites.first?.visibleAt
        } else {
            var remaining: [TenantSnapshot.PendingWrite] = []
            var ready: [TenantSnapshot.PendingWrite] = []
            for write in snapshot.pendingWrites {
                if write.visibleAt <= now { ready.append(write) } else { remaining.append(write) }
            }
            due = ready
            snapshot.pendingWrites = remaining
            nextVisibleAt = remaining.lazy.map(\.visibleAt).min()
        }
        if snapshot.pendingWrites.isEmpty { pendingWritesInVisibleOrder = true }
        for write in due {
            switch write.change {
            case .create(let item):
                append(item)
            case .setStatus(let ids, let status, let reviewedAt):
                setStatus(status, of: ids, at: reviewedAt)
            case .closeAccessRequests, .cancelAccessRequests, .approveAccessRequests:
                applyAccessRequestChange(write.change)
                for position in accessRequestPositions(touchedBy: write.change) {
                    let remaining = (pendingTouches[position] ?? 1) - 1
                    if remaining > 0 {
                        pendingTouches[position] = remaining
                    } else {
                        pendingTouches[position] = nil
                        acceptedRequests[position] = nil
                    }
                }
            }
        }
    }

    // MARK: - Access-request writes

    /// Makes an access-request close, cancel or approve visible now; other changes are ignored.
    mutating func applyAccessRequestChange(_ change: TenantSnapshot.PendingWrite.Change) {
        let positions = accessRequestPositions(touchedBy: change)
        guard !positions.isEmpty else { return }
        for position in positions {
            Self.apply(change, to: &snapshot.accessRequests[position])
        }
        accessRequests.recordsChanged()
    }

    /// Records what an accepted, not yet visible access-request write will do.
    private mutating func acceptAccessRequestChange(_ change: TenantSnapshot.PendingWrite.Change) {
        for position in accessRequestPositions(touchedBy: change) {
            var item = acceptedAccessRequest(at: position)
            Self.apply(change, to: &item)
            acceptedRequests[position] = item
            pendingTouches[position, default: 0] += 1
        }
    }

    /// The requested items a change affects, each once: every item of the identity requests a close or
    /// cancel names, the items holding the approvals an approve names.
    private func accessRequestPositions(touchedBy change: TenantSnapshot.PendingWrite.Change) -> [Int] {
        var positions: [Int]
        switch change {
        case .closeAccessRequests(let ids, _), .cancelAccessRequests(let ids, _):
            positions = ids.flatMap { requestItemPositions.positions(for: $0) }
        case .approveAccessRequests(let ids, _):
            positions = ids.compactMap { approvalItemPositions[$0] }
        case .create, .setStatus:
            return []
        }
        var seen: Set<Int> = []
        positions.removeAll { !seen.insert($0).inserted }
        return positions
    }

    private static func apply(
        _ change: TenantSnapshot.PendingWrite.Change, to item: inout TenantSnapshot.AccessRequestItem
    ) {
        switch change {
        case .closeAccessRequests(_, let closure): item.close(closure)
        case .cancelAccessRequests(_, let cancellation): item.cancel(cancellation)
        case .approveAccessRequests(let ids, let decision): item.approve(Set(ids), decision)
        case .create, .setStatus: break
        }
    }
}
