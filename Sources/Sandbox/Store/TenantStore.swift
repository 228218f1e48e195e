import Foundation

/// The simulated tenant's state, shared by every request the sandbox serves.
///
/// An actor because concurrent requests read and write it. When it has a file, every successful write
/// is saved there (atomically, as JSON) before the request is answered, so `apply` in one process and
/// `plan` in the next see the same tenant.
public actor TenantStore {
    private var state: TenantSnapshot
    private let resetTarget: TenantSnapshot
    private let file: URL?

    /// A store that starts from `snapshot`.
    /// - Parameters:
    ///   - snapshot: The initial state; also what `reset()` returns to.
    ///   - file: Where to save the state after every write; `nil` keeps it in memory only.
    public init(snapshot: TenantSnapshot = .seeded(), persistingTo file: URL? = nil) {
        self.init(state: snapshot, resetTarget: snapshot, file: file)
    }

    /// Opens the tenant saved at `file`, or starts from `seed` when there is no file yet.
    ///
    /// The file is written on the first write (or `reset()`), not by opening it.
    /// - Throws: `TenantStoreError.unreadableFile` when the file exists but does not decode.
    public static func open(at file: URL, seed: TenantSnapshot = .seeded()) throws -> TenantStore {
        guard FileManager.default.fileExists(atPath: file.path) else {
            return TenantStore(snapshot: seed, persistingTo: file)
        }
        do {
            let data = try Data(contentsOf: file)
            let snapshot = try Timestamp.snapshotDecoder().decode(TenantSnapshot.self, from: data)
            return TenantStore(state: snapshot, resetTarget: seed, file: file)
        } catch {
            throw TenantStoreError.unreadableFile(path: file.path, reason: "\(error)")
        }
    }

    private init(state: TenantSnapshot, resetTarget: TenantSnapshot, file: URL?) {
        self.state = state
        self.resetTarget = resetTarget
        self.file = file
    }

    /// The whole state, with writes whose delay has passed applied.
    public func snapshot() -> TenantSnapshot {
        applyDueWrites(at: Date())
        return state
    }

    /// Returns to the initial snapshot (the built-in seed for a store opened from a file) and saves it.
    public func reset() throws {
        try commit(resetTarget)
    }

    /// Replaces the whole state (tests and the CLI's import use this) and saves it.
    public func replace(with snapshot: TenantSnapshot) throws {
        try commit(snapshot)
    }

    // MARK: - Reads used by the routes

    func commonAccessItems(at now: Date) -> [TenantSnapshot.CommonAccessItem] {
        applyDueWrites(at: now)
        return state.commonAccess
    }

    func roles() -> [TenantSnapshot.Role] {
        state.roles
    }

    func accessProfiles() -> [TenantSnapshot.AccessProfile] {
        state.accessProfiles
    }

    // MARK: - Writes used by the routes

    /// Adds a common-access item for a catalog role or access profile; name, description and owner come
    /// from the catalog.
    /// - Parameter delay: how long until `GET` shows it (ISC applies writes asynchronously).
    func createItem(
        type: TenantSnapshot.AccessType, accessID: String, status: TenantSnapshot.Status, at now: Date,
        visibleAfter delay: Duration
    ) throws(TenantStoreError) -> TenantSnapshot.CommonAccessItem {
        let now = now.wholeMilliseconds
        applyDueWrites(at: now)
        guard let catalogEntry = catalogEntry(type: type, id: accessID) else {
            throw .accessNotFound(type: type, id: accessID)
        }
        if let existing = knownItems().first(where: { $0.accessType == type && $0.accessID == accessID }) {
            throw .alreadyExists(type: type, id: accessID, itemID: existing.id)
        }
        let item = TenantSnapshot.CommonAccessItem(
            id: UUID().uuidString.lowercased(), accessType: type, accessID: accessID, name: catalogEntry.name,
            description: catalogEntry.description, ownerID: catalogEntry.owner.id, ownerName: catalogEntry.owner.name,
            status: status, lastUpdated: now, reviewedByUser: true, lastReviewed: now, createdByUser: true)
        var next = state
        if delay > .zero {
            next.pendingWrites.append(.init(visibleAt: now.adding(delay), change: .create(item: item)))
        } else {
            next.commonAccess.append(item)
        }
        try commit(next)
        return item
    }

    /// Sets the status of existing items, all or nothing.
    /// - Throws: `.unknownItemIDs` (and applies nothing) when any id is not an item of this tenant.
    func updateStatus(
        _ changes: [(ids: [String], status: TenantSnapshot.Status)], at now: Date, visibleAfter delay: Duration
    ) throws(TenantStoreError) {
        let now = now.wholeMilliseconds
        applyDueWrites(at: now)
        let known = Set(knownItems().map(\.id))
        var unknown: [String] = []
        for id in changes.flatMap(\.ids) where !known.contains(id) && !unknown.contains(id) {
            unknown.append(id)
        }
        guard unknown.isEmpty else { throw .unknownItemIDs(unknown) }

        var next = state
        for change in changes where !change.ids.isEmpty {
            if delay > .zero {
                next.pendingWrites.append(
                    .init(
                        visibleAt: now.adding(delay),
                        change: .setStatus(itemIDs: change.ids, status: change.status, reviewedAt: now)))
            } else {
                next.apply(status: change.status, to: change.ids, at: now)
            }
        }
        try commit(next)
    }

    // MARK: - Internals

    /// Visible items plus items whose create is accepted but not yet visible: the server knows both.
    private func knownItems() -> [TenantSnapshot.CommonAccessItem] {
        var items = state.commonAccess
        for write in state.pendingWrites {
            if case .create(let item) = write.change { items.append(item) }
        }
        return items
    }

    private func catalogEntry(
        type: TenantSnapshot.AccessType, id: String
    ) -> (name: String, description: String?, owner: TenantSnapshot.Owner)? {
        switch type {
        case .role:
            state.roles.first { $0.id == id }.map { ($0.name, $0.description, $0.owner) }
        case .accessProfile:
            state.accessProfiles.first { $0.id == id }.map { ($0.name, $0.description, $0.owner) }
        }
    }

    private func applyDueWrites(at now: Date) {
        guard state.pendingWrites.contains(where: { $0.visibleAt <= now }) else { return }
        var remaining: [TenantSnapshot.PendingWrite] = []
        for write in state.pendingWrites {
            guard write.visibleAt <= now else {
                remaining.append(write)
                continue
            }
            switch write.change {
            case .create(let item):
                state.commonAccess.append(item)
            case .setStatus(let ids, let status, let reviewedAt):
                state.apply(status: status, to: ids, at: reviewedAt)
            }
        }
        state.pendingWrites = remaining
    }

    /// Saves `next` (when there is a file) and only then makes it the state, so a failed save applies nothing.
    private func commit(_ next: TenantSnapshot) throws(TenantStoreError) {
        if let file {
            do {
                let data = try Timestamp.snapshotEncoder().encode(next)
                try FileManager.default.createDirectory(
                    at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: file, options: .atomic)
            } catch {
                throw .persistenceFailed(path: file.path, reason: "\(error)")
            }
        }
        state = next
    }
}

extension TenantSnapshot {
    /// Marks the items as reviewed by a user with `status`, as `update-status` does.
    mutating func apply(status: Status, to ids: [String], at date: Date) {
        let wanted = Set(ids)
        for index in commonAccess.indices where wanted.contains(commonAccess[index].id) {
            commonAccess[index].status = status
            commonAccess[index].reviewedByUser = true
            commonAccess[index].lastReviewed = date
            commonAccess[index].lastUpdated = date
        }
    }
}

extension Date {
    /// Truncated to whole milliseconds, the precision timestamps have on the wire and in the file, so a
    /// saved and reloaded tenant equals the one in memory.
    var wholeMilliseconds: Date {
        Timestamp.date(from: Timestamp.string(from: self)) ?? self
    }

    func adding(_ duration: Duration) -> Date {
        let (seconds, attoseconds) = duration.components
        return addingTimeInterval(Double(seconds) + Double(attoseconds) / 1e18).wholeMilliseconds
    }
}
