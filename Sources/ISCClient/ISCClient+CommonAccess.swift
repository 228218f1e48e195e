import AccessPolicy
import Foundation
import Logging

extension ISCClient {
    /// Adds one item (`POST /common-access`) and returns it as the tenant describes it.
    ///
    /// Accepts 200, 201 and 202. A create that fails with a 5xx, a network error or a 429 may still have taken
    /// effect, so before every retry the item is looked up (`filters=access.id eq "…"`, same type) and, if it is
    /// there now, returned instead of being posted again: a create is never doubled.
    public func createCommonAccess(_ request: NewCommonAccess) async throws -> LiveItem {
        let path = configuration.apiVersion.path("common-access")
        let post = APIRequest(method: .post, path: path, body: try Self.encodeJSON(CreateCommonAccessWire(request)))
        let key = request.access.key
        let outcome = try await send(
            post, accepting: [200, 201, 202],
            alreadyDone: { try await findCommonAccess(key, path: path).map(CreateOutcome.created) },
            decode: { response in
                guard !response.body.isEmpty,
                    let wire = try? JSONDecoder().decode(CommonAccessItemWire.self, from: Data(response.body)),
                    let item = Self.createdItem(wire, request: request)
                else { return CreateOutcome.acceptedWithoutItem }
                return .created(item)
            })
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
    /// Setting a status is idempotent, so 5xx and network errors are simply retried. An empty batch sends nothing.
    public func updateStatus(_ batch: StatusBatch) async throws {
        guard batch.count > 0 else { return }
        let path = configuration.apiVersion.path("common-access", "/update-status")
        let body = try Self.encodeJSON([
            CommonAccessIDStatusWire(confirmedIds: batch.confirmedIDs, deniedIds: batch.deniedIDs)
        ])
        let request = APIRequest(method: .post, path: path, body: body)
        try await send(request, accepting: [200, 202, 204]) { _ in () }
    }

    static func encodeJSON(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }
}
