// The common-access writes: create (never doubled) and update-status (never re-sent once shown).

import AccessPolicy
import Foundation
import Logging

extension ISCClient {
    /// Adds one item (`POST /common-access`) and returns it as the tenant describes it.
    ///
    /// Accepts 200, 201 and 202. A create that fails with a 5xx, a network error or a 429 may still have taken
    /// effect, so before every retry the item is looked up (`filters=access.id eq "…"`, same type) and, if it is
    /// there now, returned instead of being posted again: a create is never doubled.
    ///
    /// A create answered "already exists" (ISC answers 409, some tenants 400) is looked up the same way: an item
    /// another run created meanwhile is returned as the tenant lists it, whatever its status, and the caller sets
    /// the status if it differs. Only when no such item is listed is the answer an error.
    public func createCommonAccess(_ request: NewCommonAccess) async throws -> LiveItem {
        let path = configuration.apiVersion.path("common-access")
        let post = APIRequest(method: .post, path: path, body: try Self.encodeJSON(CreateCommonAccessWire(request)))
        let key = request.access.key
        let outcome: CreateOutcome
        do {
            outcome = try await send(
                post, accepting: [200, 201, 202],
                recheck: { try await findCommonAccess(key, path: path).map { .done(.created($0)) } ?? .unknown },
                decode: { response in
                    guard !response.body.isEmpty,
                        let wire = try? JSONDecoder().decode(CommonAccessItemWire.self, from: Data(response.body)),
                        let item = Self.createdItem(wire, request: request)
                    else { return CreateOutcome.acceptedWithoutItem }
                    return .created(item)
                })
        } catch let error as ISCError where error.status == 409 || error.status == 400 {
            // A look-up that fails too leaves the create's own answer as the error to report.
            guard let listed = try? await findCommonAccess(key, path: path) else { throw error }
            logger.debug("POST \(path): \(key) is already on the list (\(error.status ?? 0)); taking the listed item")
            return listed
        }
        if case .created(let item) = outcome { return item }
        // The tenant accepted the create without saying what it made: read the item back.
        if let listed = try await findCommonAccess(key, path: path) { return listed }
        throw ISCError(
            kind: .badResponse, method: "POST", path: path,
            message:
                "the create of \(key) was accepted, but the response names no item and the list does not show it yet",
            hint: "run plan again in a moment; the tenant may still be processing the create")
    }

    enum CreateOutcome: Sendable {
        case created(LiveItem)
        case acceptedWithoutItem
    }

    /// The item a create response describes, filling what the response leaves out from the request.
    static func createdItem(_ wire: CommonAccessItemWire, request: NewCommonAccess) -> LiveItem? {
        guard let id = wire.id, !id.isEmpty else { return nil }
        var access = request.access
        if let returned = wire.access?.reference(), returned.key == request.access.key {
            access = AccessReference(
                type: returned.type, id: returned.id, name: returned.name ?? access.name,
                description: returned.description ?? access.description,
                ownerID: returned.ownerID ?? access.ownerID, ownerName: returned.ownerName ?? access.ownerName)
        }
        return LiveItem(
            id: id, access: access, status: wire.status.map(CommonAccessStatus.init(rawValue:)) ?? request.status,
            reviewedByUser: wire.reviewedByUser, lastUpdated: wire.lastUpdated)
    }

    /// The live item for `key`, looked up with `filters=access.id eq "…"` and matched on type too.
    func findCommonAccess(_ key: AccessKey, path: String) async throws -> LiveItem? {
        let request = APIRequest(
            method: .get, path: path,
            query: [
                ("offset", "0"), ("limit", "250"), ("filters", FilterExpression.equals("access.id", key.id)),
            ])
        let items = try await send(request, accepting: [200]) { try decodeCommonAccessPage($0, for: request) }
        return items.first { $0.key == key }
    }

    /// Confirms and denies items by item id in one `POST /common-access/update-status`.
    ///
    /// The body is a JSON array with one `{"confirmedIds": […], "deniedIds": […]}`. Accepts 200, 202 and 204.
    /// An attempt that failed with a 5xx or no answer may still have taken effect, so before its retry the list is
    /// read, and ids that already show their target status are not sent again (none left: nothing is sent). After
    /// a 429 the batch is simply sent again: setting a status twice does no harm. An empty batch sends nothing.
    public func updateStatus(_ batch: StatusBatch) async throws {
        guard batch.count > 0 else { return }
        let path = configuration.apiVersion.path("common-access", "/update-status")
        try await send(
            try updateRequest(batch, path: path), accepting: [200, 202, 204],
            recheck: {
                // A list that cannot be read says nothing: the batch is sent again (setting a status is idempotent).
                guard let live = try? await listCommonAccess() else { return .unknown }
                let rest = Self.notShown(batch, in: live)
                if rest.count == 0 { return .done(()) }
                return rest.count == batch.count ? .unknown : .resend(try updateRequest(rest, path: path))
            }, recheckAfterRateLimit: false, decode: { _ in () })
    }

    private func updateRequest(_ batch: StatusBatch, path: String) throws -> APIRequest {
        let body = try Self.encodeJSON([
            CommonAccessIDStatusWire(confirmedIds: batch.confirmedIDs, deniedIds: batch.deniedIDs)
        ])
        return APIRequest(method: .post, path: path, body: body)
    }

    /// The part of `batch` that `live` does not show with the status the batch sets.
    static func notShown(_ batch: StatusBatch, in live: [LiveItem]) -> StatusBatch {
        let status = Dictionary(live.map { ($0.id, $0.status) }) { first, _ in first }
        return StatusBatch(
            confirmedIDs: batch.confirmedIDs.filter { status[$0] != .confirmed },
            deniedIDs: batch.deniedIDs.filter { status[$0] != .denied })
    }

    static func encodeJSON(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }
}
