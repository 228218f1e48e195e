import Foundation
import YAMLTree

/// Renders a plan (and optionally the apply report) as JSON in the documented, versioned schema of
/// docs/plan-format.md. The wire shape is spelled out here, apart from the model, so that refactoring the
/// model cannot silently change what CI scripts parse.
public struct JSONPlanRenderer: Sendable {
    /// Bumped on any incompatible change of the schema.
    public static let formatVersion = 1

    public init() {}

    public func render(_ plan: Plan, apply report: ApplyReport? = nil) -> String {
        let document = Document(plan: plan, report: report)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(document)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Every key is written, `null` included, as docs/plan-format.md promises: optionals are ``Nullable``.
    struct Document: Encodable {
        var formatVersion = JSONPlanRenderer.formatVersion
        var tenant: String
        var apiVersion: String
        @Nullable var config: String?
        var unmanagedMode: String
        var summary: Summary
        var changes: [ChangeRow]
        var unmanaged: [UnmanagedRow]
        var warnings: [String]
        var guards: [GuardRow]
        @Nullable var accessRequests: AccessRequestsRow?
        @Nullable var apply: ApplyRow?

        init(plan: Plan, report: ApplyReport?) {
            tenant = plan.tenant
            apiVersion = plan.apiVersion.rawValue
            config = plan.configFile
            unmanagedMode = plan.unmanagedMode.rawValue
            summary = Summary(plan)
            changes = plan.changes.map(ChangeRow.init)
            unmanaged = plan.unmanaged.map(UnmanagedRow.init)
            warnings = plan.warnings.map(\.description)
            guards = plan.guardBreaches.map(GuardRow.init)
            accessRequests = plan.pendingRequests.map { AccessRequestsRow(plan: plan, pending: $0) }
            apply = report.map(ApplyRow.init)
        }

    }

    struct AccessRequestsRow: Encodable {
        var pending: Int
        var approve: Int
        var cancel: Int
        var close: Int
        var actions: [RequestActionRow]

        init(plan: Plan, pending: Int) {
            self.pending = pending
            approve = plan.requestActionCount(.autoApprove)
            cancel = plan.requestActionCount(.cancel)
            close = plan.requestActionCount(.closeStale)
            actions = plan.requestActions.map(RequestActionRow.init)
        }
    }

    struct RequestActionRow: Encodable {
        var rule: String
        var action: String
        var requestId: String
        @Nullable var itemRequestId: String?
        var approvalIds: [String]
        @Nullable var itemType: String?
        @Nullable var itemName: String?
        @Nullable var requestType: String?
        @Nullable var requester: String?
        @Nullable var requestedFor: String?
        var created: String
        var ageDays: Int
        var source: Source
        var awaitsCommonAccess: Bool

        init(_ action: RequestAction) {
            rule = action.rule.rawValue
            self.action = action.rule.verb
            requestId = action.request.requestID
            itemRequestId = action.request.itemRequestID
            approvalIds = action.rule == .autoApprove ? action.request.approvalIDs : []
            itemType = action.request.itemType
            itemName = action.request.itemName
            requestType = action.request.requestType
            requester = action.request.requesterName
            requestedFor = action.request.requestedForName
            created = ISO8601DateFormatter().string(from: action.request.created)
            ageDays = action.ageDays
            source = Source(file: action.source.file, line: action.source.line, column: action.source.column)
            awaitsCommonAccess = action.awaitsCommonAccess
        }

    }

    struct Summary: Encodable {
        var create: Int
        var update: Int
        var denied: Int
        var liveDenied: Int
        var unchanged: Int
        var unmanaged: Int
        var liveItems: Int
        var hasChanges: Bool
        @Nullable var drift: Int?
        var blocked: Bool

        init(_ plan: Plan) {
            create = plan.summary.create
            update = plan.summary.update
            denied = plan.summary.denied
            liveDenied = plan.summary.liveDenied
            unchanged = plan.summary.unchanged
            unmanaged = plan.summary.unmanaged
            liveItems = plan.liveCount
            hasChanges = !plan.isEmpty
            drift = plan.summary.drift
            blocked = plan.isBlocked
        }

    }

    struct Source: Encodable {
        var file: String
        var line: Int
        var column: Int
    }

    struct ChangeRow: Encodable {
        var action: String
        var type: String
        var id: String
        @Nullable var name: String?
        @Nullable var itemId: String?
        @Nullable var from: String?
        var to: String
        @Nullable var source: Source?
        @Nullable var reason: String?
        var unmanaged: Bool
        @Nullable var cause: String?

        init(_ change: Change) {
            action = change.action.rawValue
            type = change.key.type.rawValue
            id = change.key.id
            name = change.name
            itemId = change.itemID
            from = change.from?.rawValue
            to = change.to.rawValue
            source = change.source.map { Source(file: $0.file, line: $0.line, column: $0.column) }
            reason = change.reason
            unmanaged = change.isUnmanaged
            cause = change.cause?.rawValue
        }

    }

    struct UnmanagedRow: Encodable {
        var itemId: String
        var type: String
        var id: String
        @Nullable var name: String?
        var status: String

        init(_ item: LiveItem) {
            itemId = item.id
            type = item.access.type.rawValue
            id = item.access.id
            name = item.access.name
            status = item.status.rawValue
        }
    }

    struct GuardRow: Encodable {
        var name: String
        var message: String
        var items: [String]
        var overridden: Bool
        @Nullable var reason: String?

        init(_ breach: GuardBreach) {
            name = breach.guardName
            message = breach.message
            items = breach.items.map(\.description)
            overridden = breach.isOverridden
            reason = breach.overrideReason
        }

    }

    struct ApplyRow: Encodable {
        struct Failure: Encodable {
            var change: ChangeRow
            var error: String
        }

        var converged: Bool
        var interrupted: Bool
        var writeRequests: Int
        var written: [ChangeRow]
        var alreadyDone: [ChangeRow]
        var failed: [Failure]
        var notSent: [ChangeRow]
        var pending: [ChangeRow]
        var requestsWritten: [RequestActionRow]
        var requestsFailed: [RequestFailure]
        var requestsNotSent: [RequestActionRow]
        var requestsPending: [RequestActionRow]
        var requestsHeldBack: [RequestActionRow]

        struct RequestFailure: Encodable {
            var action: RequestActionRow
            var error: String
        }

        init(_ report: ApplyReport) {
            converged = report.converged
            interrupted = report.interrupted
            writeRequests = report.writeRequests
            written = report.written.map(ChangeRow.init)
            alreadyDone = report.alreadyDone.map(ChangeRow.init)
            failed = report.failed.map { Failure(change: ChangeRow($0.change), error: $0.error) }
            notSent = report.notSent.map(ChangeRow.init)
            pending = report.pending.map(ChangeRow.init)
            requestsWritten = report.requestsWritten.map(RequestActionRow.init)
            requestsFailed = report.requestsFailed.map {
                RequestFailure(action: RequestActionRow($0.action), error: $0.error)
            }
            requestsNotSent = report.requestsNotSent.map(RequestActionRow.init)
            requestsPending = report.requestsPending.map(RequestActionRow.init)
            requestsHeldBack = report.requestsHeldBack.map(RequestActionRow.init)
        }
    }
}
