import AccessPolicy
import AccessPolicyTestSupport
import Testing
import YAMLTree

@Suite("Finding and reading accesspolicy.yaml")
struct ConfigTests {
    func locate(_ files: InMemoryFileSystem, named: String? = nil) throws -> String? {
        try ConfigLocator(fileSystem: files).locate(named: named)
    }

    @Test("a config named with --config or ACCESSPOLICY_CONFIG must exist and be a file")
    func namedMustExist() throws {
        let files = InMemoryFileSystem()
        files.addFolder("configs")
        let missing = try #require(throws: PolicyErrors.self) {
            try ConfigLocator(fileSystem: files).locate(named: "accesspolicy.prod.yaml")
        }
        #expect(
            missing.diagnostics.first?.message
                == "the config file \"accesspolicy.prod.yaml\" named by --config does not exist")
        let fromEnvironment = try #require(throws: PolicyErrors.self) {
            try ConfigLocator(fileSystem: files).locate(
                named: "prod.yaml", source: .environment(variable: "ACCESSPOLICY_CONFIG"))
        }
        #expect(fromEnvironment.diagnostics.first?.message.contains("named by ACCESSPOLICY_CONFIG") == true)
        #expect(throws: PolicyErrors.self) { try locate(files, named: "configs") }
        files.addFile("configs/prod.yaml", "tenant: acme\n")
        #expect(try locate(files, named: "configs/prod.yaml") == "configs/prod.yaml")
    }

    @Test("the default is found in the working folder, or above it up to the repository root")
    func searchUpToRepositoryRoot() throws {
        let repository = InMemoryFileSystem(currentDirectory: "/home/me/repo/teams/iam")
        repository.addFolder("/home/me/repo/.git")
        #expect(try locate(repository) == nil)
        repository.addFile("/home/me/accesspolicy.yaml", "tenant: stray\n")
        #expect(try locate(repository) == nil, "a file above the repository root is never picked")
        repository.addFile("/home/me/repo/accesspolicy.yaml", "tenant: sandbox\n")
        #expect(try locate(repository) == "../../accesspolicy.yaml")
        repository.addFile("/home/me/repo/teams/iam/accesspolicy.yaml", "tenant: sandbox\n")
        #expect(try locate(repository) == "accesspolicy.yaml")
    }

    @Test("outside a git repository only the working folder is looked at")
    func noRepository() throws {
        let files = InMemoryFileSystem(currentDirectory: "/tmp/run")
        files.addFile("/tmp/accesspolicy.yaml", "tenant: stray\n")
        #expect(try locate(files) == nil)
        files.addFile("/tmp/run/accesspolicy.yaml", "tenant: sandbox\n")
        #expect(try locate(files) == "accesspolicy.yaml")
    }

    func parse(_ text: String) throws -> ToolConfig {
        try ToolConfig.parse(Array(text.utf8), file: "accesspolicy.yaml", folder: ".")
    }

    @Test("guards are on by default; each can be raised or turned off with off")
    func guardDefaults() throws {
        #expect(try parse("tenant: sandbox\n").guards == .defaults)
        #expect(Guards.defaults.maxDenied != nil && Guards.defaults.maxDeniedPercent != nil)
        let raised = try parse("guards: {maxDenied: 200, maxDeniedPercent: off}\n").guards
        #expect(raised.maxDenied == 200)
        #expect(raised.maxDeniedPercent == nil)
        #expect(raised.maxApproved == Guards.defaults.maxApproved)
        let quoted = try #require(throws: PolicyErrors.self) { try parse("guards: {maxDenied: \"off\"}\n") }
        #expect(quoted.diagnostics.first?.location == SourceLocation(file: "accesspolicy.yaml", line: 1, column: 21))
    }

    @Test("unknown keys, in the file and in guards, are located errors with a did-you-mean")
    func unknownKeys() throws {
        let errors = try #require(throws: PolicyErrors.self) {
            try parse("tenant: sandbox\nprotect:\n  - {type: ROLE, name: X}\nguards: {maxDenid: 3}\n")
        }
        #expect(
            errors.diagnostics.map(\.description) == [
                "accesspolicy.yaml:2:1: error: unknown key \"protect\" in accesspolicy.yaml\nhint: did you mean "
                    + "\"protected\"?",
                "accesspolicy.yaml:4:10: error: unknown key \"maxDenid\" in guards\nhint: did you mean \"maxDenied\"?",
            ])
    }

    @Test("protected entries are kept as written: a trailing space is a warning, an upper-case id an error")
    func protectedValues() throws {
        let config = try parse("protected:\n  - {type: ROLE, name: \"All Employees \"}\n")
        #expect(config.protected.first?.name == "All Employees ")
        #expect(config.warnings.first?.severity == .warning)
        #expect(config.warnings.first?.message.contains("leading or trailing whitespace") == true)
        let errors = try #require(throws: PolicyErrors.self) {
            try parse("protected:\n  - {type: ROLE, id: 2C9180835D2E5168015D32F890CA1581}\n")
        }
        #expect(
            errors.diagnostics.first?.hint
                == "did you mean 2c9180835d2e5168015d32f890ca1581? ISC writes ids in lower case")
    }

    @Test("the digest follows the bytes, so a saved plan notices a changed config")
    func digest() throws {
        #expect(try parse("tenant: sandbox\n").digest != parse("tenant: sandbox\n# edited\n").digest)
        #expect(try parse("tenant: sandbox\n").file == "accesspolicy.yaml")
        #expect(try parse("allowEmptyPolicy: true\n").allowEmptyPolicy)
    }

    @Test("a config that cannot be read is an error located at its path")
    func unreadable() throws {
        let files = InMemoryFileSystem()
        files.addFile("accesspolicy.yaml", "tenant: sandbox\n")
        files.deny("accesspolicy.yaml")
        let errors = try #require(throws: PolicyErrors.self) {
            try ToolConfig.load(path: "accesspolicy.yaml", fileSystem: files)
        }
        #expect(
            errors.diagnostics.map(\.description) == [
                "accesspolicy.yaml: error: cannot read this config file: permission denied"
            ])
    }
}

extension ConfigTests {
    @Test("a default config that is there but cannot be used stops the run instead of falling back")
    func brokenDefault() throws {
        for breakIt in [
            { (files: InMemoryFileSystem) in files.addLink("/r/sub/accesspolicy.yaml", to: "gone.yaml") },
            { (files: InMemoryFileSystem) in files.addFolder("/r/sub/accesspolicy.yaml") },
            { (files: InMemoryFileSystem) in
                files.addFile("/r/sub/accesspolicy.yaml", "tenant: sandbox\n")
                files.addLink("/r/sub/accesspolicy.yaml", to: "/r/sub/accesspolicy.yaml")
            },
        ] {
            let files = InMemoryFileSystem(currentDirectory: "/r/sub")
            files.addFolder("/r/.git")
            files.addFile("/r/accesspolicy.yaml", "tenant: sandbox\n")
            breakIt(files)
            let errors = try #require(throws: PolicyErrors.self) { try locate(files) }
            #expect(errors.diagnostics.first?.location == .path("accesspolicy.yaml"))
            #expect(errors.diagnostics.first?.message.hasPrefix("this config file cannot be used") == true)
        }
    }
}

extension ConfigTests {
    @Test("a config that is there but may not be read is still the config: reading it fails, nothing falls back")
    func unreadableIsNotAbsent() throws {
        let files = InMemoryFileSystem(currentDirectory: "/r/sub")
        files.addFolder("/r/.git")
        files.addFile("/r/accesspolicy.yaml", "tenant: sandbox\n")
        files.addLink("/r/sub/accesspolicy.yaml", to: "/locked/accesspolicy.yaml")
        files.addFile("/locked/accesspolicy.yaml", "tenant: prod\n")
        files.deny("/locked/accesspolicy.yaml")
        #expect(try locate(files) == "accesspolicy.yaml")
        #expect(throws: PolicyErrors.self) { try ToolConfig.load(path: "accesspolicy.yaml", fileSystem: files) }
    }
}
