import AccessPolicy
import Foundation
import Testing
import YAMLTree

/// A plan with one of everything, for the golden files.
func samplePlan() -> Plan {
    let items = [
        live(
            "4f1c0000-0000-4000-8000-000000000001", .role, "2c91806f2eabc9d960416a6d56612ef3", .confirmed,
            name: "All Employees"),
        live(
            "4f1c0000-0000-4000-8000-000000000002", .accessProfile, "2c918075ace0d7df7225c81ef4303c11", .confirmed,
            name: "VPN Access"),
        live(
            "4f1c0000-0000-4000-8000-000000000003", .role, "2c918094c14d1568bfe2ecb32dee6418", .confirmed,
            name: "Contractor | Base"),
    ]
    var vpn = entry(.accessProfile, "2c918075ace0d7df7225c81ef4303c11", .denied, name: "VPN Access", line: 7)
    vpn.reason = "requested per person"
    let desired = [
        entry(.role, "2c91806f2eabc9d960416a6d56612ef3", .confirmed, line: 2), vpn,
        entry(.accessProfile, "2c918004af0d75019e3d9b10f16ed644", .confirmed, name: "GitHub <Engineering>", line: 12),
    ]
    let diff = Diff.compute(desired: desired, live: items, unmanaged: .deny)
    var plan = Plan(
        tenant: "acme", apiVersion: .v2025, unmanagedMode: .deny, changes: diff.changes,
        unmanaged: diff.unmanaged, summary: diff.summary, liveCount: items.count)
    plan.configFile = "accesspolicy.yaml"
    plan.guardBreaches = GuardCheck.evaluate(
        plan, guards: Guards(maxDenied: 1),
        overrides: ["maxDenied": "CHG-7 approved by the IAM board"])
    return plan
}

/// A plan with only access-request actions, for the golden files.
func sampleRequestPlan() -> Plan {
    let rules = AccessRequestRules(
        closeStale: .init(
            olderThan: RuleAge("30d")!, message: "m",
            location: SourceLocation(file: "policies/requests.yaml", line: 3, column: 15)),
        cancel: .init(
            olderThan: RuleAge("14d")!, comment: "c",
            location: SourceLocation(file: "policies/requests.yaml", line: 4, column: 11)),
        autoApprove: .init(comment: "a", location: SourceLocation(file: "policies/requests.yaml", line: 5, column: 16)),
        location: SourceLocation(file: "policies/requests.yaml", line: 2, column: 3))
    var plan = Plan(
        tenant: "acme", apiVersion: .v2025, unmanagedMode: .ignore, changes: [], unmanaged: [], summary: .init(),
        liveCount: 12)
    plan.accessRequestRules = rules
    plan.pendingRequests = 5
    plan.requestActions = AccessRequestPlanner.actions(
        rules: rules,
        pending: [
            request("2c91808568c529c60168cca6f90c1313", item: "VPN Access", daysAgo: 3, approvals: ["ap-1"]),
            request("2c91808568c529c60168cca6f90c1314", item: "Domain Admins", daysAgo: 40),
            request(
                "2c91808568c529c60168cca6f90c1315", item: "Salesforce | Admin", type: "ROLE", daysAgo: 95,
                cancelable: false),
        ],
        confirmed: [.init(type: "ACCESS_PROFILE", name: "VPN Access")], now: now)
    return plan
}

@Suite("Rendering plans")
struct RendererTests {
    static let goldenFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Golden")

    /// Compares with the golden file exactly; `ACCESSPOLICY_UPDATE_GOLDEN=1 swift test` rewrites it.
    func assertGolden(_ text: String, _ name: String) throws {
        let url = Self.goldenFolder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["ACCESSPOLICY_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: Self.goldenFolder, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        let golden = try String(contentsOf: url, encoding: .utf8)
        #expect(text == golden, "differs from Golden/\(name); rerun with ACCESSPOLICY_UPDATE_GOLDEN=1 to accept")
    }

    @Test("text") func text() throws { try assertGolden(TextPlanRenderer().render(samplePlan()), "plan.txt") }
    @Test("JSON") func json() throws { try assertGolden(JSONPlanRenderer().render(samplePlan()), "plan.json") }
    @Test("Markdown") func markdown() throws {
        try assertGolden(MarkdownPlanRenderer().render(samplePlan()), "plan.md")
    }

    @Test("access requests in text") func requestsText() throws {
        try assertGolden(TextPlanRenderer().render(sampleRequestPlan()), "plan-requests.txt")
    }
    @Test("access requests in JSON") func requestsJSON() throws {
        try assertGolden(JSONPlanRenderer().render(sampleRequestPlan()), "plan-requests.json")
    }
    @Test("access requests in Markdown") func requestsMarkdown() throws {
        try assertGolden(MarkdownPlanRenderer().render(sampleRequestPlan()), "plan-requests.md")
    }

    @Test("text has colors only when asked")
    func colors() {
        #expect(!TextPlanRenderer(colors: false).render(samplePlan()).contains("\u{1B}["))
        #expect(TextPlanRenderer(colors: true).render(samplePlan()).contains("\u{1B}[32m+"))
    }

    @Test("the JSON is valid and versioned")
    func jsonParses() throws {
        let object = try JSONSerialization.jsonObject(with: Data(JSONPlanRenderer().render(samplePlan()).utf8))
        let document = try #require(object as? [String: Any])
        #expect(document["formatVersion"] as? Int == 1)
        #expect((document["changes"] as? [Any])?.count == 3)
    }

    @Test("a 10,000-change plan stays under GitHub's comment limit, with a count of what was cut")
    func markdownLimit() throws {
        let changes = (0..<10_000).map { index in
            Change(
                action: .update, key: AccessKey(type: .role, id: String(format: "2c9180%026d", index)),
                name: "Role number \(index) with a fairly long descriptive name", itemID: "item-\(index)",
                from: .confirmed, to: .denied,
                source: SourceLocation(file: "policies/team-\(index % 40).yaml", line: index + 2, column: 5))
        }
        var summary = Plan.Summary()
        summary.update = changes.count
        summary.denied = changes.count
        let plan = Plan(
            tenant: "acme", apiVersion: .v2025, unmanagedMode: .ignore, changes: changes, unmanaged: [],
            summary: summary, liveCount: 20_000)
        let markdown = MarkdownPlanRenderer().render(plan)
        #expect(markdown.count < 65_536)
        #expect(markdown.utf16.count < 65_536)
        // Under the renderer's own limit, which leaves room for a workflow's header and footer.
        #expect(markdown.count <= MarkdownPlanRenderer().characterLimit)
        let shown = markdown.split(separator: "\n").count { $0.hasPrefix("| ~ |") }
        #expect(shown > 100)
        #expect(markdown.contains("**\(10_000 - shown) more rows not shown**"))
        #expect(
            markdown.components(separatedBy: "<details>").count == markdown.components(separatedBy: "</details>").count)
        // Every file keeps its section, with its share of the rows and a count of the rest.
        for team in 0..<40 {
            #expect(markdown.contains("<code>policies/team-\(team).yaml</code>: 250 changes ("))
        }
        #expect(markdown.contains("more rows not shown | | | | |"))
    }

    @Test("a cut Markdown plan shares the rows among files instead of filling the first ones")
    func markdownSharesRows() {
        let big = (0..<5_000).map { sampleChange($0, file: "policies/access-profiles.yaml") }
        let small = (0..<12).map { sampleChange($0, file: "policies/roles.yaml") }
        let markdown = MarkdownPlanRenderer(characterLimit: 20_000).render(plan(big + small))
        #expect(markdown.count < 20_000)
        // The small file is shown whole, the big one in part with a count of the rest.
        #expect(markdown.contains("<code>policies/roles.yaml</code>: 12 changes</summary>"))
        #expect(markdown.split(separator: "\n").count { $0.contains("| policies/roles.yaml:") } == 12)
        let shown = markdown.split(separator: "\n").count { $0.contains("| policies/access-profiles.yaml:") }
        #expect(shown > 50)
        #expect(markdown.contains("<code>policies/access-profiles.yaml</code>: 5000 changes (\(shown) shown)"))
        #expect(markdown.contains("| … | \(5_000 - shown) more rows not shown |"))
    }

    @Test("a plan over hundreds of files still fits: the sections beyond room are counted")
    func markdownManyFiles() {
        let changes = (0..<2_000).map { sampleChange($0, file: "policies/team-\($0).yaml") }
        let markdown = MarkdownPlanRenderer().render(plan(changes))
        #expect(markdown.count < 60_000)
        let sections = markdown.components(separatedBy: "<details>").count - 1
        #expect(sections > 50 && sections < 2_000)
        let shown = markdown.split(separator: "\n").count { $0.hasPrefix("| ~ |") }
        #expect(markdown.contains("**\(2_000 - sections) more sections (\(2_000 - sections) rows) not shown.**"))
        #expect(markdown.contains("**\(2_000 - shown) more rows not shown**"))
    }

    private func sampleChange(_ index: Int, file: String) -> Change {
        Change(
            action: .update, key: AccessKey(type: .role, id: String(format: "2c9180%026d", index)),
            name: "Role number \(index)", itemID: "item-\(index)", from: .confirmed, to: .denied,
            source: SourceLocation(file: file, line: index + 2, column: 5))
    }

    private func plan(_ changes: [Change]) -> Plan {
        var summary = Plan.Summary()
        summary.update = changes.count
        summary.denied = changes.count
        return Plan(
            tenant: "acme", apiVersion: .v2025, unmanagedMode: .ignore, changes: changes, unmanaged: [],
            summary: summary, liveCount: 20_000)
    }

    @Test("Markdown escapes table and HTML characters in names")
    func markdownEscaping() {
        let markdown = MarkdownPlanRenderer().render(samplePlan())
        #expect(markdown.contains("GitHub &lt;Engineering&gt;"))
        #expect(markdown.contains("Contractor \\| Base"))
    }
}

@Suite("Tenant text in plans")
struct TerminalEscapeTests {
    static let hostile = "Evil\u{1B}[2J\u{1B}]0;owned\u{07}\nfake: error\u{202E}"

    @Test("control characters and bidi overrides from the tenant are escaped in text, Markdown and reports")
    func escaped() {
        let item = live("i\u{1B}1", .role, "r1", .confirmed, name: Self.hostile)
        let diff = Diff.compute(desired: [entry(.role, "r1", .denied)], live: [item], unmanaged: .report)
        var plan = Plan(
            tenant: "acme", apiVersion: .v2025, unmanagedMode: .report, changes: diff.changes,
            unmanaged: [live("u1", .accessProfile, "a1", .denied, name: Self.hostile)], summary: diff.summary,
            liveCount: 2)
        plan.guardBreaches = GuardCheck.evaluate(plan, guards: Guards(maxDenied: 0))
        var report = ApplyReport()
        report.failed = [.init(change: plan.changes[0], error: "tenant said \u{1B}[31mno")]
        for output in [
            TextPlanRenderer().render(plan), MarkdownPlanRenderer().render(plan),
            ApplyReportRenderer().render(report, wait: "2m"),
        ] {
            #expect(!output.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{07}" || $0 == "\u{202E}" })
            #expect(!output.contains("\nfake: error"))
        }
        #expect(TextPlanRenderer().render(plan).contains(#""Evil\u{1B}[2J\u{1B}]0;owned\u{7}\nfake: error"#))
    }

    @Test("colors are still the renderer's own")
    func colorsKept() {
        let diff = Diff.compute(
            desired: [entry(.role, "r1", .denied)], live: [live("i1", .role, "r1", .confirmed)], unmanaged: .ignore)
        let plan = Plan(
            tenant: "acme", apiVersion: .v2025, unmanagedMode: .ignore, changes: diff.changes, unmanaged: [],
            summary: diff.summary, liveCount: 1)
        #expect(TextPlanRenderer(colors: true).render(plan).contains("\u{1B}[33m~"))
    }
}
