import AccessPolicy
import AccessPolicyTestSupport
import Testing
import YAMLTree

/// Every path under the policy folder is read or reported: nothing is skipped silently (issue 11).
@Suite("Policy folders: every path read or reported")
struct PolicyFilesTests {
    static let entry = "commonAccess:\n  - {type: ROLE, id: 2c9180835d2e5168015d32f890ca1581, status: CONFIRMED}\n"
    static let other =
        "commonAccess:\n  - {type: ACCESS_PROFILE, id: 2c918004af0d75019e3d9b10f16ed644, status: DENIED}\n"

    func load(_ fileSystem: InMemoryFileSystem, allowEmpty: Bool = false) async throws -> PolicySet {
        try await PolicyLoader().load(directory: "policies", fileSystem: fileSystem, allowEmpty: allowEmpty)
    }

    func errors(_ fileSystem: InMemoryFileSystem, allowEmpty: Bool = false) async throws -> [String] {
        let errors = try await #require(throws: PolicyErrors.self) {
            try await load(fileSystem, allowEmpty: allowEmpty)
        }
        return errors.diagnostics.map(\.description)
    }

    @Test("files are read recursively and sorted; hidden and non-YAML files are skipped; *.YAML and *.YML are read")
    func walk() async throws {
        let files = InMemoryFileSystem()
        files.addFile("policies/b.yaml", Self.entry)
        files.addFile("policies/teams/ops.yml", Self.other)
        files.addFile("policies/LEGACY.YAML", "commonAccess: []\n")
        files.addFile("policies/Old.Yml", "")
        files.addFile("policies/.hidden.yaml", "not: read")
        files.addFile("policies/.git/config.yaml", "not: read")
        files.addFile("policies/README.md", "# not read")
        let policy = try await load(files)
        #expect(
            policy.files == ["policies/LEGACY.YAML", "policies/Old.Yml", "policies/b.yaml", "policies/teams/ops.yml"])
        #expect(policy.entries.map(\.type) == [.role, .accessProfile])
        #expect(policy.entries[1].location.description == "policies/teams/ops.yml:2:5")
    }

    @Test("an unreadable folder and an unreadable file are located errors, reported with everything else")
    func unreadable() async throws {
        let files = InMemoryFileSystem()
        files.addFile("policies/a.yaml", Self.entry)
        files.addFile("policies/secret/b.yaml", Self.other)
        files.deny("policies/secret")
        files.addFile("policies/c.yaml", Self.other)
        files.deny("policies/c.yaml")
        #expect(
            try await errors(files) == [
                "policies/c.yaml: error: cannot read this file: permission denied",
                "policies/secret: error: cannot read this folder: permission denied",
            ])
    }

    @Test("a dangling link is an error that says where it points")
    func danglingLink() async throws {
        let files = InMemoryFileSystem()
        files.addFile("policies/a.yaml", Self.entry)
        files.addLink("policies/shared.yaml", to: "../../shared/common.yaml")
        #expect(
            try await errors(files) == [
                "policies/shared.yaml: error: dangling symbolic link to \"../../shared/common.yaml\": it points at "
                    + "nothing\nhint: remove the link or restore what it points at"
            ])
    }

    @Test("links to files and folders elsewhere are followed and read")
    func linksFollowed() async throws {
        let files = InMemoryFileSystem()
        files.addFile("shared/common.yaml", Self.entry)
        files.addFile("team/ops.yaml", Self.other)
        files.addLink("policies/common.yaml", to: "../shared/common.yaml")
        files.addLink("policies/team", to: "/work/team")
        let policy = try await load(files)
        #expect(policy.files == ["policies/common.yaml", "policies/team/ops.yaml"])
    }

    @Test("a link back to a folder above it is a loop: reported, and the walk ends")
    func loopToAncestor() async throws {
        let files = InMemoryFileSystem()
        files.addFile("policies/a.yaml", Self.entry)
        files.addLink("policies/team/up", to: "..")
        #expect(
            try await errors(files) == [
                "policies/team/up: error: symbolic link loop: this leads back to \"policies\", a folder it is inside"
                    + "\nhint: each folder is read once; remove the link"
            ])
    }

    @Test("a link to a folder the policy folder is in is a loop, reported before anything above is read")
    func loopAboveRoot() async throws {
        let files = InMemoryFileSystem(currentDirectory: "/repo")
        files.addFile("/repo/accesspolicy.yaml", "tenant: sandbox\n")
        files.addFile("/repo/policies/a.yaml", Self.entry)
        files.addLink("/repo/policies/up", to: "..")
        files.addLink("/repo/policies/root", to: "/")
        #expect(
            try await errors(files) == [
                "policies/root: error: symbolic link loop: this leads to \"/\", a folder the policy folder is in"
                    + "\nhint: each folder is read once; remove the link",
                "policies/up: error: symbolic link loop: this leads to \"/repo\", a folder the policy folder is in"
                    + "\nhint: each folder is read once; remove the link",
            ])
    }

    @Test("links that point at each other are a loop of links")
    func loopOfLinks() async throws {
        let files = InMemoryFileSystem()
        files.addFile("policies/a.yaml", Self.entry)
        files.addLink("policies/x", to: "y")
        files.addLink("policies/y", to: "x")
        let found = try await errors(files)
        #expect(found.count == 2)
        #expect(found.allSatisfy { $0.contains("is part of a loop of links") })
    }

    @Test("a second way into a folder already read is an error, not a second reading")
    func folderTwice() async throws {
        let files = InMemoryFileSystem()
        files.addFile("policies/team/a.yaml", Self.entry)
        files.addLink("policies/alias", to: "team")
        #expect(
            try await errors(files) == [
                "policies/team: error: this is the same folder as \"policies/alias\" (one leads to the other through a "
                    + "symbolic link), which is read already"
                    + "\nhint: each folder is read once; remove the link"
            ])
    }

    @Test("a FIFO, socket or device is an error, never read (a FIFO would block the run)")
    func specialFile() async throws {
        let files = InMemoryFileSystem()
        files.addFile("policies/a.yaml", Self.entry)
        files.addSpecialFile("policies/pipe.yaml")
        #expect(
            try await errors(files) == [
                "policies/pipe.yaml: error: not a regular file or folder (a FIFO, socket or device)"
                    + "\nhint: move it out of the policy folder"
            ])
    }

    @Test("a policy folder that is missing, or a file, is an error")
    func notAFolder() async throws {
        let files = InMemoryFileSystem()
        files.addFile("policies", "x")
        #expect(try await errors(files).first?.hasPrefix("error: policy folder \"policies\" is not a folder") == true)
    }

    @Test("an empty policy set is an error unless it is meant")
    func empty() async throws {
        let none = InMemoryFileSystem()
        none.addFolder("policies")
        #expect(
            try await errors(none).first
                == "policies: error: no policy files (*.yaml, *.yml) in this folder\nhint: check the policy folder; "
                + "if an empty policy is meant, pass --allow-empty (or set allowEmptyPolicy: true in accesspolicy.yaml)"
        )
        let blank = InMemoryFileSystem()
        blank.addFile("policies/a.yaml", "# nothing yet\ncommonAccess: []\n")
        #expect(
            try await errors(blank).first?.contains("declare no commonAccess entries and no accessRequests") == true)
        let allowed = try await load(blank, allowEmpty: true)
        #expect(allowed.isEmpty)
    }

    @Test("an empty policy never combines with unmanaged: deny, even when allowed")
    func emptyWithDeny() async throws {
        let blank = InMemoryFileSystem()
        blank.addFile("policies/a.yaml", "commonAccess: []\n")
        let policy = try await load(blank, allowEmpty: true)
        #expect(throws: PolicyErrors.self) { try policy.checkUsable(unmanaged: .deny) }
        try policy.checkUsable(unmanaged: .report)
        let tenant = InMemoryTenant(items: [live("i1", .role, "2c9180835d2e5168015d32f890ca1581", .confirmed)])
        await #expect(throws: PolicyErrors.self) {
            try await Planner(tenant: tenant).plan(
                policy, options: .init(tenant: "t", apiVersion: .v2025, unmanaged: .deny))
        }
        #expect(await tenant.calls.isEmpty)
    }
}
