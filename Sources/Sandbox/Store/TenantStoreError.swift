import Foundation

/// Why the simulated tenant refused a write or could not load or save its file.
public enum TenantStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The role or access profile named by a create is not in the catalog.
    case accessNotFound(type: TenantSnapshot.AccessType, id: String)
    /// A common-access item for this role or access profile exists already (perhaps not yet visible).
    case alreadyExists(type: TenantSnapshot.AccessType, id: String, itemID: String)
    /// `update-status` named item ids the tenant does not have.
    case unknownItemIDs([String])
    /// The persisted file exists but does not decode.
    case unreadableFile(path: String, reason: String)
    /// The state could not be written; the write was not applied.
    case persistenceFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .accessNotFound(let type, let id):
            "\(type.rawValue) \(id) does not exist in the catalog"
        case .alreadyExists(let type, let id, let itemID):
            "a common access item for \(type.rawValue) \(id) already exists (id \(itemID))"
        case .unknownItemIDs(let ids):
            "unknown common access item id(s): \(ids.joined(separator: ", "))"
        case .unreadableFile(let path, let reason):
            "cannot read the sandbox tenant file \(path): \(reason)"
        case .persistenceFailed(let path, let reason):
            "cannot write the sandbox tenant file \(path): \(reason)"
        }
    }
}
