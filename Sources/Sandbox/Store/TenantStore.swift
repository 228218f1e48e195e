import Foundation

/// The simulated tenant's state, shared by every request the sandbox serves.
///
/// An actor because concurrent requests read and write it. When it has a file, every successful write
/// is saved there (atomically, as JSON) before the request is answered, so `apply` in one process and
/// `plan` in the next see the same tenant.
///
/// Without a file it serves benchmarks of 100,000 items: the state is changed in place and indexed
/// (`IndexedTenant`), so a page in the default order, a look-up by `access.id`, a create and an update
/// cost O(page), O(log N) or O(batch), never a pass over the tenant; other filters and sorters scan (and
/// sort) once and are cached until the next write (`RecordListing`). Building the indexes is O(N log N),
/// once per `init`, `replace` or `reset`.
public actor TenantStore {
    private var tenant: IndexedTenant
    private let resetTarget: TenantSnapshot
    private let file: URL?
    /// The date ``snapshot()`` shows the tenant at (writes whose delay has passed are applied by then): the same
    /// as the served sandbox's ``SandboxTime`` in tests that move time by hand.
    private let now: @Sendable () -> Date

    /// A store that starts from `snapshot`.
    /// - Parameters:
    ///   - snapshot: The initial state; also what `reset()` returns to.
    ///   - file: Where to save the state after every write (O(N) each); `nil` keeps it in memory only, and
    ///     writes then cost O(log N) or O(batch).
    public init(
        snapshot: TenantSnapshot = .seeded(), persistingTo file: URL? = nil,
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.init(state: snapshot, resetTarget: snapshot, file: file, now: now)
    }

    /// Opens the tenant saved at `file`, or starts from `seed` when there is no file yet.
    ///
    /// The file is written on the first write (or `reset()`), not by opening it.
    /// - Throws: `TenantStoreError.unreadableFile` when the file exists but does not decode.
    public static func open(
        at file: URL, seed: TenantSnapshot = .seeded(), now: @escaping @Sendable () -> Date = Date.init
    ) throws -> TenantStore {
        guard FileManager.default.fileExists(atPath: file.path) else {
            return TenantStore(snapshot: seed, persistingTo: file, now: now)
        }
        do {
            let data = try Data(contentsOf: file)
            let snapshot = try Timestamp.snapshotDecoder().decode(TenantSnapshot.self, from: data)
            return TenantStore(state: snapshot, resetTarget: seed, file: file, now: now)
        } catch {
            throw TenantStoreError.unreadableFile(path: file.path, reason: FileErrorText.plain(error))
        }
    }

    private init(
        state: TenantSnapshot, resetTarget: TenantSnapshot, file: URL?, now: @escaping @Sendable () -> Date
    ) {
        self.tenant = IndexedTenant(state)
        self.resetTarget = resetTarget
        self.file = file
        self.now = now
    }

    /// The whole state, with writes whose delay has passed applied.
    ///
    /// Cheap to take (the arrays are shared), but the next write while a caller still holds the value
    /// copies the state once: meant for tests and tools, not for every request.
    public func snapshot() -> TenantSnapshot {
        tenant.applyDueWrites(at: now())
        return tenant.snapshot
    }

    /// Returns to the initial snapshot (the built-in seed for a store opened from a file) and saves it.
    public func reset() throws {
        try commit(IndexedTenant(resetTarget))
    }

    /// Replaces the whole state (tests and the CLI's import use this) and saves it.
    public func replace(with snapshot: TenantSnapshot) throws {
        try commit(IndexedTenant(snapshot))
    }

    // MARK: - Reads used by the routes

    func commonAccessPage(
        filter: FilterExpression?, sorting: Sorting, offset: Int, limit: Int, at now: Date
    ) -> ListPage<TenantSnapshot.CommonAccessItem> {
        tenant.applyDueWrites(at: now)
        return tenant.commonAccessPage(filter: filter, sorting: sorting, offset: offset, limit: limit)
    }

    func rolePage(
        filter: FilterExpression?, sorting: Sorting, offset: Int, limit: Int
    ) -> (page: ListPage<TenantSnapshot.Role>, accessProfileNames: [String: String]) {
        tenant.rolePage(filter: filter, sorting: sorting, offset: offset, limit: limit)
    }

    func accessProfilePage(
        filter: FilterExpression?, sorting: Sorting, offset: Int, limit: Int
    ) -> ListPage<TenantSnapshot.AccessProfile> {
        tenant.accessProfilePage(filter: filter, sorting: sorting, offset: offset, limit: limit)
    }

    func accessRequestPage(
        filter: FilterExpression?, sorting: Sorting, offset: Int, limit: Int, at now: Date
    ) -> ListPage<TenantSnapshot.AccessRequestItem> {
        tenant.applyDueWrites(at: now)
        return tenant.accessRequestPage(filter: filter, sorting: sorting, offset: offset, limit: limit)
    }

    // MARK: - Writes used by the routes

    /// Adds a common-access item for a catalog role or access profile; name, description and owner come
    /// from the catalog. O(log N) without a file.
    /// - Parameter delay: how long until `GET` shows it (ISC applies writes asynchronously).
    func createItem(
        type: TenantSnapshot.AccessType, accessID: String, status: TenantSnapshot.Status, at now: Date,
        visibleAfter delay: Duration
    ) throws(TenantStoreError) -> TenantSnapshot.CommonAccessItem {
        let now = now.wholeMilliseconds
        tenant.applyDueWrites(at: now)
        guard let catalogEntry = tenant.catalogEntry(type: type, id: accessID) else {
            throw .accessNotFound(type: type, id: accessID)
        }
        if let existing = tenant.knownItemID(type: type, accessID: accessID) {
            throw .alreadyExists(type: type, id: accessID, itemID: existing)
        }
        let item = TenantSnapshot.CommonAccessItem(
            id: UUID().uuidString.lowercased(), accessType: type, accessID: accessID, name: catalogEntry.name,
            description: catalogEntry.description, ownerID: catalogEntry.owner.id, ownerName: catalogEntry.owner.name,
            status: status, lastUpdated: now, reviewedByUser: true, lastReviewed: now, createdByUser: true)
        try write { tenant in
            if delay > .zero {
                tenant.enqueue(.init(visibleAt: now.adding(delay), change: .create(item: item)))
            } else {
                tenant.append(item)
            }
        }
        return item
    }

    /// Sets the status of existing items, all or nothing. O(ids) without a file.
    /// - Throws: `.unknownItemIDs` (and applies nothing) when any id is not an item of this tenant.
    func updateStatus(
        _ changes: [(ids: [String], status: TenantSnapshot.Status)], at now: Date, visibleAfter delay: Duration
    ) throws(TenantStoreError) {
        let now = now.wholeMilliseconds
        tenant.applyDueWrites(at: now)
        var unknown: [String] = []
        var reported: Set<String> = []
        for id in changes.lazy.flatMap(\.ids) where !tenant.knowsItem(id: id) && reported.insert(id).inserted {
            unknown.append(id)
        }
        guard unknown.isEmpty else { throw .unknownItemIDs(unknown) }

        try write { tenant in
            for change in changes where !change.ids.isEmpty {
                if delay > .zero {
                    tenant.enqueue(
                        .init(
                            visibleAt: now.adding(delay),
                            change: .setStatus(itemIDs: change.ids, status: change.status, reviewedAt: now)))
                } else {
                    tenant.setStatus(change.status, of: change.ids, at: now)
                }
            }
        }
    }

    /// Closes every pending item of these identity requests, all or nothing. Identity requests with nothing
    /// left pending are skipped (the close of a finished request changes nothing), so a retried close is
    /// harmless. O(items of those requests) without a file.
    /// - Throws: `.unknownAccessRequestIDs` (and applies nothing) when any id is not an identity request.
    func closeAccessRequests(
        _ requestIDs: [String], message: String, executionStatus: TenantSnapshot.CloseExecutionStatus,
        completionStatus: TenantSnapshot.CloseCompletionStatus, at now: Date, visibleAfter delay: Duration
    ) throws(TenantStoreError) {
        let now = now.wholeMilliseconds
        tenant.applyDueWrites(at: now)
        try checkKnown(requestIDs: requestIDs)
        let open = requestIDs.filter { id in
            tenant.accessRequestPositions(requestID: id).contains { tenant.acceptedAccessRequest(at: $0).isPending }
        }
        guard !open.isEmpty else { return }
        let closure = TenantSnapshot.AccessRequestClosure(
            message: message, executionStatus: executionStatus, completionStatus: completionStatus, closed: now)
        try accept(.closeAccessRequests(requestIDs: open, closure: closure), at: now, visibleAfter: delay)
    }

    /// Cancels every item of these identity requests, all or nothing. Requests already cancelled are skipped,
    /// so a retried cancel is harmless.
    /// - Throws: `.unknownAccessRequestIDs` for ids that are not identity requests, then
    ///   `.accessRequestsNotCancelable` for requests with an item past its approval step or with nothing
    ///   pending that was not cancelled; either way nothing is applied.
    func cancelAccessRequests(
        _ requestIDs: [String], comment: String, at now: Date, visibleAfter delay: Duration
    ) throws(TenantStoreError) {
        let now = now.wholeMilliseconds
        tenant.applyDueWrites(at: now)
        try checkKnown(requestIDs: requestIDs)
        var refusals: [TenantStoreError.Refusal] = []
        var open: [String] = []
        for id in requestIDs {
            let items = tenant.accessRequestPositions(requestID: id).map { tenant.acceptedAccessRequest(at: $0) }
            let pending = items.filter(\.isPending)
            if let stuck = pending.first(where: { !$0.cancelable }) {
                refusals.append(
                    .init(id: id, reason: "\(stuck.name) has passed the approval step; close the request instead"))
            } else if !pending.isEmpty {
                open.append(id)
            } else if !items.allSatisfy({ $0.state == .cancelled }) {
                let states = Set(items.map(\.state.rawValue)).sorted().joined(separator: ", ")
                refusals.append(.init(id: id, reason: "no longer pending: \(states)"))
            }
        }
        guard refusals.isEmpty else { throw .accessRequestsNotCancelable(refusals) }
        guard !open.isEmpty else { return }
        let cancellation = TenantSnapshot.AccessRequestCancellation(
            comment: comment, owner: .sandboxAdministrator, modified: now)
        try accept(.cancelAccessRequests(requestIDs: open, cancellation: cancellation), at: now, visibleAfter: delay)
    }

    /// Approves these approvals, all or nothing; an item whose approvals are then all approved completes.
    /// - Throws: `.unknownApprovalIDs` for ids that are no approval, then `.approvalsNotPending` for approvals
    ///   already decided (or whose request was closed or cancelled); either way nothing is applied.
    func approveAccessRequests(
        _ approvalIDs: [String], comment: String, at now: Date, visibleAfter delay: Duration
    ) throws(TenantStoreError) {
        let now = now.wholeMilliseconds
        tenant.applyDueWrites(at: now)
        let unknown = approvalIDs.filter { tenant.accessRequestPosition(approvalID: $0) == nil }
        guard unknown.isEmpty else { throw .unknownApprovalIDs(unknown, hint: misplacedIDHint(unknown)) }
        var refusals: [TenantStoreError.Refusal] = []
        for id in approvalIDs {
            guard let position = tenant.accessRequestPosition(approvalID: id) else { continue }
            let item = tenant.acceptedAccessRequest(at: position)
            guard let approval = item.approvals.first(where: { $0.id == id }) else { continue }
            if approval.status != .pending {
                refusals.append(.init(id: id, reason: "already \(approval.status.rawValue) for \(item.name)"))
            } else if !item.isPending {
                refusals.append(.init(id: id, reason: "the request for \(item.name) is \(item.state.rawValue)"))
            }
        }
        guard refusals.isEmpty else { throw .approvalsNotPending(refusals) }
        let decision = TenantSnapshot.ApprovalDecision(comment: comment, decided: now)
        try accept(.approveAccessRequests(approvalIDs: approvalIDs, decision: decision), at: now, visibleAfter: delay)
    }

    private func checkKnown(requestIDs: [String]) throws(TenantStoreError) {
        let unknown = requestIDs.filter { tenant.accessRequestPositions(requestID: $0).isEmpty }
        guard unknown.isEmpty else { throw .unknownAccessRequestIDs(unknown, hint: misplacedIDHint(unknown)) }
    }

    /// Says which of `ids` are another kind of access-request id, the usual mix-up of the three.
    private func misplacedIDHint(_ ids: [String]) -> String? {
        var notes: [String] = []
        for id in ids {
            if let item = tenant.accessRequestItem(id: id) {
                notes.append(
                    "\(id) is the id of the requested item \(item.name), whose accessRequestId is \(item.accessRequestID)"
                )
            } else if let position = tenant.accessRequestPositions(requestID: id).first {
                let item = tenant.acceptedAccessRequest(at: position)
                notes.append(
                    "\(id) is the accessRequestId of the request for \(item.name), whose approvalIds are "
                        + item.approvals.map(\.id).joined(separator: ", "))
            }
        }
        return notes.isEmpty ? nil : notes.joined(separator: "; ")
    }

    /// Applies an access-request write now, or queues it for `delay` (ISC applies writes asynchronously).
    private func accept(
        _ change: TenantSnapshot.PendingWrite.Change, at now: Date, visibleAfter delay: Duration
    ) throws(TenantStoreError) {
        try write { tenant in
            if delay > .zero {
                tenant.enqueue(.init(visibleAt: now.adding(delay), change: change))
            } else {
                tenant.applyAccessRequestChange(change)
            }
        }
    }

    // MARK: - Internals

    /// Applies `change` in place, then saves the state when there is a file; a failed save restores the
    /// state from before the change, so a write that was not saved was not applied either.
    ///
    /// Without a file this is O(change). With one, keeping the previous state makes the change copy the
    /// arrays it touches (O(N)), which saving the whole file costs anyway: the file is for the small demo
    /// tenant of the CLI, not for benchmarks.
    private func write(_ change: (inout IndexedTenant) -> Void) throws(TenantStoreError) {
        guard let file else {
            change(&tenant)
            return
        }
        let previous = tenant
        change(&tenant)
        do {
            try save(tenant.snapshot, to: file)
        } catch {
            tenant = previous
            throw error
        }
    }

    /// Saves `next` (when there is a file) and only then makes it the state, so a failed save applies nothing.
    private func commit(_ next: IndexedTenant) throws(TenantStoreError) {
        if let file { try save(next.snapshot, to: file) }
        tenant = next
    }

    private func save(_ snapshot: TenantSnapshot, to file: URL) throws(TenantStoreError) {
        do {
            let data = try Timestamp.snapshotEncoder().encode(snapshot)
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: file, options: .atomic)
        } catch {
            throw .persistenceFailed(path: file.path, reason: FileErrorText.plain(error))
        }
    }
}

extension Date {
    /// Truncated to whole milliseconds, the precision timestamps have on the wire and in the file, so a
    /// saved and reloaded tenant equals the one in memory.
    var wholeMilliseconds: Date {
        Timestamp.wholeMilliseconds(self)
    }

    func adding(_ duration: Duration) -> Date {
        let (seconds, attoseconds) = duration.components
        return addingTimeInterval(Double(seconds) + Double(attoseconds) / 1e18).wholeMilliseconds
    }
}
