import YAMLTree

/// The repository's `accesspolicy.yaml` (DESIGN.md §2). Every key is optional; flags and the environment
/// override it. Credentials never live here.
public struct ToolConfig: Sendable, Hashable {
    /// Where the tenant is.
    public enum Tenant: Sendable, Hashable, CustomStringConvertible {
        /// The embedded simulated tenant, served on loopback by this process.
        case sandbox
        /// A tenant name: `https://NAME.api.identitynow.com`.
        case named(String)
        /// A full base URL (vanity domains, proxies, a sandbox started with `sandbox serve`).
        case url(String)

        public init(_ text: String) {
            if text == "sandbox" {
                self = .sandbox
            } else if text.contains("://") {
                self = .url(text.hasSuffix("/") ? String(text.dropLast()) : text)
            } else {
                self = .named(text)
            }
        }

        public var description: String {
            switch self {
            case .sandbox: "sandbox"
            case .named(let name): name
            case .url(let url): url
            }
        }
    }

    public static let fileName = "accesspolicy.yaml"
    static let keys = [
        "tenant", "apiVersion", "policies", "allowEmptyPolicy", "unmanaged", "protected", "guards", "concurrency",
        "batchSize", "requestsPer10s",
    ]
    /// The biggest config file read: a config is a screenful, so anything near this is not one.
    static let maxBytes = 1 << 20

    /// The file these settings came from, as the user would type it; nil when no file was used (defaults).
    public var file: String?
    /// SHA-256 of the file's bytes (nil without a file), so a saved plan can tell the config changed since.
    public var digest: String?
    public var tenant: Tenant?
    public var apiVersion: APIVersion = .v2025
    /// The policy directory, already joined to the config file's folder.
    public var policies: String = "policies"
    /// Accept a policy folder that declares nothing (never together with `unmanaged: deny`).
    public var allowEmptyPolicy = false
    public var unmanaged: UnmanagedMode = .ignore
    public var protected: [ProtectedItem] = []
    public var guards = Guards.defaults
    /// Most requests in flight at once.
    public var concurrency: Int?
    /// Most item ids in one update-status call.
    public var batchSize: Int?
    /// Client-side rate limit; SailPoint's gateway allows 100 per 10 s per client id. 0 turns the client's
    /// limiter off (for a sandbox or a tenant with a raised limit; a real tenant then answers 429s).
    public var requestsPer10s: Int?
    /// Things in the file worth a look that do not stop the run, e.g. a protected name with a trailing space.
    public var warnings: [Diagnostic] = []

    public init() {}

    /// Reads the config file at `path`, which must exist: a file named on the command line or in the
    /// environment that is missing would otherwise run with defaults (no protected items, other guards).
    /// - Throws: ``PolicyErrors`` with every problem in the file, or when it cannot be read.
    public static func load(path: String, fileSystem: any FileSystem) throws -> ToolConfig {
        let folder = PathText.folder(of: path)
        let bytes: [UInt8]
        do throws(FileSystemError) {
            bytes = try fileSystem.readFile(path, limit: maxBytes)
        } catch {
            throw PolicyErrors([Diagnostic(at: .path(path), "cannot read this config file: \(error.reasonText)")])
        }
        return try parse(bytes, file: path, folder: folder)
    }

    /// The settings of a run without a config file: every default, policies in `folder/policies`.
    public static func defaults(folder: String = ".") -> ToolConfig {
        var config = ToolConfig()
        config.policies = PathText.join(folder, config.policies)
        return config
    }

    /// Parses config text; `folder` is what relative paths in it are relative to.
    public static func parse(_ bytes: [UInt8], file: String, folder: String = "") throws -> ToolConfig {
        var diagnostics: [Diagnostic] = []
        var config = ToolConfig()
        config.file = file
        config.digest = SHA256.hex(bytes)
        let documents: [YAMLNode]
        do {
            documents = try YAMLParser.parse(bytes, file: file)
        } catch {
            throw PolicyErrors([Diagnostic(yamlError: error)])
        }
        for document in documents {
            if let scalar = document.scalar, scalar.isNull { continue }
            guard
                let fields = MappingReader(
                    document, what: "accesspolicy.yaml", allowed: keys, diagnostics: &diagnostics)
            else { continue }
            config.read(fields, diagnostics: &diagnostics)
        }
        config.policies = PathText.join(folder, config.policies)
        guard diagnostics.allSatisfy({ $0.severity == .warning }) else { throw PolicyErrors(diagnostics) }
        config.warnings = diagnostics
        return config
    }

    private mutating func read(_ fields: MappingReader, diagnostics: inout [Diagnostic]) {
        if let tenant = fields.string("tenant", diagnostics: &diagnostics) { self.tenant = Tenant(tenant.value) }
        if let version = fields.choice(
            "apiVersion", from: APIVersion.allCases.map(\.rawValue), noun: "apiVersion", diagnostics: &diagnostics)
        {
            apiVersion = APIVersion(rawValue: version.value) ?? .v2025
        }
        if let policies = fields.string("policies", diagnostics: &diagnostics) { self.policies = policies.value }
        if let allow = fields.boolean("allowEmptyPolicy", diagnostics: &diagnostics) { allowEmptyPolicy = allow }
        if let mode = fields.choice(
            "unmanaged", from: UnmanagedMode.allCases.map(\.rawValue), noun: "unmanaged mode",
            diagnostics: &diagnostics)
        {
            unmanaged = UnmanagedMode(rawValue: mode.value) ?? .ignore
        }
        for item in fields.list("protected", diagnostics: &diagnostics) ?? [] {
            if let entry = Self.protectedItem(item, diagnostics: &diagnostics) { protected.append(entry) }
        }
        if let node = fields.fields["guards"]?.value, !(node.scalar?.isNull ?? false),
            let guardFields = MappingReader(node, what: "guards", allowed: Guards.names, diagnostics: &diagnostics)
        {
            guards.read(guardFields, diagnostics: &diagnostics)
        }
        concurrency = fields.integer("concurrency", in: 1...128, diagnostics: &diagnostics)
        batchSize = fields.integer("batchSize", in: 1...10_000, diagnostics: &diagnostics)
        requestsPer10s = fields.integer("requestsPer10s", in: 0...1_000_000, diagnostics: &diagnostics)
    }

    private static func protectedItem(_ node: YAMLNode, diagnostics: inout [Diagnostic]) -> ProtectedItem? {
        let what = "a protected item"
        guard
            let fields = MappingReader(node, what: what, allowed: ["type", "id", "name"], diagnostics: &diagnostics)
        else { return nil }
        let errors = diagnostics.errorCount
        fields.requireAny(["type"], what: what, diagnostics: &diagnostics)
        fields.requireAny(["id", "name"], what: what, diagnostics: &diagnostics)
        let type = fields.choice(
            "type", from: AccessType.policyValues.map(\.rawValue), noun: "type", diagnostics: &diagnostics)
        let id = fields.accessID("id", diagnostics: &diagnostics)
        let name = fields.name("name", diagnostics: &diagnostics)
        guard diagnostics.errorCount == errors, let type else { return nil }
        return ProtectedItem(
            type: AccessType(rawValue: type.value), id: id?.value, name: name?.value, location: node.location)
    }
}
