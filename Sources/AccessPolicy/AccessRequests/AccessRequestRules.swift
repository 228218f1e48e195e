public import YAMLTree

/// The `accessRequests:` block of the policy (DESIGN.md §6): what to do with pending access requests.
///
/// Each rule is optional; without `autoApprove` nothing is ever approved.
public struct AccessRequestRules: Sendable, Hashable, Codable {
    /// Close requests pending longer than `olderThan` (`POST /access-requests/close`).
    public struct CloseStale: Sendable, Hashable, Codable {
        public var olderThan: RuleAge
        public var message: String
        public var executionStatus: CloseAccessRequests.ExecutionStatus
        public var completionStatus: CloseAccessRequests.CompletionStatus
        public var location: SourceLocation

        public init(
            olderThan: RuleAge, message: String, executionStatus: CloseAccessRequests.ExecutionStatus = .terminated,
            completionStatus: CloseAccessRequests.CompletionStatus = .failure, location: SourceLocation
        ) {
            self.olderThan = olderThan
            self.message = message
            self.executionStatus = executionStatus
            self.completionStatus = completionStatus
            self.location = location
        }
    }

    /// Cancel requests pending longer than `olderThan` (`POST /access-requests/bulk-cancel`), only those that
    /// have not passed their approval step: ISC cannot cancel the others (`beforeApproval: true` in YAML).
    public struct Cancel: Sendable, Hashable, Codable {
        public var olderThan: RuleAge
        public var comment: String
        public var location: SourceLocation

        public init(olderThan: RuleAge, comment: String, location: SourceLocation) {
            self.olderThan = olderThan
            self.comment = comment
            self.location = location
        }
    }

    /// Approve pending grant requests for items the policy marks CONFIRMED common access
    /// (`POST /access-request-approvals/bulk-approve`). Nothing else is ever approved.
    public struct AutoApprove: Sendable, Hashable, Codable {
        public var comment: String
        public var location: SourceLocation

        public init(comment: String, location: SourceLocation) {
            self.comment = comment
            self.location = location
        }
    }

    public var closeStale: CloseStale?
    public var cancel: Cancel?
    public var autoApprove: AutoApprove?
    /// Where the block starts, for "declared twice" errors.
    public var location: SourceLocation

    public init(
        closeStale: CloseStale? = nil, cancel: Cancel? = nil, autoApprove: AutoApprove? = nil,
        location: SourceLocation
    ) {
        self.closeStale = closeStale
        self.cancel = cancel
        self.autoApprove = autoApprove
        self.location = location
    }

    public var isEmpty: Bool { closeStale == nil && cancel == nil && autoApprove == nil }
}

/// An age like `30d`: whole hours, days or weeks, as policy authors write them.
public struct RuleAge: Sendable, Hashable, Codable, CustomStringConvertible {
    public var seconds: Int
    /// As written, for messages and plans.
    public var text: String

    public init?(_ text: String) {
        guard let unit = text.last, let number = Int(text.dropLast()), number > 0, number <= 100_000 else {
            return nil
        }
        switch unit {
        case "h": seconds = number * 3600
        case "d": seconds = number * 86_400
        case "w": seconds = number * 604_800
        default: return nil
        }
        self.text = text
    }

    public var description: String { text }
}
