/// Which fields an endpoint filters on, with which operators, taken from the API reference. Anything not
/// listed is a 400, as ISC answers.
struct FilterSchema: Sendable {
    enum Kind: Sendable {
        /// A double-quoted string.
        case string
        /// Unquoted `true` or `false`.
        case boolean
        /// An unquoted RFC 3339 date-time.
        case dateTime
    }

    struct Field: Sendable {
        var kind: Kind
        var operators: [FilterOperator]
    }

    var fields: [String: Field]
    /// Whether the composite `not` is accepted (the access-profile docs name only `and` and `or`).
    var allowsNot: Bool

    /// `GET /common-access`.
    static let commonAccess = FilterSchema(
        fields: [
            "status": Field(kind: .string, operators: [.eq, .sw]),
            "reviewedByUser": Field(kind: .boolean, operators: [.eq]),
            "access.id": Field(kind: .string, operators: [.eq, .sw]),
            "access.type": Field(kind: .string, operators: [.eq]),
            "access.name": Field(kind: .string, operators: [.eq, .sw]),
            "access.description": Field(kind: .string, operators: [.eq, .sw]),
        ],
        allowsNot: true)

    /// `GET /roles`.
    static let roles = FilterSchema(
        fields: [
            "id": Field(kind: .string, operators: [.eq, .in]),
            "name": Field(kind: .string, operators: [.eq, .sw]),
            "created": Field(kind: .dateTime, operators: [.gt, .ge, .le]),
            "modified": Field(kind: .dateTime, operators: [.lt, .ge, .le]),
            "owner.id": Field(kind: .string, operators: [.eq, .in]),
            "requestable": Field(kind: .boolean, operators: [.eq]),
            "dimensional": Field(kind: .boolean, operators: [.eq]),
        ],
        allowsNot: true)

    /// `GET /access-profiles`.
    static let accessProfiles = FilterSchema(
        fields: [
            "id": Field(kind: .string, operators: [.eq, .in]),
            "name": Field(kind: .string, operators: [.eq, .sw]),
            "created": Field(kind: .dateTime, operators: [.gt, .ge, .le]),
            "modified": Field(kind: .dateTime, operators: [.gt, .lt, .ge, .le]),
            "owner.id": Field(kind: .string, operators: [.eq, .in]),
            "requestable": Field(kind: .boolean, operators: [.eq]),
            "source.id": Field(kind: .string, operators: [.eq, .in]),
        ],
        allowsNot: false)

    /// `GET /access-request-status` under `/v2024`, `/v2025`, `/v2026` and `/access-request-status/v1`.
    /// `accountActivityItemId` has no `lt` there, as the reference lists it.
    static let accessRequestStatus = FilterSchema(
        fields: [
            "accessRequestId": Field(kind: .string, operators: [.eq, .ge, .gt, .le, .lt, .ne, .sw]),
            "accountActivityItemId": Field(kind: .string, operators: [.eq, .in, .ge, .gt, .le, .ne, .sw]),
            "created": Field(kind: .dateTime, operators: [.eq, .ge, .gt, .le, .lt, .ne]),
        ],
        allowsNot: true)

    /// `GET /access-request-status` under `/v3` and `/beta`, which also allow `in` on `accessRequestId`.
    static let accessRequestStatusLegacy = FilterSchema(
        fields: [
            "accessRequestId": Field(kind: .string, operators: [.eq, .ge, .gt, .le, .lt, .ne, .in, .sw]),
            "accountActivityItemId": Field(kind: .string, operators: [.eq, .in, .ge, .gt, .le, .ne, .sw]),
            "created": Field(kind: .dateTime, operators: [.eq, .ge, .gt, .le, .lt, .ne]),
        ],
        allowsNot: true)

    /// `GET /access-request-administration`; `status` is the item's state (`EXECUTING`, `CANCELLED`, …).
    static let accessRequestAdministration = FilterSchema(
        fields: [
            "accountActivityItemId": Field(
                kind: .string, operators: [.eq, .in, .ge, .gt, .le, .lt, .ne, .isnull, .sw]),
            "accessRequestId": Field(kind: .string, operators: [.in, .eq, .ne, .ge, .gt, .le, .lt, .sw]),
            "status": Field(kind: .string, operators: [.in, .eq, .ne]),
            "created": Field(kind: .dateTime, operators: [.eq, .in, .ge, .gt, .le, .lt, .ne, .isnull, .sw]),
        ],
        allowsNot: true)
}
