// The built-in demo tenant: its catalog, common-access list and access requests.

import Foundation

extension TenantSnapshot {
    /// The built-in demo tenant: a few dozen roles and access profiles with owners, sources and
    /// descriptions, fifteen common-access items (some confirmed or denied by a user, some only suggested by
    /// ISC), and two dozen access requests (see `seeded(now:)`).
    ///
    /// It is compiled into the binary (`Seed/catalog.json`, embedded), so an installed `accesspolicy` still
    /// has it. It deliberately contains the awkward cases a client must handle: two access profiles named
    /// "Finance Shared Drive" on different sources, and roles whose names contain `+`, `&`, `"` and `#`.
    ///
    /// The access requests' dates are relative to when this process first built the seed, so the same within
    /// a process (two calls are equal) and "old" or "recent" on any day.
    public static func seeded() -> TenantSnapshot {
        seeded(now: seedReferenceDate)
    }

    /// The demo tenant with its access requests dated relative to `now`: pending requests from 1 to 10 days
    /// old and from 40 to 120 days old, grants for items that are CONFIRMED common access, grants for
    /// privileged items (Domain Admins, AWS Production Admin), approved requests stuck in provisioning (no
    /// longer cancelable), a revoke, an entitlement named like a common-access item, and a few finished ones.
    public static func seeded(now: Date) -> TenantSnapshot {
        let data = Data(PackageResources.catalog_json)
        do {
            var snapshot = try Timestamp.snapshotDecoder().decode(TenantSnapshot.self, from: data)
            let seeds = try JSONDecoder().decode(AccessRequestSeedFile.self, from: data).accessRequestSeeds
            snapshot.accessRequests = try seeds.items(catalog: snapshot, now: now)
            return snapshot
        } catch {
            // Build-time data, not user input; SeedTests prove it decodes.
            preconditionFailure("the embedded sandbox seed does not decode: \(error)")
        }
    }

    /// When this process first asked for the seed, in whole seconds.
    private static let seedReferenceDate = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
}

/// The `accessRequestSeeds` part of `Seed/catalog.json`: access requests with ages instead of dates, people by
/// name, and catalog items by type and name, so the file stays readable and the demo behaves the same on any
/// day.
private struct AccessRequestSeedFile: Decodable {
    struct Seeds: Decodable {
        var identities: [TenantSnapshot.Identity]
        var requests: [Request]
    }

    /// One identity request and its items.
    struct Request: Decodable {
        var accessRequestId: String
        var createdDaysAgo: Double
        var requester: String
        var requestedFor: String
        var requestType: TenantSnapshot.AccessRequestType
        var comment: String?
        var items: [Item]
    }

    struct Item: Decodable {
        var id: String
        var accountActivityItemId: String
        var type: TenantSnapshot.RequestedItemType
        var name: String
        /// Only for entitlements; roles and access profiles are looked up in the catalog.
        var itemId: String?
        var description: String?
        var state: TenantSnapshot.AccessRequestState
        var cancelable: Bool
        var modifiedDaysAgo: Double?
        var approvals: [Approval]
        var cancelled: Cancellation?
    }

    struct Approval: Decodable {
        var id: String
        var scheme: TenantSnapshot.ApprovalScheme
        var owner: String
        var status: TenantSnapshot.ApprovalStatus
        var decidedDaysAgo: Double?
        var comment: String?
    }

    struct Cancellation: Decodable {
        var comment: String
        var by: String
        var daysAgo: Double
    }

    struct SeedError: Error, CustomStringConvertible {
        var description: String
    }

    var accessRequestSeeds: Seeds
}

extension AccessRequestSeedFile.Seeds {
    func items(catalog: TenantSnapshot, now: Date) throws -> [TenantSnapshot.AccessRequestItem] {
        let people = Dictionary(identities.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        func person(_ name: String) throws -> TenantSnapshot.Identity {
            guard let identity = people[name] else {
                throw AccessRequestSeedFile.SeedError(description: "unknown identity \(name)")
            }
            return identity
        }
        func daysAgo(_ days: Double) -> Date {
            now.addingTimeInterval(-days * 86_400).wholeMilliseconds
        }

        var result: [TenantSnapshot.AccessRequestItem] = []
        for request in requests {
            let created = daysAgo(request.createdDaysAgo)
            let requester = try person(request.requester)
            let requestedFor = try person(request.requestedFor)
            for item in request.items {
                let (itemID, description) = try catalogEntry(item, in: catalog)
                var approvals: [TenantSnapshot.Approval] = []
                for approval in item.approvals {
                    let owner = try person(approval.owner)
                    let decided = approval.status == .pending ? nil : approval.decidedDaysAgo.map(daysAgo)
                    approvals.append(
                        .init(
                            id: approval.id, scheme: approval.scheme, owner: owner, status: approval.status,
                            modified: decided, comment: approval.comment,
                            reviewer: [.approved, .rejected].contains(approval.status) ? owner : nil))
                }
                let cancellation = try item.cancelled.map {
                    TenantSnapshot.AccessRequestCancellation(
                        comment: $0.comment, owner: try person($0.by), modified: daysAgo($0.daysAgo))
                }
                result.append(
                    .init(
                        id: item.id, accessRequestID: request.accessRequestId,
                        accountActivityItemID: item.accountActivityItemId, itemType: item.type, itemID: itemID,
                        name: item.name, description: description, requestType: request.requestType,
                        requester: requester, requestedFor: requestedFor, created: created,
                        modified: daysAgo(item.modifiedDaysAgo ?? request.createdDaysAgo), state: item.state,
                        cancelable: item.cancelable, approvals: approvals,
                        requesterComment: request.comment.map {
                            .init(comment: $0, created: created, author: requester)
                        },
                        cancellation: cancellation))
            }
        }
        return result
    }

    /// The id and description of a role or access profile, found by its unique name; an entitlement's from the
    /// seed itself.
    private func catalogEntry(
        _ item: AccessRequestSeedFile.Item, in catalog: TenantSnapshot
    ) throws -> (id: String?, description: String?) {
        let matches: [(id: String, description: String?)]
        switch item.type {
        case .role: matches = catalog.roles.filter { $0.name == item.name }.map { ($0.id, $0.description) }
        case .accessProfile:
            matches = catalog.accessProfiles.filter { $0.name == item.name }.map { ($0.id, $0.description) }
        case .entitlement: return (item.itemId, item.description)
        }
        guard matches.count == 1, let match = matches.first else {
            throw AccessRequestSeedFile.SeedError(
                description: "\(matches.count) catalog entries for \(item.type.rawValue) \(item.name)")
        }
        return (match.id, item.description ?? match.description)
    }
}
