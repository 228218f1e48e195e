// The two item shapes are written with `JSONWriter` rather than `JSONEncoder`: a full listing of a large
// tenant is hundreds of pages of 250 items, and a bulk create thousands of answers. Keys are written in
// sorted order, as `JSONResponse` writes every other body.

/// `CommonAccessItemAccess` as ISC sends it. `description` is written as `null` when absent (nullable in
/// the spec), so clients meet the null they must handle.
struct CommonAccessItemAccessWire {
    var item: TenantSnapshot.CommonAccessItem

    func write(to json: inout JSONWriter) {
        json.raw(#"{"description":"#)
        json.string(item.description)
        json.raw(#","id":"#)
        json.string(item.accessID)
        json.raw(#","name":"#)
        json.string(item.name)
        json.raw(#","ownerId":"#)
        json.string(item.ownerID)
        json.raw(#","ownerName":"#)
        json.string(item.ownerName)
        json.raw(#","type":"#)
        json.string(item.accessType.rawValue)
        json.raw("}")
    }
}

/// One element of `GET /common-access`: `CommonAccessResponse`, where `createdByUser` is a boolean and
/// `lastReviewed` is nullable.
struct CommonAccessResponseWire {
    var item: TenantSnapshot.CommonAccessItem

    func write(to json: inout JSONWriter) {
        json.raw(#"{"access":"#)
        CommonAccessItemAccessWire(item: item).write(to: &json)
        json.raw(#","commonAccessType":"#)
        json.string(item.commonAccessType)
        json.raw(#","createdByUser":"#)
        json.bool(item.createdByUser)
        json.raw(#","id":"#)
        json.string(item.id)
        json.raw(#","lastReviewed":"#)
        json.timestamp(item.lastReviewed)
        json.raw(#","lastUpdated":"#)
        json.timestamp(item.lastUpdated)
        json.raw(#","reviewedByUser":"#)
        json.bool(item.reviewedByUser)
        json.raw(#","status":"#)
        json.string(item.status.rawValue)
        json.raw("}")
    }

    /// A JSON array of items.
    static func array(_ items: [TenantSnapshot.CommonAccessItem]) -> [UInt8] {
        var json = JSONWriter(capacity: 600 * items.count + 2)
        json.raw("[")
        for (index, item) in items.enumerated() {
            if index > 0 { json.raw(",") }
            CommonAccessResponseWire(item: item).write(to: &json)
        }
        json.raw("]")
        return json.bytes
    }
}

/// The 202 answer to a create: `CommonAccessItemResponse`. Unlike the list element it has no
/// `commonAccessType`, and `createdByUser` is a *string* (`"true"`), an inconsistency of the spec that
/// the sandbox reproduces on purpose.
struct CommonAccessItemResponseWire {
    var item: TenantSnapshot.CommonAccessItem

    var bytes: [UInt8] {
        var json = JSONWriter(capacity: 600)
        json.raw(#"{"access":"#)
        CommonAccessItemAccessWire(item: item).write(to: &json)
        json.raw(#","createdByUser":"#)
        json.string(item.createdByUser ? "true" : "false")
        json.raw(#","id":"#)
        json.string(item.id)
        json.raw(#","lastReviewed":"#)
        json.timestamp(item.lastReviewed)
        json.raw(#","lastUpdated":"#)
        json.timestamp(item.lastUpdated)
        json.raw(#","reviewedByUser":"#)
        json.bool(item.reviewedByUser)
        json.raw(#","status":"#)
        json.string(item.status.rawValue)
        json.raw("}")
        return json.bytes
    }
}

/// The 202 answer to `update-status`: an empty object.
struct EmptyObjectWire: Encodable {
    func encode(to encoder: any Encoder) throws {
        _ = encoder.container(keyedBy: CodingKeysNone.self)
    }

    private enum CodingKeysNone: CodingKey {}
}
