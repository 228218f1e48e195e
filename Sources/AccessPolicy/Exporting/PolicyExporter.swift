import YAMLTree

/// Writes today's tenant as policy files (DESIGN.md §3 `export`): the way a team adopts the tool.
///
/// Every live item becomes an entry with its id (so the next plan needs no name look-ups and is exactly
/// empty), its name for readers, and its current status. Roles and access profiles go to separate files.
public struct PolicyExporter: Sendable {
    /// Printed at the top of each file, e.g. where and when it was exported.
    public var header: String

    public init(header: String) {
        self.header = header
    }

    /// File name → contents, for roles and access profiles (a file only when there are items for it).
    public func render(_ live: [LiveItem]) -> [(name: String, contents: String)] {
        var seen = Set<AccessKey>()
        let unique = live.filter { seen.insert($0.key).inserted }
        let groups: [(String, [LiveItem])] = [
            ("roles.yaml", unique.filter { $0.access.type == .role }),
            ("access-profiles.yaml", unique.filter { $0.access.type == .accessProfile }),
        ]
        let other = unique.filter { !AccessType.policyValues.contains($0.access.type) }
        return (groups + (other.isEmpty ? [] : [("other.yaml", other)])).compactMap { name, items in
            items.isEmpty ? nil : (name, file(items))
        }
    }

    private func file(_ items: [LiveItem]) -> String {
        let sorted = items.sorted { ($0.access.name ?? "", $0.access.id) < ($1.access.name ?? "", $1.access.id) }
        var out = header.split(separator: "\n", omittingEmptySubsequences: false).map { "# \($0)\n" }.joined()
        out += "commonAccess:\n"
        for item in sorted {
            out += "  - type: \(item.access.type.rawValue)\n"
            out += "    id: \(YAMLQuoting.doubleQuoted(item.access.id))\n"
            if let name = item.access.name { out += "    name: \(YAMLQuoting.doubleQuoted(name))\n" }
            out += "    status: \(item.status.rawValue)\n"
        }
        return out
    }
}
