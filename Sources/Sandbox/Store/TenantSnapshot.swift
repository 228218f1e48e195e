import Foundation

/// The whole state of a simulated tenant: its catalog, its common-access list, its access requests and the
/// writes that ISC has accepted but not yet made visible.
///
/// This is what the sandbox persists between runs (as JSON) and what tests inspect. It is the sandbox's
/// own model, written from the API reference and independent of the client's types, so that a field-name
/// mistake on one side cannot hide the same mistake on the other.
public struct TenantSnapshot: Sendable, Codable, Equatable {
    /// Version of this file format; bumped when a change would not decode.
    public var formatVersion: Int
    /// Roles as `GET /roles` lists them.
    public var roles: [Role]
    /// Access profiles as `GET /access-profiles` lists them.
    public var accessProfiles: [AccessProfile]
    /// Common-access items that `GET /common-access` shows now.
    public var commonAccess: [CommonAccessItem]
    /// Accepted writes waiting for their `visibleAt` (ISC applies writes asynchronously), oldest first.
    public var pendingWrites: [PendingWrite]
    /// Requested items as `GET /access-request-status` shows them now, pending and finished. Empty when read
    /// from a file written before the sandbox had access requests.
    public var accessRequests: [AccessRequestItem]

    /// The current file format.
    public static let currentFormatVersion = 1

    /// A tenant with this catalog, list and access requests; `pendingWrites` is normally empty (the store adds
    /// to it).
    public init(
        roles: [Role],
        accessProfiles: [AccessProfile],
        commonAccess: [CommonAccessItem],
        pendingWrites: [PendingWrite] = [],
        accessRequests: [AccessRequestItem] = []
    ) {
        self.formatVersion = Self.currentFormatVersion
        self.roles = roles
        self.accessProfiles = accessProfiles
        self.commonAccess = commonAccess
        self.pendingWrites = pendingWrites
        self.accessRequests = accessRequests
    }

    private enum CodingKeys: String, CodingKey {
        case formatVersion, roles, accessProfiles, commonAccess, pendingWrites, accessRequests
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        formatVersion = try container.decodeIfPresent(Int.self, forKey: .formatVersion) ?? Self.currentFormatVersion
        guard formatVersion == Self.currentFormatVersion else {
            throw DecodingError.dataCorruptedError(
                forKey: .formatVersion, in: container,
                debugDescription: "unsupported sandbox tenant format \(formatVersion)")
        }
        roles = try container.decodeIfPresent([Role].self, forKey: .roles) ?? []
        accessProfiles = try container.decodeIfPresent([AccessProfile].self, forKey: .accessProfiles) ?? []
        commonAccess = try container.decodeIfPresent([CommonAccessItem].self, forKey: .commonAccess) ?? []
        pendingWrites = try container.decodeIfPresent([PendingWrite].self, forKey: .pendingWrites) ?? []
        // Absent from files written before access requests existed: such a tenant simply has none (the format
        // version stays 1, since every older file still decodes).
        accessRequests = try container.decodeIfPresent([AccessRequestItem].self, forKey: .accessRequests) ?? []
    }
}

extension TenantSnapshot {
    /// An identity that owns a role or access profile.
    public struct Owner: Sendable, Codable, Hashable {
        public var id: String
        public var name: String

        public init(id: String, name: String) {
            self.id = id
            self.name = name
        }
    }

    /// The source an access profile grants entitlements on.
    public struct Source: Sendable, Codable, Hashable {
        public var id: String
        public var name: String

        public init(id: String, name: String) {
            self.id = id
            self.name = name
        }
    }

    /// A role in the catalog.
    public struct Role: Sendable, Codable, Hashable {
        /// 32 lowercase hex digits, like ISC's ids.
        public var id: String
        public var name: String
        public var description: String?
        public var owner: Owner
        public var enabled: Bool
        public var requestable: Bool
        public var dimensional: Bool
        public var created: Date
        public var modified: Date
        /// Ids of the access profiles the role bundles (listed as references in `accessProfiles`).
        public var accessProfileIDs: [String]

        public init(
            id: String, name: String, description: String?, owner: Owner, enabled: Bool = true,
            requestable: Bool = true, dimensional: Bool = false, created: Date, modified: Date,
            accessProfileIDs: [String] = []
        ) {
            self.id = id
            self.name = name
            self.description = description
            self.owner = owner
            self.enabled = enabled
            self.requestable = requestable
            self.dimensional = dimensional
            self.created = created
            self.modified = modified
            self.accessProfileIDs = accessProfileIDs
        }
    }

    /// An access profile in the catalog.
    public struct AccessProfile: Sendable, Codable, Hashable {
        /// 32 lowercase hex digits, like ISC's ids.
        public var id: String
        public var name: String
        public var description: String?
        public var owner: Owner
        public var source: Source
        public var enabled: Bool
        public var requestable: Bool
        public var created: Date
        public var modified: Date

        public init(
            id: String, name: String, description: String?, owner: Owner, source: Source, enabled: Bool = true,
            requestable: Bool = true, created: Date, modified: Date
        ) {
            self.id = id
            self.name = name
            self.description = description
            self.owner = owner
            self.source = source
            self.enabled = enabled
            self.requestable = requestable
            self.created = created
            self.modified = modified
        }
    }

    /// `CommonAccessType` on the wire.
    public enum AccessType: String, Sendable, Codable, Hashable, CaseIterable {
        case role = "ROLE"
        case accessProfile = "ACCESS_PROFILE"
    }

    /// `CommonAccessItemState` on the wire.
    public enum Status: String, Sendable, Codable, Hashable, CaseIterable {
        case confirmed = "CONFIRMED"
        case denied = "DENIED"
    }

    /// One entry of the common-access list (`CommonAccessResponse` on the wire).
    public struct CommonAccessItem: Sendable, Codable, Hashable {
        /// The item id: a lowercase uuid, distinct from the role or access-profile id.
        public var id: String
        public var accessType: AccessType
        /// The role or access-profile id (`access.id` on the wire).
        public var accessID: String
        /// Copied from the catalog when the item was made, like IAI does.
        public var name: String
        public var description: String?
        public var ownerID: String
        public var ownerName: String
        public var status: Status
        /// Always "UNSET" in what we have seen of ISC.
        public var commonAccessType: String
        public var lastUpdated: Date
        /// False for items ISC suggested that nobody has reviewed yet.
        public var reviewedByUser: Bool
        public var lastReviewed: Date?
        public var createdByUser: Bool

        public init(
            id: String, accessType: AccessType, accessID: String, name: String, description: String?,
            ownerID: String, ownerName: String, status: Status, commonAccessType: String = "UNSET",
            lastUpdated: Date, reviewedByUser: Bool, lastReviewed: Date?, createdByUser: Bool
        ) {
            self.id = id
            self.accessType = accessType
            self.accessID = accessID
            self.name = name
            self.description = description
            self.ownerID = ownerID
            self.ownerName = ownerName
            self.status = status
            self.commonAccessType = commonAccessType
            self.lastUpdated = lastUpdated
            self.reviewedByUser = reviewedByUser
            self.lastReviewed = lastReviewed
            self.createdByUser = createdByUser
        }
    }

    /// A write that ISC accepted (202) but that `GET` shows only from `visibleAt` on: a common-access create or
    /// status change, or an access-request close, cancel or approve.
    public struct PendingWrite: Sendable, Codable, Hashable {
        /// What the write does once visible.
        public enum Change: Sendable, Codable, Hashable {
            /// A new item.
            case create(item: CommonAccessItem)
            /// A bulk status change, as one `update-status` call made it.
            case setStatus(itemIDs: [String], status: Status, reviewedAt: Date)
            /// `POST /access-requests/close` on these identity request ids.
            case closeAccessRequests(requestIDs: [String], closure: AccessRequestClosure)
            /// `POST /access-requests/bulk-cancel` on these identity request ids.
            case cancelAccessRequests(requestIDs: [String], cancellation: AccessRequestCancellation)
            /// `POST /access-request-approvals/bulk-approve` on these approval ids.
            case approveAccessRequests(approvalIDs: [String], decision: ApprovalDecision)
        }

        /// When `GET` starts to show the change (the write's time plus `SandboxConfiguration.writeDelay`).
        public var visibleAt: Date
        public var change: Change

        public init(visibleAt: Date, change: Change) {
            self.visibleAt = visibleAt
            self.change = change
        }
    }
}
